/**
 * What GET /sim/wait answers beside the case's clock and the book's version when asked: the
 * security's book and its new time & sales, in the JSON of GET /securities/book and
 * /securities/tas, taken at the moment the wait answers. A feed on the virtual clock then makes one
 * request per change of its security instead of three (the wait, the book, the time & sales).
 */
import type { Account } from '../exchange/accounts';
import type { Exchange } from '../exchange/exchange';
import { RawJson, bookBody, tasAfter } from './api-v1';
import type { MarketPoint } from './server';

/** The reads a wait's answer carries (each only when asked for). */
export interface WaitReads {
  /** Include the book, as GET /securities/book?limit=N answers it. */
  bookLimit?: number;
  /** Include the time & sales after this id, as GET /securities/tas?after=ID answers it. */
  tasAfter?: number;
  /** The time & sales' `limit` (ticks back), as on GET /securities/tas. */
  tasLimit?: number;
}

export function waitAnswer(
  ex: Exchange,
  viewer: Account,
  ticker: string,
  point: MarketPoint,
  reads: WaitReads,
  bookCache: Map<string, [number, string]>,
): MarketPoint | RawJson {
  if (reads.bookLimit === undefined && reads.tasAfter === undefined) return point;
  const m = ex.meta(ticker);
  // The cached book text is spliced in as it is, not parsed and serialized again.
  let body = JSON.stringify(point).slice(0, -1);
  if (reads.bookLimit !== undefined) body += `,"book":${bookBody(ex, m, reads.bookLimit, viewer, bookCache)}`;
  if (reads.tasAfter !== undefined) body += `,"tas":${JSON.stringify(tasAfter(ex, m, reads.tasAfter, reads.tasLimit))}`;
  return new RawJson(`${body}}`);
}
