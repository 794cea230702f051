/** Result of walking one side of a book for a quantity. */
export interface BookWalk {
  /** Shares that the visible depth covers (≤ requested). */
  filled: number;
  /** Volume-weighted price of the covered shares; null when the side is empty. */
  vwap: number | null;
  /** Price of the last level touched; null when the side is empty. */
  worst: number | null;
  /**
   * VWAP for the whole request: shares beyond the visible depth are assumed to trade at the worst
   * level moved further away by the visible price range (the book "repeats" once) — a conservative
   * guess, since nothing is known about liquidity that is not shown.
   */
  vwapExtrapolated: number | null;
}

/**
 * Walk price levels (best first: bids descending for a sell, asks ascending for a buy).
 * `direction` is +1 when walking asks (prices get worse upwards) and −1 when walking bids.
 */
export function walkBook(
  levels: ReadonlyArray<readonly [number, number]>,
  quantity: number,
  direction: 1 | -1,
): BookWalk {
  let filled = 0;
  let notional = 0;
  let best: number | null = null;
  let worst: number | null = null;
  for (const [price, size] of levels) {
    if (filled >= quantity) break;
    if (!Number.isFinite(price) || !(size > 0)) continue;
    const take = Math.min(size, quantity - filled);
    filled += take;
    notional += take * price;
    best ??= price;
    worst = price;
  }
  if (filled === 0 || best === null || worst === null)
    return { filled: 0, vwap: null, worst: null, vwapExtrapolated: null };
  const vwap = notional / filled;
  const rest = quantity - filled;
  const range = Math.abs(worst - best);
  const restPrice = worst + direction * range;
  const vwapExtrapolated = (notional + rest * restPrice) / quantity;
  return { filled, vwap, worst, vwapExtrapolated };
}
