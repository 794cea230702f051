import { RitClient, type RitApi } from '@ritc/rit-client';
import { MarketDataError } from '../errors';

/** The part of the RIT API a feed worker uses. */
export type FeedRitApi = Pick<RitApi, 'getCase' | 'getBook' | 'getTas'> & { close?: () => Promise<void> };

/** What discovering the securities needs. */
export type SecuritiesApi = Pick<RitApi, 'getSecurities'>;

export interface FeedApiOptions {
  baseUrl: string;
  apiKey: string;
  timeoutMs?: number;
  connections?: number;
  /** Retries of a failed GET inside the client (RitClient only); the poller backs off by itself. */
  getRetries?: number;
}

/** The feed's client: a `RitClient` of its own (own undici pool), retrying a failed GET once; the poller backs off by itself. */
export function createFeedApi(o: FeedApiOptions): FeedRitApi & SecuritiesApi {
  return new RitClient({
    baseUrl: o.baseUrl,
    apiKey: o.apiKey,
    timeoutMs: o.timeoutMs,
    connections: o.connections ?? 2,
    getRetries: o.getRetries ?? 1,
  });
}

/**
 * The tickers to run a feed worker for: every security of `/securities` that can be traded
 * (RITC, BULL, BEAR, USD in the 2020 case; the base currency CAD is not tradeable).
 */
export async function fetchFeedTickers(api: SecuritiesApi): Promise<string[]> {
  // Read as unknown: the server's answer is checked here, entry by entry, not trusted to match its type.
  const secs: unknown = await api.getSecurities();
  if (!Array.isArray(secs)) throw new MarketDataError('MD_BAD_OPTION', '/securities did not answer a list');
  const tickers: string[] = [];
  for (const s of secs as unknown[]) {
    if (!s || typeof s !== 'object') continue;
    const { ticker, is_tradeable } = s as { ticker?: unknown; is_tradeable?: unknown };
    if (typeof ticker === 'string' && is_tradeable !== false) tickers.push(ticker);
  }
  return tickers;
}
