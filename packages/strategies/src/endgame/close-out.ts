/**
 * Whether to flatten a position with market orders in the last ticks, or leave it to the case's
 * close-out. In the 2020 case the close-out is free (stocks at their last price, the ETF at its basket
 * value (Σ stocks) / FX rate, no fee), while flattening pays the half-spread and the fee on every share.
 * What flattening buys is the removal of the price risk of the few ticks left. So flatten only when
 * that risk, priced at ½·γ·variance, exceeds the sure cost:
 *
 *   cost = |q|·(half-spread + fee)·fx;   risk = ½·γ·q²·(relative variance per tick)·price²·fx²·ticks left.
 *
 * When the close-out is not free (closeOutFree false), flatten always (the engine's former rule).
 */
import type { CloseOutParams } from '../params/close-out';

export interface CloseOutInput {
  /** Signed shares to flatten. */
  quantity: number;
  /** A price of the security (the mid), in its quote currency. */
  price: number;
  /** Half the bid–ask spread, quote currency. */
  halfSpread: number;
  /** Fee per share of a market order, quote currency. */
  fee: number;
  /** CAD per unit of the quote currency. */
  fx: number;
  ticksLeft: number;
}

export interface CloseOutDecision {
  flatten: boolean;
  costCad: number;
  riskCad: number;
  reason: string;
}

/** Flatten now, or hold to the free close-out (see the file comment). */
export function decideCloseOut(i: CloseOutInput, params: CloseOutParams): CloseOutDecision {
  const q = Math.abs(i.quantity);
  const costCad = q * (Math.max(0, i.halfSpread) + Math.max(0, i.fee)) * i.fx;
  const sd = i.price * i.fx;
  const riskCad =
    0.5 * params.riskAversion * q * q * params.relativeVariancePerTick * sd * sd * Math.max(0, i.ticksLeft);
  if (!params.closeOutFree) return { flatten: true, costCad, riskCad, reason: 'the close-out is not free' };
  if (!(costCad >= 0) || !(riskCad >= 0) || !Number.isFinite(costCad) || !Number.isFinite(riskCad))
    return { flatten: true, costCad, riskCad, reason: 'cost or risk not known: flatten' };
  const flatten = riskCad > costCad;
  return {
    flatten,
    costCad,
    riskCad,
    reason: flatten
      ? `risk ${riskCad.toFixed(0)} CAD > flattening cost ${costCad.toFixed(0)} CAD`
      : `held to the free close-out: flattening would cost ${costCad.toFixed(0)} CAD for ${riskCad.toFixed(0)} CAD of risk`,
  };
}
