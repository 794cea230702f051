import { MarketDataError } from '../errors';

/** Top of book and depth from one `/securities/book` answer. Prices NaN = absent side. */
export interface BookSummary {
  bid: number;
  ask: number;
  bidSize: number;
  askSize: number;
  mid: number;
  depthBid: number;
  depthAsk: number;
  bookImbalance: number;
  empty: boolean;
  oneSided: boolean;
  /** Orders skipped because their price or remaining size was unusable. */
  skipped: number;
}

const isFinitePositive = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;

/**
 * Summarises one side: best price, size resting at it (RIT lists individual orders, so same-price
 * orders are summed), and total shares within the polled depth. The book's sort order is not trusted.
 */
function side(
  orders: unknown,
  isBid: boolean,
  acc: { skipped: number },
): { best: number; bestSize: number; depth: number } {
  if (!Array.isArray(orders))
    throw new MarketDataError('MD_MALFORMED_BOOK', `${isBid ? 'bids' : 'asks'} is not an array`);
  let best = NaN;
  let bestSize = 0;
  let depth = 0;
  for (const o of orders as unknown[]) {
    const rec = o as { price?: unknown; quantity?: unknown; quantity_filled?: unknown } | null;
    const price = rec?.price;
    const qty = rec?.quantity;
    const filled =
      typeof rec?.quantity_filled === 'number' && Number.isFinite(rec.quantity_filled) ? rec.quantity_filled : 0;
    if (!isFinitePositive(price) || !isFinitePositive(qty)) {
      acc.skipped++;
      continue;
    }
    const remaining = qty - filled;
    if (!(remaining > 0)) {
      acc.skipped++;
      continue;
    }
    depth += remaining;
    if (Number.isNaN(best) || (isBid ? price > best : price < best)) {
      best = price;
      bestSize = remaining;
    } else if (price === best) bestSize += remaining;
  }
  return { best, bestSize, depth };
}

/**
 * Summarizes a /securities/book answer (a rit-client `Book`, read as unknown: it is checked here).
 * Throws MD_MALFORMED_BOOK when the payload is not a book at all; skips (and counts) bad orders.
 */
export function summarizeBook(book: unknown): BookSummary {
  if (!book || typeof book !== 'object') throw new MarketDataError('MD_MALFORMED_BOOK', 'book is not an object');
  const b = book as { bids?: unknown; asks?: unknown; bid?: unknown; ask?: unknown };
  const acc = { skipped: 0 };
  // The 1.0.0 swagger names the sides bid/ask; real servers answer bids/asks.
  const bids = side(b.bids ?? b.bid, true, acc);
  const asks = side(b.asks ?? b.ask, false, acc);
  const hasBid = !Number.isNaN(bids.best);
  const hasAsk = !Number.isNaN(asks.best);
  const total = bids.depth + asks.depth;
  return {
    bid: bids.best,
    ask: asks.best,
    bidSize: bids.bestSize,
    askSize: asks.bestSize,
    mid: hasBid && hasAsk ? (bids.best + asks.best) / 2 : NaN,
    depthBid: bids.depth,
    depthAsk: asks.depth,
    bookImbalance: total > 0 ? (bids.depth - asks.depth) / total : 0,
    empty: !hasBid && !hasAsk,
    oneSided: hasBid !== hasAsk,
    skipped: acc.skipped,
  };
}
