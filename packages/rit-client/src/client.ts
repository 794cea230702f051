/**
 * `RitClient`: the typed RIT REST client. Transport (one exchange) + validation (parsers) + policy:
 * - idempotent calls (GET, DELETE, POST /commands/cancel) retry on 5xx, 429 (after its wait),
 *   timeouts and network errors, with exponential backoff + jitter, `getRetries` times;
 * - POST /orders is paced per ticker and re-sent only after a 429 (`orderRetries` times), unless
 *   the caller paces and re-sends it itself (`postOrder(req, { pacing: 'caller' })`: sent at once,
 *   once); after a timeout or a connection lost once sent it rejects with
 *   OrderOutcomeUnknownError, never re-sent;
 * - other POSTs (tenders, leases) are never retried.
 */
import type { Dispatcher } from 'undici';
import type { CancelSelector, OrderPacing, PostOrderOptions, PostedOrder, RitApi } from './api';
import {
  InvalidArgumentError,
  MalformedResponseError,
  NetworkError,
  OrderOutcomeUnknownError,
  RateLimitedError,
  RejectedError,
  RitError,
  ServerError,
  TimeoutError,
  UnauthorizedError,
} from './errors';
import { type Clock, OrderPacer, realClock } from './pacing';
import * as P from './parsers';
import { makeRedactor, type Redactor } from './redact';
import { type BackoffPolicy, DEFAULT_BACKOFF, backoffMs, isRetryable, parseRetryAfter, parseWaitUntil } from './retry';
import { type ClientStats, StatsRecorder } from './stats';
import { type Query, type RawResponse, Transport, TransportFailure, buildQuery, header } from './transport';
import type {
  Asset,
  AssetHistory,
  Book,
  CancelResult,
  Case,
  Lease,
  Limit,
  News,
  Ohlc,
  Order,
  OrderAction,
  OrderRequest,
  OrderStatus,
  OrderType,
  Security,
  SuccessResult,
  Tas,
  Tender,
  TickerQuantity,
  Trader,
} from './types';
import { type Parser, parseBody, parseValue } from './validate';

export interface RitLogger {
  debug(msg: string, meta?: Record<string, unknown>): void;
  info(msg: string, meta?: Record<string, unknown>): void;
  warn(msg: string, meta?: Record<string, unknown>): void;
}

export interface RitClientOptions {
  /** e.g. `http://localhost:9999/v1`. */
  baseUrl: string;
  /** Sent in `X-API-Key`; never logged nor put in messages. */
  apiKey: string;
  /** Headers/body/connect timeout of one attempt, ms. Default 2000. */
  timeoutMs?: number;
  /** Keep-alive connections of the Pool. Default 2. */
  connections?: number;
  /** Retries of idempotent calls (GET, DELETE, cancel command). Default 2. */
  getRetries?: number;
  /** Re-sends of POST /orders after a 429 when the client paces it (see OrderPacing). Default 3. */
  orderRetries?: number;
  /** Backoff of idempotent retries. Default 25 ms doubling, capped at 1 s, equal jitter. */
  backoff?: BackoffPolicy;
  /** Longest pacing block accepted from a server hint, ms. Default 10000. */
  maxBlockMs?: number;
  logger?: RitLogger;
  /** Replaces the own undici Pool (tests: MockAgent). */
  dispatcher?: Dispatcher;
  /** Monotonic clock and sleep used for pacing and backoff (tests). */
  clock?: Clock;
}

type Method = 'GET' | 'POST' | 'DELETE';

interface Call<T> {
  method: Method;
  /** Route template for stats and `err.endpoint`, e.g. `/orders/{id}`. */
  route: string;
  path: string;
  query: Query;
  parse: Parser<T>;
  idempotent: boolean;
}

const noopLogger: RitLogger = { debug() {}, info() {}, warn() {} };

// Enum arguments are checked at run time too: JavaScript callers and configs are not held to the types.
const ORDER_STATUSES: ReadonlySet<string> = new Set<OrderStatus>(['OPEN', 'TRANSACTED', 'CANCELLED']);
const ORDER_TYPES: ReadonlySet<string> = new Set<OrderType>(['MARKET', 'LIMIT']);
const ORDER_ACTIONS: ReadonlySet<string> = new Set<OrderAction>(['BUY', 'SELL']);

