import type { Tender } from '@ritc/rit-client';
import { ceilToTick, floorToTick, roundToTick, tickSize } from '../util/grid';

/** A winner-take-all tender says so in its caption (the list shows no other difference from an auction). */
export function isWinnerTakeAll(t: Pick<Tender, 'caption'>): boolean {
  return /winner[\s-]*take[\s-]*all/i.test(t.caption);
}

export interface AuctionBidInput {
  /** +1 for a BUY tender (we would receive the shares), −1 for a SELL tender. */
  side: 1 | -1;
  /** Net price per share the unwind is expected to fetch, quote currency. */
  unwindNetPrice: number;
  minEdgePerShare: number;
  /** Our side's touch: the best bid for a BUY tender, the best ask for a SELL tender. */
  touch: number;
  quotedDecimals: number;
  /**
   * Shade the bid to maximise P(win)·edge (winner-take-all; an auction when params.auctionBid is
   * 'expectedEdge'), else bid the price that leaves exactly the minimum edge.
   */
  shade: boolean;
  /** The price to beat (the rival's bid, or an auction's reserve) as a discount from `touch`, uniform on [min, max]. */
  discountMin: number;
  discountMax: number;
}

export interface AuctionBid {
  price: number;
  /** Modelled probability that the bid wins (1 when it is not shaded: the price to beat is not modelled). */
  pWin: number;
  edgePerShare: number;
}

/**
 * P(win) of a winner-take-all bid at a discount d = s·(touch − price) from the touch: the rival's
 * discount x is uniform on [min, max] and we win when ours is smaller (a better price for the
 * institution), P = (max − d) / (max − min) clamped to [0, 1]. Uniform because all we know is a range:
 * the institution's reserve sits a few cents to a quarter from the touch and the rival improves on it
 * by up to about a dime, with nothing to say one discount in between is likelier than another.
 */
export function rivalWinProbability(discount: number, min: number, max: number): number {
  return Math.min(1, Math.max(0, (max - discount) / (max - min)));
}

/**
 * The price to bid on a competitive tender, or null when no price leaves the minimum edge.
 * - Not shaded: the best price for the institution that still leaves the minimum edge after the
 *   unwind — it clears the most reserves (an auction fills every bid at or better than its reserve).
 * - Shaded (winner-take-all, where only the best bid fills, must beat the rival): the grid price
 *   maximising P(win)·edge, from the price leaving the minimum edge outwards until P(win) is 0.
 */
export function chooseAuctionBid(i: AuctionBidInput): AuctionBid | null {
  const s = i.side;
  const fair = i.unwindNetPrice - s * i.minEdgePerShare;
  const best = s > 0 ? floorToTick(fair, i.quotedDecimals) : ceilToTick(fair, i.quotedDecimals);
  if (!(best > 0)) return null;
  const edge = (p: number): number => s * (i.unwindNetPrice - p);
  if (!i.shade) return { price: best, pWin: 1, edgePerShare: edge(best) };
  const step = tickSize(i.quotedDecimals);
  const pWin = (p: number): number => rivalWinProbability(s * (i.touch - p), i.discountMin, i.discountMax);
  let chosen: AuctionBid | null = null;
  // Far enough out that P(win) reaches 0; bounded so a bad input cannot loop long.
  for (let k = 0; k < 10_000; k++) {
    const p = roundToTick(best - s * k * step, i.quotedDecimals);
    if (!(p > 0)) break;
    const w = pWin(p);
    if (w <= 0) break;
    if (chosen === null || w * edge(p) > chosen.pWin * chosen.edgePerShare)
      chosen = { price: p, pWin: w, edgePerShare: edge(p) };
  }
  return chosen;
}
