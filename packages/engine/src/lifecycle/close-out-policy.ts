/**
 * The engine's end-of-case hook: per security and source, whether the last-ticks flatten should trade
 * a position or leave it to the case's free close-out. The decision itself is @ritc/strategies'
 * decideCloseOut (cost of crossing against the price risk of the ticks left); this only gathers its
 * inputs from the latest snapshots.
 */
import type { Snapshot } from '@ritc/market-data';
import { decideCloseOut, DEFAULT_CLOSE_OUT_PARAMS, type CloseOutDecision, type CloseOutParams } from '@ritc/strategies';
import type { EngineSecurity } from '../securities';

/** The two-sided touch of a snapshot, or null when a side is missing or crossed. */
function touchOf(s: Snapshot | null | undefined): { bid: number; ask: number } | null {
  const bid = s?.bid;
  const ask = s?.ask;
  if (bid == null || ask == null || !Number.isFinite(bid) || !Number.isFinite(ask) || !(bid > 0) || !(ask >= bid))
    return null;
  return { bid, ask };
}

export function closeOutDecision(
  sec: EngineSecurity,
  quantity: number,
  ticksLeft: number,
  snapshot: (ticker: string) => Snapshot | null | undefined,
  params: CloseOutParams = DEFAULT_CLOSE_OUT_PARAMS,
): CloseOutDecision {
  const s = touchOf(snapshot(sec.ticker));
  // The quote currency's CAD value: 1 for CAD itself (not a snapshot), else its mid.
  const fxTouch = sec.currency === '' || sec.currency === 'CAD' ? { bid: 1, ask: 1 } : touchOf(snapshot(sec.currency));
  if (s === null || fxTouch === null) {
    return { flatten: true, costCad: NaN, riskCad: NaN, reason: 'no usable book for the decision: flatten' };
  }
  return decideCloseOut(
    {
      quantity,
      price: (s.bid + s.ask) / 2,
      halfSpread: (s.ask - s.bid) / 2,
      fee: sec.tradingFee,
      fx: (fxTouch.bid + fxTouch.ask) / 2,
      ticksLeft,
    },
    params,
  );
}