/** GET answers read beforehand, by the GET's path and query under the base URL (`/orders?status=OPEN`). */
export interface PrefetchedReads {
  /** The answer's JSON for `read`, given once; undefined: none, the GET goes to the server. */
  take(read: string): { json: unknown } | undefined;
}

export class RitClient implements RitApi {
  private prefetched: PrefetchedReads | null = null;
  private readonly transport: Transport;
  private readonly redact: Redactor;
  private readonly pacer: OrderPacer;
  private readonly recorder = new StatsRecorder();
  private readonly log: RitLogger;
  private readonly clock: Clock;
  private readonly timeoutMs: number;
  private readonly getRetries: number;
  private readonly orderRetries: number;
  private readonly backoff: BackoffPolicy;

  constructor(opts: RitClientOptions) {
    if (typeof opts.apiKey !== 'string') throw new InvalidArgumentError('apiKey must be a string');
    this.redact = makeRedactor(opts.apiKey);
    let url: URL;
    try {
      url = new URL(opts.baseUrl);
    } catch {
      throw new InvalidArgumentError(`baseUrl is not a URL: ${this.redact(String(opts.baseUrl))}`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new InvalidArgumentError(`baseUrl must be http(s): ${this.redact(opts.baseUrl)}`);
    }
    this.timeoutMs = positive(opts.timeoutMs, 2_000, 'timeoutMs');
    this.getRetries = nonNegInt(opts.getRetries, 2, 'getRetries');
    this.orderRetries = nonNegInt(opts.orderRetries, 3, 'orderRetries');
    this.backoff = opts.backoff ?? DEFAULT_BACKOFF;
    this.clock = opts.clock ?? realClock;
    this.log = opts.logger ?? noopLogger;
    this.pacer = new OrderPacer(this.clock, { maxBlockMs: opts.maxBlockMs });
    this.transport = new Transport({
      baseUrl: opts.baseUrl,
      apiKey: opts.apiKey,
      timeoutMs: this.timeoutMs,
      connections: nonNegInt(opts.connections, 2, 'connections') || 1,
      dispatcher: opts.dispatcher,
    });
  }

  // ---- pacing and stats ----------------------------------------------------------------------

  /** Sets the order rate of `ticker` (orders/s); overrides what getSecurities() learns. */
  setOrderRate(ticker: string, perSec: number): void {
    this.pacer.setRate(ticker, perSec, 'manual');
  }

  /** Order rate in force for `ticker`, or null when unknown (unpaced except for server hints). */
  orderRate(ticker: string): number | null {
    return this.pacer.rate(ticker);
  }

  stats(): ClientStats {
    return this.recorder.snapshot();
  }

  // ---- endpoints -----------------------------------------------------------------------------

  async getCase(): Promise<Case> {
    return this.get('/case', '/case', {}, P.parseCase);
  }

  async getTrader(): Promise<Trader> {
    return this.get('/trader', '/trader', {}, P.parseTrader);
  }

  async getLimits(): Promise<Limit[]> {
    return this.get('/limits', '/limits', {}, P.parseLimits);
  }

  async getNews(params: { since?: number; after?: number; limit?: number } = {}): Promise<News[]> {
    return this.get(
      '/news',
      '/news',
      {
        since: optInt(params.since, 'since'),
        after: optInt(params.after, 'after'),
        limit: optInt(params.limit, 'limit'),
      },
      P.parseNewsList,
    );
  }

  async getAssets(ticker?: string): Promise<Asset[]> {
    return this.get('/assets', '/assets', { ticker: optTicker(ticker) }, P.parseAssets);
  }

  async getAssetHistory(params: { ticker?: string; period?: number; limit?: number } = {}): Promise<AssetHistory[]> {
    return this.get(
      '/assets/history',
      '/assets/history',
      {
        ticker: optTicker(params.ticker),
        period: optInt(params.period, 'period'),
        limit: optInt(params.limit, 'limit'),
      },
      P.parseAssetHistory,
    );
  }

  async getSecurities(ticker?: string): Promise<Security[]> {
    const list = await this.get('/securities', '/securities', { ticker: optTicker(ticker) }, P.parseSecurities);
    // Learn the per-ticker order rate so the engine need not wire it.
    for (const s of list)
      if (s.api_orders_per_second > 0) this.pacer.setRate(s.ticker, s.api_orders_per_second, 'auto');
    return list;
  }

  async getBook(ticker: string, limit?: number): Promise<Book> {
    return this.get(
      '/securities/book',
      '/securities/book',
      {
        ticker: reqTicker(ticker),
        limit: optInt(limit, 'limit'),
      },
      P.parseBook,
    );
  }

  async getHistory(ticker: string, params: { period?: number; limit?: number } = {}): Promise<Ohlc[]> {
    return this.get(
      '/securities/history',
      '/securities/history',
      {
        ticker: reqTicker(ticker),
        period: optInt(params.period, 'period'),
        limit: optInt(params.limit, 'limit'),
      },
      P.parseHistory,
    );
  }

  async getTas(ticker: string, params: { after?: number; period?: number; limit?: number } = {}): Promise<Tas[]> {
    return this.get(
      '/securities/tas',
      '/securities/tas',
      {
        ticker: reqTicker(ticker),
        after: optInt(params.after, 'after'),
        period: optInt(params.period, 'period'),
        limit: optInt(params.limit, 'limit'),
      },
      P.parseTasList,
    );
  }

  async getOrders(status?: OrderStatus): Promise<Order[]> {
    if (status !== undefined && !ORDER_STATUSES.has(status)) {
      throw new InvalidArgumentError(`status must be OPEN, TRANSACTED or CANCELLED, got ${String(status)}`);
    }
    return this.get('/orders', '/orders', { status }, P.parseOrders);
  }

  async getOrder(orderId: number): Promise<Order> {
    return this.get('/orders/{id}', `/orders/${reqId(orderId, 'orderId')}`, {}, P.parseOrder);
  }

  async deleteOrder(orderId: number): Promise<SuccessResult> {
    return this.guard(() =>
      this.call({
        method: 'DELETE',
        route: '/orders/{id}',
        path: `/orders/${reqId(orderId, 'orderId')}`,
        query: {},
        parse: P.parseSuccess,
        idempotent: true,
      }),
    );
  }

  /**
   * POST /commands/cancel with exactly one selector. Retried like a GET (cancelling twice is
   * harmless), so after a retry `cancelled_order_ids` may miss orders the lost attempt cancelled.
   */
  async cancelOrders(selector: CancelSelector): Promise<CancelResult> {
    return this.guard(() =>
      this.call({
        method: 'POST',
        route: '/commands/cancel',
        path: '/commands/cancel',
        query: cancelQuery(selector),
        parse: P.parseCancelResult,
        idempotent: true,
      }),
    );
  }

  async getTenders(): Promise<Tender[]> {
    return this.get('/tenders', '/tenders', {}, P.parseTenders);
  }

  /** Accepts a tender; `price` is needed for non-fixed bids (and by API 1.0.4 always: pass the fixed price). */
  async acceptTender(tenderId: number, price?: number): Promise<SuccessResult> {
    return this.guard(() =>
      this.call({
        method: 'POST',
        route: '/tenders/{id}',
        path: `/tenders/${reqId(tenderId, 'tenderId')}`,
        query: { price: optPrice(price) },
        parse: P.parseSuccess,
        idempotent: false,
      }),
    );
  }

  async declineTender(tenderId: number): Promise<SuccessResult> {
    return this.guard(() =>
      this.call({
        method: 'DELETE',
        route: '/tenders/{id}',
        path: `/tenders/${reqId(tenderId, 'tenderId')}`,
        query: {},
        parse: P.parseSuccess,
        idempotent: true,
      }),
    );
  }

  async getLeases(): Promise<Lease[]> {
    return this.get('/leases', '/leases', {}, P.parseLeases);
  }

  async getLease(leaseId: number): Promise<Lease> {
    return this.get('/leases/{id}', `/leases/${reqId(leaseId, 'leaseId')}`, {}, P.parseLease);
  }

  /** Leases asset `ticker`; `inputs` start a first conversion (sent as from1/quantity1, ...). */
  async lease(ticker: string, inputs: readonly TickerQuantity[] = []): Promise<Lease> {
    return this.guard(() =>
      this.call({
        method: 'POST',
        route: '/leases',
        path: '/leases',
        query: { ticker: reqTicker(ticker), ...inputsQuery(inputs) },
        parse: P.parseLease,
        idempotent: false,
      }),
    );
  }

  /** Runs one conversion on lease `leaseId` (e.g. BULL 10000, BEAR 10000, USD 1500 for ETF creation). */
  async useLease(leaseId: number, inputs: readonly TickerQuantity[]): Promise<Lease> {
    return this.guard(() => {
      if (inputs.length === 0) throw new InvalidArgumentError('useLease needs at least one input');
      return this.call({
        method: 'POST',
        route: '/leases/{id}',
        path: `/leases/${reqId(leaseId, 'leaseId')}`,
        query: inputsQuery(inputs),
        parse: P.parseLease,
        idempotent: false,
      });
    });
  }

  async deleteLease(leaseId: number): Promise<SuccessResult> {
    return this.guard(() =>
      this.call({
        method: 'DELETE',
        route: '/leases/{id}',
        path: `/leases/${reqId(leaseId, 'leaseId')}`,
        query: {},
        parse: P.parseSuccess,
        idempotent: true,
      }),
    );
  }

  async postOrder(req: OrderRequest, opts: PostOrderOptions = {}): Promise<PostedOrder> {
    return this.guard(() => this.sendOrder(req, orderPacing(opts.pacing)));
  }

  async close(): Promise<void> {
    await this.transport.close();
  }

  // ---- internals -----------------------------------------------------------------------------

  private get<T>(route: string, path: string, query: Query, parse: Parser<T>): Promise<T> {
    const pre = this.prefetched?.take(path + buildQuery(query));
    if (pre !== undefined)
      return this.guard(() => Promise.resolve().then(() => parseValue(`GET ${route}`, pre.json, parse)));
    return this.guard(() => this.call({ method: 'GET', route, path, query, parse, idempotent: true }));
  }

  /**
   * Answers some GETs from reads made beforehand (the simulator's batch of a tick on its virtual
   * clock), parsed as the server's own answer would be; null: every GET goes to the server.
   */
  setPrefetched(source: PrefetchedReads | null): void {
    this.prefetched = source;
  }

  /** Last line of defence for the key: every rejection passes through the redactor. */
  private async guard<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      // Causes come from undici or the server side; scrub the whole chain, stacks included.
      let cur: unknown = e;
      for (let depth = 0; cur instanceof Error && depth < 5; depth++, cur = cur.cause) {
        cur.message = this.redact(cur.message);
        if (cur.stack) cur.stack = this.redact(cur.stack);
      }
      throw e;
    }
  }

  private async call<T>(c: Call<T>): Promise<T> {
    const endpoint = `${c.method} ${c.route}`;
    const maxRetries = c.idempotent ? this.getRetries : 0;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.attempt(c, endpoint);
      } catch (e) {
        if (!(e instanceof RitError) || !isRetryable(e) || attempt >= maxRetries) {
          this.recorder.add(endpoint, 'errors');
          if (attempt > 0 && e instanceof RitError) e.message += ` (after ${attempt + 1} attempts)`;
          throw e;
        }
        let delay = backoffMs(attempt, this.backoff);
        if (e instanceof RateLimitedError && e.waitSec !== null) delay = Math.max(delay, e.waitSec * 1000);
        this.recorder.add(endpoint, 'retries');
        this.log.debug('rit-client: retrying', {
          endpoint,
          attempt: attempt + 1,
          delayMs: Math.round(delay),
          code: e.code,
        });
        await this.clock.sleep(delay);
      }
    }
  }

  /** One exchange: send, then map status/body to a value or a RitError. */
  private async attempt<T>(c: Call<T>, endpoint: string): Promise<T> {
    const label = `${c.method} ${c.path}`;
    this.recorder.add(endpoint, 'requests');
    let raw: RawResponse;
    try {
      raw = await this.transport.send(c.method, c.path, c.query);
    } catch (e) {
      throw this.failureError(e, label, endpoint);
    }
    if (raw.status >= 200 && raw.status < 300) {
      if (raw.bodyError) throw this.bodyError(raw.bodyError, raw, label, endpoint);
      return parseBody(label, raw.text, c.parse, raw.status);
    }
    throw this.statusError(raw, label, endpoint);
  }

  /**
   * POST /orders. With `pacing` 'client' it waits for the ticker's slot and re-sends after a 429;
   * with 'caller' the request leaves now (no await before the send) and a 429 rejects at once.
   */
  private async sendOrder(req: OrderRequest, pacing: OrderPacing): Promise<PostedOrder> {
    const query = orderQuery(req);
    const endpoint = 'POST /orders';
    const label = `POST /orders (${describeOrder(req)})`;
    const paced = pacing === 'client';
    for (let attempt = 0; ; attempt++) {
      if (paced) {
        const waited = await this.pacer.acquire(req.ticker);
        if (waited > 0) this.recorder.addPaced(waited);
      }
      this.recorder.add(endpoint, 'requests');
      if (attempt > 0) this.recorder.add(endpoint, 'retries');
      let raw: RawResponse;
      try {
        raw = await this.transport.send('POST', '/orders', query);
      } catch (e) {
        if (e instanceof TransportFailure && !e.maybeSent) {
          this.recorder.add(endpoint, 'errors');
          throw this.failureError(e, label, endpoint); // never left: nothing to reconcile
        }
        if (e instanceof TransportFailure && e.kind === 'timeout') this.recorder.add(endpoint, 'timeouts');
        throw this.orderUnknown(
          req,
          label,
          e instanceof TransportFailure && e.kind === 'timeout' ? 'timeout' : 'network',
          e,
        );
      }
      if (raw.status === 429) {
        const err = this.statusError(raw, label, endpoint);
        if (!(err instanceof RateLimitedError)) throw err; // statusError maps every 429 to one
        if (!paced) {
          // The caller waits and re-sends: one answer, one rejection, nothing held here.
          this.recorder.add(endpoint, 'errors');
          throw err;
        }
        const waitMs = err.waitSec !== null ? err.waitSec * 1000 : Math.max(this.pacer.intervalMs(req.ticker), 100);
        const applied = this.pacer.block(req.ticker, waitMs);
        if (attempt >= this.orderRetries) {
          this.recorder.add(endpoint, 'errors');
          err.message += ` (after ${attempt + 1} attempts)`;
          this.log.warn('rit-client: order rate limited, giving up', { ticker: req.ticker, attempts: attempt + 1 });
          throw err;
        }
        this.log.debug('rit-client: order rate limited, re-sending after wait', {
          ticker: req.ticker,
          waitMs: Math.round(applied),
        });
        continue;
      }
      if (raw.status < 200 || raw.status >= 300) {
        this.recorder.add(endpoint, 'errors');
        throw this.statusError(raw, label, endpoint);
      }
      // 200: the order exists (unless dry_run); from here an unreadable answer means "unknown".
      const waitUntilSec = parseWaitUntil(header(raw.headers, 'x-wait-until'));
      if (waitUntilSec !== null && paced) this.pacer.block(req.ticker, waitUntilSec * 1000);
      try {
        if (raw.bodyError) throw this.bodyError(raw.bodyError, raw, label, endpoint);
        const order = parseBody(label, raw.text, P.parseOrder, raw.status);
        return { order, waitUntilSec };
      } catch (e) {
        this.recorder.add(endpoint, 'errors');
        if (req.dry_run) throw e; // a dry run creates nothing
        throw this.orderUnknown(req, label, 'malformed', e);
      }
    }
  }

  private orderUnknown(
    req: OrderRequest,
    label: string,
    reason: 'timeout' | 'network' | 'malformed',
    cause: unknown,
  ): RitError {
    if (reason !== 'malformed') this.recorder.add('POST /orders', 'errors');
    const what =
      reason === 'timeout'
        ? `no answer within ${this.timeoutMs} ms`
        : reason === 'network'
          ? `connection lost after sending (${causeCode(cause)})`
          : `unreadable answer (${cause instanceof Error ? cause.message : 'unknown'})`;
    this.log.warn('rit-client: order outcome unknown', { ticker: req.ticker, reason });
    return new OrderOutcomeUnknownError(
      `${label}: ${what}; the order may exist, reconcile with GET /orders`,
      req,
      reason,
      { endpoint: 'POST /orders', cause },
    );
  }

  private failureError(e: unknown, label: string, endpoint: string): RitError {
    if (!(e instanceof TransportFailure)) {
      return new NetworkError(`${label}: ${e instanceof Error ? e.message : String(e)}`, { endpoint, cause: e });
    }
    if (e.kind === 'timeout') {
      this.recorder.add(endpoint, 'timeouts');
      return new TimeoutError(`${label}: no answer within ${this.timeoutMs} ms (${e.causeCode})`, {
        endpoint,
        cause: e.cause,
      });
    }
    return new NetworkError(`${label}: ${e.causeCode} (${errMessage(e.cause)})`, { endpoint, cause: e.cause });
  }

  private bodyError(f: TransportFailure, raw: RawResponse, label: string, endpoint: string): RitError {
    if (f.kind === 'timeout') {
      this.recorder.add(endpoint, 'timeouts');
      return new TimeoutError(`${label}: body not received within ${this.timeoutMs} ms`, {
        endpoint,
        status: raw.status,
        cause: f.cause,
      });
    }
    const len = header(raw.headers, 'content-length');
    return new MalformedResponseError(
      `${label}: truncated body (${f.causeCode}${len ? `, Content-Length ${len}` : ''})`,
      '',
      { endpoint, status: raw.status, cause: f.cause },
    );
  }

  private statusError(raw: RawResponse, label: string, endpoint: string): RitError {
    const body = P.readErrorBody(raw.text);
    const ritMessage = body.message === null ? null : this.redact(body.message);
    const detail = `HTTP ${raw.status}${body.code ? ` ${body.code}` : ''}${ritMessage ? `: ${ritMessage}` : ''}`;
    const opts = { endpoint, status: raw.status };
    if (raw.status === 401) return new UnauthorizedError(`${label}: ${detail} (check the API key)`, opts);
    if (raw.status === 429) {
      this.recorder.add(endpoint, 'rateLimited');
      const waitSec = parseRetryAfter(header(raw.headers, 'retry-after')) ?? body.wait;
      return new RateLimitedError(
        `${label}: ${detail}${waitSec !== null ? ` (wait ${waitSec} s)` : ''}`,
        waitSec,
        opts,
      );
    }
    if (raw.status >= 400 && raw.status < 500)
      return new RejectedError(`${label}: ${detail}`, body.code, ritMessage, opts);
    if (raw.status >= 500) return new ServerError(`${label}: ${detail}`, body.code, ritMessage, opts);
    return new MalformedResponseError(`${label}: unexpected HTTP status ${raw.status}`, '', opts);
  }
}

