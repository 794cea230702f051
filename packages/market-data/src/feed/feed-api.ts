import type { RitApi } from '@ritc/rit-client';
import { Pool } from 'undici';
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

/** `http://host:port` or `http://host:port/v1` → origin and path prefix `/v1`. */
export function splitBaseUrl(baseUrl: string): { origin: string; prefix: string } {
  let u: URL;
  try { u = new URL(baseUrl); } catch { throw new MarketDataError('MD_BAD_OPTION', `baseUrl ${JSON.stringify(baseUrl)} is not a URL`); }
  const path = u.pathname.replace(/\/+$/, '');
  return { origin: u.origin, prefix: path.endsWith('/v1') ? path : `${path}/v1` };
}

/**
 * A minimal read-only RIT client for the feed (undici Pool + request, node-notes §5), used only while
 * @ritc/rit-client does not export `RitClient`. It validates nothing beyond "JSON with status 200";
 * the feed's own parsers check shapes.
 */
export class MiniFeedClient implements FeedRitApi, SecuritiesApi {
  private readonly pool: Pool;
  private readonly prefix: string;
  private readonly headers: Record<string, string>;
  private readonly timeoutMs: number;

  constructor(o: FeedApiOptions) {
    const { origin, prefix } = splitBaseUrl(o.baseUrl);
    this.prefix = prefix;
    this.timeoutMs = o.timeoutMs ?? 1000;
    this.headers = { 'x-api-key': o.apiKey, accept: 'application/json' };
    this.pool = new Pool(origin, {
      connections: o.connections ?? 2, pipelining: 1, keepAliveTimeout: 30_000,
      headersTimeout: this.timeoutMs, bodyTimeout: this.timeoutMs,
    });
  }

  private async get<T>(path: string, query: Record<string, string | number | undefined>, what: 'CASE' | 'BOOK' | 'TAS'): Promise<T> {
    const qs = Object.entries(query).filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join('&');
    const res = await this.pool.request({
      method: 'GET', path: `${this.prefix}${path}${qs ? `?${qs}` : ''}`, headers: this.headers,
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const text = await res.body.text();
    if (res.statusCode !== 200) {
      let code = '';
      try { code = String((JSON.parse(text) as { code?: unknown }).code ?? ''); } catch { /* not JSON */ }
      throw new MarketDataError('MD_HTTP', `GET ${path} answered ${res.statusCode}${code ? ` ${code}` : ''}`);
    }
    try { return JSON.parse(text) as T; } catch {
      throw new MarketDataError(`MD_MALFORMED_${what}`, `GET ${path} answered with invalid JSON`);
    }
  }

  getCase(): ReturnType<RitApi['getCase']> { return this.get('/case', {}, 'CASE'); }
  getSecurities(): ReturnType<RitApi['getSecurities']> { return this.get('/securities', {}, 'CASE'); }
  getBook(ticker: string, limit?: number): ReturnType<RitApi['getBook']> {
    return this.get('/securities/book', { ticker, limit }, 'BOOK');
  }
  getTas(ticker: string, p: { after?: number; period?: number; limit?: number } = {}): ReturnType<RitApi['getTas']> {
    return this.get('/securities/tas', { ticker, after: p.after, period: p.period, limit: p.limit }, 'TAS');
  }
  async close(): Promise<void> { await this.pool.close(); }
}

/** `new RitClient(...)` from @ritc/rit-client when it exists, else `MiniFeedClient`. */
export function createFeedApi(o: FeedApiOptions): { api: FeedRitApi & Partial<SecuritiesApi>; impl: 'RitClient' | 'MiniFeedClient' } {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const rc = require('@ritc/rit-client') as Record<string, unknown>;
    const Ctor = rc.RitClient as (new (opts: FeedApiOptions & { getRetries?: number }) => FeedRitApi) | undefined;
    if (typeof Ctor === 'function') {
      return { api: new Ctor({ baseUrl: o.baseUrl, apiKey: o.apiKey, timeoutMs: o.timeoutMs, connections: o.connections ?? 2, getRetries: o.getRetries ?? 1 }), impl: 'RitClient' };
    }
  } catch { /* not built yet */ }
  return { api: new MiniFeedClient(o), impl: 'MiniFeedClient' };
}

/**
 * The tickers to run a feed worker for: every security of `/securities` that can be traded
 * (RITC, BULL, BEAR, USD in the 2020 case; the base currency CAD is not tradeable).
 */
export async function fetchFeedTickers(api: SecuritiesApi): Promise<string[]> {
  const secs = await api.getSecurities();
  if (!Array.isArray(secs)) throw new MarketDataError('MD_BAD_OPTION', '/securities did not answer a list');
  return secs.filter((s) => s && typeof s.ticker === 'string' && s.is_tradeable !== false).map((s) => s.ticker);
}
