import type { Snapshot } from '@ritc/market-data';
import type { DepthView, SecurityInfo } from '../context';
import type { ArbitrageParams } from '../params/arbitrage';
import { walkBook } from '../util/depth';
import { isUsable, NO_FX, type TwoSided } from '../util/snapshot';
import type { SpreadCoefficients } from './model';

export interface LiveSpread {
  /** Spread on mids, CAD. */
  mid: number;
  /**
   * What SELLING one spread unit realises now (sell the ETF at its bid, sell the quote-currency proceeds
   * at the FX bid, buy each stock at its ask), in the reporting currency, before fees. Entry of a SHORT
   * spread / exit of a LONG one.
   */
  sellExec: number;
  /** What BUYING one unit costs now (ETF ask × FX ask − stock bids), CAD, before fees. */
  buyExec: number;
  /** Fees of one unit, one way (ETF fee converted at the FX mid + stock fees), CAD. */
  feesPerUnit: number;
  /** Executable prices used, per leg (for the report). */
  etfBid: number;
  etfAsk: number;
  fxBid: number;
  fxAsk: number;
  stockBid: number[];
  stockAsk: number[];
}

function vwapOr(
  levels: Array<[number, number]> | undefined,
  units: number,
  fallback: number,
  direction: 1 | -1,
): number {
  if (!levels || levels.length === 0 || units <= 0) return fallback;
  return walkBook(levels, units, direction).vwapExtrapolated ?? fallback;
}

/**
 * The live spread β·ETF·FX + α − Σ stocks on mids and on EXECUTABLE prices. With `units` and depth,
 * each leg's price is the VWAP of walking its book for that many shares (beyond the touch);
 * otherwise the touch. Null when a leg has no usable two-sided snapshot. `legs.fx` '' (an ETF quoted in
 * its basket's currency) converts at 1.
 */
export function getSpread(
  snapshots: Record<string, Snapshot>,
  coeff: SpreadCoefficients,
  opts: {
    legs: Pick<ArbitrageParams, 'etf' | 'stocks' | 'fx'>;
    securities?: Record<string, SecurityInfo>;
    depth?: Record<string, DepthView>;
    units?: number;
    nowMs?: number;
    maxAgeMs?: number;
  },
): LiveSpread | null {
  const legs = opts.legs;
  const nowMs = opts.nowMs ?? Number.NEGATIVE_INFINITY;
  const maxAge = opts.maxAgeMs ?? Number.POSITIVE_INFINITY;
  const usable = (t: string): TwoSided | null => {
    const s = snapshots[t];
    return isUsable(s, Number.isFinite(nowMs) ? nowMs : (s?.monoMs ?? 0), maxAge) ? s : null;
  };
  const etf = usable(legs.etf);
  // fx '': the ETF is quoted in its basket's currency, converted at 1 both ways.
  const fx = legs.fx === '' ? NO_FX : usable(legs.fx);
  if (!etf || !fx) return null;
  const stocks: Array<[string, TwoSided]> = [];
  for (const t of legs.stocks) {
    const s = usable(t);
    if (!s) return null;
    stocks.push([t, s]);
  }
  const units = opts.units ?? 0;
  const d = opts.depth ?? {};
  const etfBid = vwapOr(d[legs.etf]?.bids, units, etf.bid, -1);
  const etfAsk = vwapOr(d[legs.etf]?.asks, units, etf.ask, 1);
  const stockBid = stocks.map(([t, s]) => vwapOr(d[t]?.bids, units, s.bid, -1));
  const stockAsk = stocks.map(([t, s]) => vwapOr(d[t]?.asks, units, s.ask, 1));
  const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
  const fxMid = (fx.bid + fx.ask) / 2;
  const mid =
    coeff.beta * ((etf.bid + etf.ask) / 2) * fxMid + coeff.alpha - sum(stocks.map(([, s]) => (s.bid + s.ask) / 2));
  const fee = (t: string): number => opts.securities?.[t]?.tradingFee ?? 0.02;
  const feesPerUnit = fee(legs.etf) * fxMid + sum(legs.stocks.map(fee));
  return {
    mid,
    sellExec: coeff.beta * etfBid * fx.bid + coeff.alpha - sum(stockAsk),
    buyExec: coeff.beta * etfAsk * fx.ask + coeff.alpha - sum(stockBid),
    feesPerUnit,
    etfBid,
    etfAsk,
    fxBid: fx.bid,
    fxAsk: fx.ask,
    stockBid,
    stockAsk,
  };
}