// ---- argument checks and query building (pure) -------------------------------------------------

function positive(v: number | undefined, dflt: number, name: string): number {
  if (v === undefined) return dflt;
  if (!Number.isFinite(v) || v <= 0) throw new InvalidArgumentError(`${name} must be a positive number, got ${v}`);
  return v;
}

function nonNegInt(v: number | undefined, dflt: number, name: string): number {
  if (v === undefined) return dflt;
  if (!Number.isInteger(v) || v < 0) throw new InvalidArgumentError(`${name} must be an integer >= 0, got ${v}`);
  return v;
}

/** Typed, but a JavaScript caller can pass anything: a misspelt mode must not mean 'client'. */
function orderPacing(p: unknown): OrderPacing {
  if (p === undefined) return 'client';
  if (p === 'client' || p === 'caller') return p;
  throw new InvalidArgumentError(
    `pacing must be 'client' or 'caller', got ${typeof p === 'string' ? JSON.stringify(p) : typeof p}`,
  );
}

function reqTicker(t: string): string {
  if (typeof t !== 'string' || t === '')
    throw new InvalidArgumentError(`ticker must be a non-empty string, got ${JSON.stringify(t)}`);
  return t;
}

function optTicker(t: string | undefined): string | undefined {
  return t === undefined ? undefined : reqTicker(t);
}

