import { request } from 'undici';
import { MarketDataError } from '../errors';

/** The case's clock and one security's book version, as the simulator's GET /sim/wait answers them. */
export interface MarketPoint {
  status: string;
  period: number;
  tick: number;
  version: number;
}

/** Waits until the market differs from `seen` (or the wait's timeout), answering what it is now. */
export type WaitForChange = (seen: MarketPoint, timeoutMs: number) => Promise<MarketPoint>;

function validPoint(x: unknown): MarketPoint {
  const p = x as Partial<MarketPoint> | null;
  if (
    !p ||
    typeof p.status !== 'string' ||
    !Number.isInteger(p.period) ||
    !Number.isInteger(p.tick) ||
    !Number.isInteger(p.version)
  )
    throw new MarketDataError('MD_MALFORMED_CASE', 'wait answer lacks a status, period, tick or version');
  return p as MarketPoint;
}

/**
 * GET /sim/wait on the simulator whose API is at `baseUrl` (…/v1): a simulator extension that only
 * a run on its virtual clock uses; a real RIT has no such endpoint.
 */
export function simWaitForChange(baseUrl: string, apiKey: string, ticker: string): WaitForChange {
  const root = baseUrl.replace(/\/v1\/?$/, '');
  return async (seen, timeoutMs) => {
    const q = new URLSearchParams({
      ticker,
      status: seen.status,
      period: String(seen.period),
      tick: String(seen.tick),
      timeout: String(Math.round(timeoutMs)),
    });
    // No version yet (-1): the simulator's parameters take no sign, and any book differs from none.
    if (seen.version >= 0) q.set('version', String(seen.version));
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
