/**
 * What an unwind of a tender costs and how long it takes: the book levels it trades against, the walk
 * of its children, the OEH hiding volume that paces them, and the ticks the schedule needs.
 */

import type { Snapshot } from '@ritc/market-data';
import type { OrderAction } from '@ritc/rit-client';
import type { DepthView } from '../context';
import type { TenderParams } from '../params/tender';
import { computeOptimalVolume, normalQuantile } from '../quant';
import { computeMaxViableSpread } from '../market-making/spread';
import { walkBook } from '../util/depth';
import type { TwoSided } from '../util/snapshot';
import { buildUnwindSchedule } from './schedule';

/** Levels of the side our unwind trades against: a SELL hits bids, a BUY lifts asks. */
export function unwindLevels(
  depth: DepthView | undefined,
  snap: TwoSided,
  action: OrderAction,
): Array<[number, number]> {
  const d = action === 'SELL' ? depth?.bids : depth?.asks;
  if (d && d.length > 0) return d;
  return action === 'SELL' ? [[snap.bid, Math.max(snap.bidSize, 1)]] : [[snap.ask, Math.max(snap.askSize, 1)]];
}

/** VWAP for `qty` shares walking `levels` (shares beyond the visible depth extrapolated conservatively). */
export function walkVwap(levels: Array<[number, number]>, qty: number, action: OrderAction): number | null {
  return walkBook(levels, qty, action === 'SELL' ? -1 : 1).vwapExtrapolated;
}

/**
 * OEH hiding volume V* for an unwind of signed size `m` (the UNWIND order: sell < 0), from the
 * security's flow indicators: v_B = buy fraction of the flow (its direction, not VPIN),
 * σ per bucket of V_σ shares, S_S = max viable spread, z_λ = −Φ⁻¹(1 − λ) < 0. Null when an input is missing.
 */
export function computeHidingVolume(
  m: number,
  snapshot: Snapshot,
  params: Pick<TenderParams, 'leakage' | 'lambda' | 'riskAversion' | 'permanentImpact'>,
): number | null {
  if (!Number.isFinite(m) || m === 0) return null;
  const vB = snapshot.buyFraction ?? (snapshot.signedImbalance !== null ? (snapshot.signedImbalance + 1) / 2 : null);
  const sigma = snapshot.sigmaPerBucket;
  const volSigma = snapshot.bucketVolume;
  const S_S = computeMaxViableSpread(snapshot, params.riskAversion);
  if (
    vB === null ||
    !(vB >= 0 && vB <= 1) ||
    sigma === null ||
    !(sigma > 0) ||
    !(volSigma > 0) ||
    S_S === null ||
    !(S_S > 0)
  )
    return null;
  const zLambda = -normalQuantile(1 - params.lambda);
  try {
    const v = computeOptimalVolume(m, params.leakage, vB, sigma, volSigma, S_S, zLambda, params.permanentImpact);
    return Number.isFinite(v) && v > 0 ? v : null;
  } catch {
    return null; // inputs outside the model's domain: no hiding volume rather than a failed decision
  }
}

/**
 * Market volume (ours included) over which to spread an unwind of `quantity` shares: the OEH hiding
 * volume, but at least quantity / maxParticipation so that we never are more than that share of the
 * flow (the OEH optimum is often just |m| — trade it all at once — when the flow is balanced).
 * Null when the hiding volume is unknown and no participation cap applies.
 */
export function pacingVolume(
  quantity: number,
  hiding: number | null,
  params: Pick<TenderParams, 'maxParticipation'>,
): number | null {
  const floor = params.maxParticipation > 0 ? quantity / params.maxParticipation : 0;
  if (hiding === null) return floor > 0 ? floor : null;
  return Math.max(hiding, floor);
}

/**
 * The child schedule of an unwind of `quantity` shares and its expected execution cost per share: the
 * children either cross (half-spread + fee + the walk of the largest child through `levels` beyond the
 * touch) or rest at the touch (earning half-spread + rebate); `expectedPassiveShare` weighs the two.
 */
export function scheduleExecutionCost(
  quantity: number,
  snap: TwoSided,
  levels: Array<[number, number]>,
  sec: { tradingFee: number; limitOrderRebate: number; maxTradeSize: number },
  unwindAction: OrderAction,
  params: Pick<TenderParams, 'numLarge' | 'numSmallPerLarge' | 'largeToSmallRatio' | 'expectedPassiveShare'>,
): { children: number[]; execCost: number } {
  const children = buildUnwindSchedule(quantity, {
    numLarge: params.numLarge,
    numSmallPerLarge: params.numSmallPerLarge,
    largeToSmallRatio: params.largeToSmallRatio,
    maxChild: sec.maxTradeSize,
  });
  const dir = unwindAction === 'SELL' ? -1 : 1;
  const largest = children.reduce((a, b) => Math.max(a, b), 0);
  const touch = unwindAction === 'SELL' ? snap.bid : snap.ask;
  const childVwap = walkVwap(levels, largest, unwindAction) ?? touch;
  const childImpact = Math.max(0, dir * (childVwap - touch));
  const halfSpread = (snap.ask - snap.bid) / 2;
  const crossCost = halfSpread + sec.tradingFee + childImpact;
  const passiveGain = halfSpread + sec.limitOrderRebate;
  const execCost = (1 - params.expectedPassiveShare) * crossCost - params.expectedPassiveShare * passiveGain;
  return { children, execCost };
}

/**
 * Ticks an unwind of `quantity` shares needs: at our participation, pacing volume / market volume per
 * tick, and at least `ticksPerChild` per child (children go one at a time).
 */
export function unwindTicksNeeded(
  quantity: number,
  snap: Snapshot,
  nowTick: number,
  childCount: number,
  hiding: number | null,
  params: Pick<TenderParams, 'maxParticipation' | 'ticksPerChild'>,
): number {
  const ratePerTick = nowTick > 0 && snap.volume > 0 ? snap.volume / nowTick : null;
  const pace = pacingVolume(quantity, hiding, params);
  return Math.max(ratePerTick !== null && pace !== null ? pace / ratePerTick : 0, childCount * params.ticksPerChild);
}
