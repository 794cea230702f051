import { request } from 'undici';
import { MarketDataError } from '../errors';

/** The case's clock and one security's book version, as the simulator's GET /sim/wait answers them. */
export interface MarketPoint {
  status: string;
  period: number;
  tick: number;
  version: number;
}

/** The reads a wait's answer is asked to carry, with the parameters of the /v1 reads they replace. */
export interface WaitReads {
  /** The book's `limit` (GET /securities/book). */
  bookLimit: number;
  /** The time & sales' `after` and `limit` (GET /securities/tas). */
  tasAfter: number;
  tasLimit: number;
}

/**
 * A wait's answer: the market point and, when the reads were asked for, the book and the time &
 * sales as the simulator answered them, unparsed (the poller parses them as it would the reads).
 */
export interface MarketChange extends MarketPoint {
  book?: unknown;
  tas?: unknown;
}

/** Waits until the market differs from `seen` (or the wait's timeout), answering what it is now. */
export type WaitForChange = (seen: MarketPoint, timeoutMs: number, reads?: WaitReads) => Promise<MarketChange>;

function validPoint(x: unknown): MarketChange {
  const p = x as Partial<MarketChange> | null;
  if (
    !p ||
    typeof p.status !== 'string' ||
    !Number.isInteger(p.period) ||
    !Number.isInteger(p.tick) ||
    !Number.isInteger(p.version)
  )
    throw new MarketDataError('MD_MALFORMED_CASE', 'wait answer lacks a status, period, tick or version');
  return p as MarketChange;
}

/**
 * GET /sim/wait on the simulator whose API is at `baseUrl` (…/v1): a simulator extension that only
 * a run on its virtual clock uses; a real RIT has no such endpoint.
 */
export function simWaitForChange(baseUrl: string, apiKey: string, ticker: string): WaitForChange {
  const root = baseUrl.replace(/\/v1\/?$/, '');
  return async (seen, timeoutMs, reads) => {
    const q = new URLSearchParams({
      ticker,
      status: seen.status,
      period: String(seen.period),
      tick: String(seen.tick),
      timeout: String(Math.round(timeoutMs)),
    });
    // No version yet (-1): the simulator's parameters take no sign, and any book differs from none.
    if (seen.version >= 0) q.set('version', String(seen.version));
    // The answer then carries the book and the new prints: one request per change, not three.
    if (reads) {
      q.set('book_limit', String(reads.bookLimit));
      q.set('tas_after', String(reads.tasAfter));
      q.set('tas_limit', String(reads.tasLimit));
    }
    // undici's request, not fetch: a feed waits once per change of its security, and fetch cost
    // several times as much CPU per call (its timeout signal included). The wait's own timeout
    // answers it; the headers timeout is only the backstop for a simulator that never does.
    const res = await request(`${root}/sim/wait?${q.toString()}`, {
      headers: { 'x-api-key': apiKey },
      headersTimeout: timeoutMs + 1_000,
      bodyTimeout: timeoutMs + 1_000,
    });
    const body = await res.body.text();
    if (res.statusCode !== 200) throw new MarketDataError('MD_HTTP', `GET /sim/wait: HTTP ${res.statusCode}`);
    return validPoint(JSON.parse(body));
  };
}