function reqId(v: number, name: string): number {
  if (!Number.isInteger(v) || v < 0) throw new InvalidArgumentError(`${name} must be an integer >= 0, got ${v}`);
  return v;
}

function optInt(v: number | undefined, name: string): number | undefined {
  return v === undefined ? undefined : reqId(v, name);
}

function optPrice(p: number | undefined): number | undefined {
  if (p === undefined) return undefined;
  if (!Number.isFinite(p) || p <= 0) throw new InvalidArgumentError(`price must be a finite number > 0, got ${p}`);
  return p;
}

function reqQuantity(q: number, name: string): number {
  if (!Number.isFinite(q) || q <= 0) throw new InvalidArgumentError(`${name} must be a finite number > 0, got ${q}`);
  return q;
}

export function orderQuery(req: OrderRequest): Query {
  reqTicker(req.ticker);
  if (!ORDER_TYPES.has(req.type))
    throw new InvalidArgumentError(`type must be MARKET or LIMIT, got ${String(req.type)}`);
  if (!ORDER_ACTIONS.has(req.action))
    throw new InvalidArgumentError(`action must be BUY or SELL, got ${String(req.action)}`);
  reqQuantity(req.quantity, 'quantity');
  if (req.type === 'LIMIT' && req.price === undefined) throw new InvalidArgumentError('a LIMIT order needs a price');
  if (req.dry_run && req.type !== 'MARKET')
    throw new InvalidArgumentError('dry_run is only supported on MARKET orders');
  return {
    ticker: req.ticker,
    type: req.type,
    quantity: req.quantity,
    action: req.action,
    // RIT ignores the price of MARKET orders; not sending it keeps the request unambiguous.
    price: req.type === 'LIMIT' ? optPrice(req.price) : undefined,
    dry_run: req.dry_run ? 1 : undefined,
  };
}

export function cancelQuery(sel: CancelSelector): Query {
  const keys = Object.keys(sel);
  if (keys.length !== 1)
    throw new InvalidArgumentError(
      `cancel selector needs exactly one of all/ticker/ids/query, got ${keys.join(',') || 'none'}`,
    );
  if ('all' in sel) {
    const all: unknown = sel.all; // typed `true`, but a JavaScript caller can pass anything
    if (all !== true) throw new InvalidArgumentError('cancel selector {all} must be true');
    return { all: 1 };
  }
  if ('ticker' in sel) return { ticker: reqTicker(sel.ticker) };
  if ('ids' in sel) {
    if (sel.ids.length === 0) throw new InvalidArgumentError('cancel selector {ids} is empty');
    return { ids: sel.ids.map((id) => reqId(id, 'ids[]')).join(',') };
  }
  if (typeof sel.query !== 'string' || sel.query === '')
    throw new InvalidArgumentError('cancel selector {query} must be a non-empty string');
  return { query: sel.query };
}

export function inputsQuery(inputs: readonly TickerQuantity[]): Record<string, string | number> {
  const q: Record<string, string | number> = {};
  inputs.forEach((inp, i) => {
    q[`from${i + 1}`] = reqTicker(inp.ticker);
    q[`quantity${i + 1}`] = reqQuantity(inp.quantity, `inputs[${i}].quantity`);
  });
  return q;
}

function describeOrder(r: OrderRequest): string {
  const px = r.type === 'LIMIT' ? ` @ ${r.price}` : '';
  return `${r.action} ${r.quantity} ${r.ticker} ${r.type}${px}${r.dry_run ? ' dry_run' : ''}`;
}

function causeCode(e: unknown): string {
  return e instanceof TransportFailure ? e.causeCode : 'unknown';
}

function errMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
