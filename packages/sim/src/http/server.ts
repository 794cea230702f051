/**
 * The HTTP server: node:http on 127.0.0.1 serving RIT's /v1 API and the /sim/ control surface,
 * with the case clock, authentication, rate limiting and fault injection.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { timingSafeEqual } from 'node:crypto';
import {
  configForCase,
  defaultConfig,
  mergeConfig,
  validateConfig,
  type DeepPartial,
  type FaultConfig,
  type SimClockMode,
  type SimConfig,
} from '../config';
import { orderRateClockMs } from '@ritc/rit-client';
import { Exchange } from '../exchange/exchange';
import { SimError } from '../errors';
import { TickClock, nowMs } from '../clock';
import { VirtualTickClock } from '../virtual-clock';
import { ChangeWaits } from './change-wait';
import { Rng } from '../rng';
import { Params } from './params';
import { RateLimiter } from './rate-limit';
import { LatencyRecorder } from './latency';
import { parseFaultSpec } from './faults';
import { buildApiRouter, RateLimitError, RawJson, type ApiCtx } from './api-v1';
import { buildControlRouter, type ControlCtx } from './control';
import { accountReport, heatReport } from './serialize';
import type { Account } from '../exchange/accounts';

export interface SimOptions {
  host?: string;
  /** 0 = an ephemeral port. Default 9999. */
  port?: number;
  apiKey?: string;
  seed?: number;
  /** Tick length in ms; 0 = manual clock. Default 1000. */
  tickMs?: number;
  /** Ticks per period (default 300). */
  ticks?: number;
  /** The case: a shipped case's name (see `sim --list-cases`) or a case file's path. Default ritc-2020-etf. */
  case?: string;
  /** Deep-partial overrides of the case's config (see config.ts / README). */
  scenario?: DeepPartial<SimConfig>;
  faults?: Partial<FaultConfig> | string;
  /** Start the clock at once (default true); otherwise the case waits PAUSED at tick 0 for resume(). */
  autoStart?: boolean;
  traderId?: string;
  /**
   * auto (ticks every tickMs), manual (POST /sim/advance only) or virtual (a tick ends when every
   * trader has POSTed /sim/ready for it, after at most tickMs and at least minTickMs).
   */
  clock?: SimClockMode;
  /** Virtual clock: the shortest a tick lasts, ms (default 2). */
  minTickMs?: number;
  /**
   * A heat of several traders in one market: each with its own API key and account (`NAME=KEY,...`
   * or a list). Replaces traderId/apiKey; the first trader is the one `account()` reports.
   */
  traders?: TraderSpec[] | string;
}

export interface TraderSpec {
  name: string;
  apiKey: string;
}

/** Parses `NAME=KEY,NAME=KEY` (names and keys non-empty, both unique). */
export function parseTraders(spec: string): TraderSpec[] {
  const out: TraderSpec[] = [];
  for (const item of spec.split(',')) {
    const eq = item.indexOf('=');
    const name = item.slice(0, eq).trim();
    const apiKey = item.slice(eq + 1).trim();
    if (eq <= 0 || name === '' || apiKey === '') throw new Error(`traders: '${item}' must look like NAME=KEY`);
    if (!/^[A-Za-z0-9_.-]{1,32}$/.test(name))
      throw new Error(`traders: name '${name}' must be 1-32 letters, digits, _ . -`);
    if (name === 'ANON' || name.startsWith('ANON-'))
      throw new Error(`traders: name '${name}' is reserved for other traders`);
    out.push({ name, apiKey });
  }
  if (new Set(out.map((t) => t.name)).size !== out.length) throw new Error('traders: names must be unique');
  if (new Set(out.map((t) => t.apiKey)).size !== out.length) throw new Error('traders: API keys must be unique');
  return out;
}

function resolveTraders(opts: SimOptions): TraderSpec[] | undefined {
  if (opts.traders === undefined) return undefined;
  const list =
    typeof opts.traders === 'string'
      ? parseTraders(opts.traders)
      : parseTraders(opts.traders.map((t) => `${t.name}=${t.apiKey}`).join(','));
  if (list.length === 0) throw new Error('traders: at least one');
  return list;
}

export interface SimStats {
  uptime_ms: number;
  tick: number;
  status: string;
  requests: Record<string, number>;
  responses: Record<string, number>;
  orders_accepted: number;
  orders_rejected: number;
  orders_cancelled: number;
  fills: number;
  trader_fills: number;
  agent_orders: number;
  rate_limited_429: number;
  injected_429: number;
  injected_500: number;
  dropped_connections: number;
  malformed_responses: number;
  internal_errors: number;
}

/** What GET /sim/wait answers: the case's clock and the book's version of one security. */
export interface MarketPoint {
  status: string;
  period: number;
  tick: number;
  /** Changes whenever the security's book does (an order added, filled or cancelled). */
  version: number;
}

/** The answer to POST /sim/ready. */
export interface ReadyAnswer {
  /** Whether the signal counted (virtual clock, case running, the current tick). */
  counted: boolean;
  tick: number;
  clock: SimClockMode;
  /** Virtual clock: the traders the current tick still waits for. */
  waitingFor: string[];
}

export interface SimServer {
  /** e.g. 'http://127.0.0.1:PORT/v1' */
  readonly url: string;
  readonly port: number;
  readonly apiKey: string;
  /** The in-process exchange (replaced by reset()). */
  readonly exchange: Exchange;
  pause(): void;
  resume(): void;
  /** Advances the case by n ticks now (works paused or with the manual clock); returns the tick. */
  advance(ticks: number): number;
  reset(seed?: number): void;
  stats(): SimStats;
  /** The /sim/account report of the trader. */
  account(): ReturnType<typeof accountReport>;
  /** Every trader's /sim/account report and the ranking by nlv (the heat's result). */
  heat(): HeatReport;
  waitForEnd(): Promise<void>;
  /** Calls `listener` each time a case ends (again after every reset); returns an unsubscribe. */
  onCaseEnd(listener: () => void): () => void;
  /** Calls `listener` after each reset (POST /sim/reset or reset()); returns an unsubscribe. */
  onReset(listener: () => void): () => void;
  close(): Promise<void>;
  /** A trader is done with `tick` (what POST /sim/ready does); the tick ends when all are (virtual clock). */
  ready(traderId: string, tick: number): ReadyAnswer;
  /** Virtual clock: how many ticks ended with every trader ready, and on the maximum wait; else null. */
  virtualClockCounts(): { onReady: number; onMaxWait: number } | null;
}

export interface HeatReport {
  tick: number;
  status: string;
  traders: ReturnType<typeof accountReport>[];
  /** Traders by nlv, best first; equal nlv (to the cent) shares a rank. */
  ranking: { rank: number; trader_id: string; nlv: number }[];
}

export const DEFAULT_API_KEY = 'RITSIM';
/** Largest request body drained (bodies are ignored: parameters travel in the query string). */
export const MAX_BODY_BYTES = 1_000_000;
export const DEFAULT_PORT = 9999;

export function resolveConfig(opts: SimOptions): SimConfig {
  let cfg = mergeConfig(opts.case === undefined ? defaultConfig() : configForCase(opts.case), opts.scenario);
  if (opts.seed !== undefined) cfg.seed = opts.seed;
  if (opts.tickMs !== undefined) cfg.tickMs = opts.tickMs;
  if (opts.ticks !== undefined) cfg.ticksPerPeriod = opts.ticks;
  if (opts.traderId !== undefined) cfg.traderId = opts.traderId;
  const traders = resolveTraders(opts);
  if (traders !== undefined) {
    const [first, ...rest] = traders;
    if (first !== undefined) cfg.traderId = first.name;
    cfg.extraTraders = rest.map((t) => t.name);
  }
  if (opts.clock !== undefined) cfg.clock = opts.clock;
  if (opts.minTickMs !== undefined) cfg.minTickMs = opts.minTickMs;
  if (cfg.tickMs <= 0) cfg.clock = 'manual';
  if (opts.faults !== undefined) {
    cfg = {
      ...cfg,
      faults:
        typeof opts.faults === 'string' ? parseFaultSpec(opts.faults, cfg.faults) : { ...cfg.faults, ...opts.faults },
    };
  }
  validateConfig(cfg);
  return cfg;
}

/** An error's stack (or message) for logs and 500 bodies; anything else thrown, as a string. */
function errorText(e: unknown, stack: boolean): string {
  if (e instanceof Error) return (stack ? e.stack : undefined) ?? e.message;
  return String(e);
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export class SimServerImpl implements SimServer {
  url = '';
  port = 0;
  readonly apiKey: string;
  /** API key -> trader id, for every trader of the heat. */
  private readonly keys: { buf: Buffer; traderId: string }[];
  private ex: Exchange;
  private clock: TickClock | VirtualTickClock;
  private readonly http: http.Server;
  private readonly apiRouter = buildApiRouter();
  private readonly controlRouter = buildControlRouter();
  readonly limiter = new RateLimiter();
  readonly latency = new LatencyRecorder();
  /** Serialized books, shared by GET /securities/book and GET /sim/wait. */
  readonly bookCache = new Map<string, [number, string]>();
  private readonly waits = new ChangeWaits();
  faults: FaultConfig;
  private faultRng: Rng;
  private endWaiters: (() => void)[] = [];
  private readonly endListeners = new Set<() => void>();
  private readonly resetListeners = new Set<() => void>();
  private readonly started = nowMs();
  private readonly counts = {
    requests: {} as Record<string, number>,
    responses: {} as Record<string, number>,
    rate429: 0,
    inj429: 0,
    inj500: 0,
    drops: 0,
    malformed: 0,
    internal: 0,
  };
  private closed = false;

  constructor(
    private cfg: SimConfig,
    private readonly autoStart: boolean,
    apiKey: string,
    traders?: TraderSpec[],
  ) {
    this.apiKey = traders?.[0]?.apiKey ?? apiKey;
    this.keys = (traders ?? [{ name: cfg.traderId, apiKey: this.apiKey }]).map((t) => ({
      buf: Buffer.from(t.apiKey),
      traderId: t.name,
    }));
    this.faults = { ...cfg.faults };
    this.faultRng = new Rng((cfg.seed ^ 0x5eed_fa17) >>> 0);
    this.ex = this.newExchange(cfg);
    this.clock = this.newClock();
    this.http = http.createServer((req, res) => this.onRequest(req, res));
    this.http.keepAliveTimeout = 30_000;
    this.http.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => this.onClientError(err, socket));
    this.http.on('connect', (_req: http.IncomingMessage, socket: Duplex) => {
      this.count(this.counts.requests, 'CONNECT (unknown)');
      this.writeRawError(socket, 405, 'METHOD_NOT_ALLOWED', 'CONNECT is not supported: this is a REST API server');
    });
  }

  /** Requests being answered on each socket: a parse error after them waits until they are written. */
  private readonly inFlight = new WeakMap<Socket | Duplex, { n: number; then?: () => void }>();

  /**
   * What Node's HTTP parser refuses (an unknown method, a malformed header, a request line or headers
   * over the size limit, garbage after a pipelined request) gets a JSON {code, message} of the right
   * status instead of a bare 400/431; a request already executed on that connection is answered first.
   */
  private onClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
    if (err.code === 'ECONNRESET' || !socket.writable) {
      // The client is gone: there is nobody to answer.
      socket.destroy();
      return;
    }
    let status = 400;
    let code: 'BAD_REQUEST' | 'METHOD_NOT_ALLOWED' | 'HEADERS_TOO_LARGE' | 'REQUEST_TIMEOUT' = 'BAD_REQUEST';
    let message = `Malformed HTTP request (${err.code ?? 'parse error'})`;
    if (err.code === 'HPE_HEADER_OVERFLOW') {
      status = 431;
      code = 'HEADERS_TOO_LARGE';
      message = 'Request line or headers too large (URL plus headers must stay under 16 KB)';
    } else if (err.code === 'HPE_INVALID_METHOD' && /^[A-Za-z-]{1,20} /.test(rawStart(err))) {
      status = 405;
      code = 'METHOD_NOT_ALLOWED';
      message = 'Unknown HTTP method (the API answers GET, POST and DELETE)';
    } else if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
      status = 408;
      code = 'REQUEST_TIMEOUT';
      message = 'Request not completed in time';
    } else if (err.code === 'HPE_INVALID_HEADER_TOKEN') {
      message = 'Malformed header (a header name may not contain spaces or separators)';
    }
    this.count(this.counts.requests, `(malformed ${status})`);
    const write = (): void => this.writeRawError(socket, status, code, message);
    const f = this.inFlight.get(socket);
    if (f && f.n > 0) f.then = write;
    else write();
  }

  /** A complete JSON error response written straight to a socket, which is then closed. */
  private writeRawError(socket: Duplex, status: number, code: string, message: string): void {
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    this.count(this.counts.responses, String(status));
    const body = JSON.stringify({ code, message });
    socket.end(
      `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? 'Error'}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }

  get exchange(): Exchange {
    return this.ex;
  }

  private newExchange(cfg: SimConfig): Exchange {
    const ex = new Exchange(cfg);
    if (!this.autoStart) ex.status = 'PAUSED';
    ex.events = {
      onTender: (id) => this.latency.posted('tender', id, ex.tenders.tickerOf(id), ex.tick),
      onShock: (id, ticker) => this.latency.posted('shock', id, ticker, ex.tick),
      onEnd: () => {
        this.clock.stop();
        const w = this.endWaiters;
        this.endWaiters = [];
        for (const f of w) f();
        for (const l of [...this.endListeners]) l();
      },
      onTick: (tick) => {
        const f = this.faults;
        if (f.pauseAtTick > 0 && tick === f.pauseAtTick && ex.status === 'ACTIVE') {
          this.pause();
          setTimeout(() => {
            if (this.ex === ex && ex.status === 'PAUSED') this.resume();
          }, f.pauseMs).unref();
        }
      },
    };
    return ex;
  }

  private newClock(): TickClock | VirtualTickClock {
    const step = (): void => {
      // A bug in the market model must not take the server down: count it and keep serving.
      try {
        this.ex.step();
        this.waits.check();
      } catch (e) {
        this.counts.internal++;
        if (this.counts.internal === 1) console.error(`sim: tick ${this.ex.tick} failed: ${errorText(e, true)}`);
      }
    };
    if (this.cfg.clock === 'virtual') {
      const traders = this.keys.map((k) => k.traderId);
      return new VirtualTickClock(
        { maxMs: this.cfg.tickMs, minMs: this.cfg.minTickMs, traders: () => traders, tick: () => this.ex.tick },
        step,
      );
    }
    return new TickClock(this.cfg.clock === 'manual' ? 0 : this.cfg.tickMs, step);
  }

  /**
   * A trader is done with `tick` (POST /sim/ready). Under the virtual clock the tick ends once every
   * trader is; under the other clocks the signal is accepted and changes nothing.
   */
  ready(traderId: string, tick: number): ReadyAnswer {
    const c = this.clock;
    const virtual = c instanceof VirtualTickClock;
    const counted = virtual && this.ex.status === 'ACTIVE' && c.markReady(traderId, tick);
    return { counted, tick: this.ex.tick, clock: this.cfg.clock, waitingFor: virtual ? c.waitingFor() : [] };
  }

  /**
   * GET /sim/wait: answers once the case's status, period or tick or the book of `ticker` differs
   * from `seen`, or after `timeoutMs`.
   */
  async waitForChange(ticker: string, seen: MarketPoint, timeoutMs: number): Promise<MarketPoint> {
    const point = (): MarketPoint => {
      const ex = this.ex;
      const book = ex.books[ex.meta(ticker).idx];
      return { status: ex.status, period: ex.period, tick: ex.tick, version: book ? book.version : -1 };
    };
    point(); // an unknown ticker fails here, not after the wait
    const differs = (): boolean => {
      const p = point();
      return p.status !== seen.status || p.period !== seen.period || p.tick !== seen.tick || p.version !== seen.version;
    };
    await this.waits.wait(differs, this.closed ? 0 : timeoutMs);
    return point();
  }

  /** Virtual clock: how many ticks ended with every trader ready, and on the maximum wait. */
  virtualClockCounts(): { onReady: number; onMaxWait: number } | null {
    return this.clock instanceof VirtualTickClock ? { ...this.clock.counts } : null;
  }

  async listen(host: string, port: number): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(port, host, () => {
        this.http.off('error', reject);
        resolve();
      });
    });
    this.port = (this.http.address() as AddressInfo).port;
    const h = host.includes(':') ? `[${host}]` : host;
    this.url = `http://${h}:${this.port}/v1`;
    if (this.autoStart) this.clock.start();
  }

  pause(): void {
    if (this.ex.status !== 'ACTIVE') return;
    this.ex.status = 'PAUSED';
    this.clock.stop();
    this.waits.check();
  }

  resume(): void {
    if (this.ex.status !== 'PAUSED') return;
    this.ex.status = 'ACTIVE';
    this.clock.start();
    this.waits.check();
  }

  advance(ticks: number): number {
    for (let i = 0; i < ticks && this.ex.status !== 'STOPPED'; i++) this.ex.step();
    this.waits.check();
    return this.ex.tick;
  }

  reset(seed?: number): void {
    this.clock.stop();
    const old = this.ex;
    this.cfg = { ...this.cfg, seed: seed ?? this.cfg.seed };
    this.faultRng = new Rng((this.cfg.seed ^ 0x5eed_fa17) >>> 0);
    this.ex = this.newExchange(this.cfg);
    old.events = {};
    this.limiter.reset();
    this.latency.clear();
    this.bookCache.clear();
    this.clock = this.newClock();
    if (this.autoStart) this.clock.start();
    this.waits.releaseAll();
    for (const l of [...this.resetListeners]) l();
  }

  onCaseEnd(listener: () => void): () => void {
    this.endListeners.add(listener);
    return () => this.endListeners.delete(listener);
  }

  onReset(listener: () => void): () => void {
    this.resetListeners.add(listener);
    return () => this.resetListeners.delete(listener);
  }

  heat(): HeatReport {
    return heatReport(this.ex);
  }

  stats(): SimStats {
    const c = this.ex.counters;
    return {
      uptime_ms: Math.round(nowMs() - this.started),
      tick: this.ex.tick,
      status: this.ex.status,
      requests: { ...this.counts.requests },
      responses: { ...this.counts.responses },
      orders_accepted: c.ordersAccepted,
      orders_rejected: c.ordersRejected,
      orders_cancelled: c.ordersCancelled,
      fills: c.fills,
      trader_fills: c.traderFills,
      agent_orders: c.agentOrders,
      rate_limited_429: this.counts.rate429,
      injected_429: this.counts.inj429,
      injected_500: this.counts.inj500,
      dropped_connections: this.counts.drops,
      malformed_responses: this.counts.malformed,
      internal_errors: this.counts.internal,
    };
  }

  account(): ReturnType<typeof accountReport> {
    const ex = this.ex;
    return accountReport(ex, ex.user, ex.converters.costUnits.get(ex.user.idx) ?? 0);
  }

  waitForEnd(): Promise<void> {
    if (this.ex.status === 'STOPPED') return Promise.resolve();
    return new Promise((resolve) => this.endWaiters.push(resolve));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.clock.stop();
    this.waits.releaseAll();
    const w = this.endWaiters;
    this.endWaiters = [];
    for (const f of w) f();
    await new Promise<void>((resolve) => {
      this.http.close(() => resolve());
      this.http.closeAllConnections();
    });
  }

  // ------------------------------------------------------------------ requests

  private onRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
    const arrivedMs = nowMs();
    const sock = req.socket;
    const f = this.inFlight.get(sock) ?? { n: 0 };
    this.inFlight.set(sock, f);
    f.n++;
    let settled = false;
    const settle = (): void => {
      if (settled) return;
      settled = true;
      f.n--;
      if (f.n === 0 && f.then) {
        const then = f.then;
        f.then = undefined;
        then();
      }
    };
    res.once('finish', settle);
    res.once('close', settle);
    // Parameters are query-string only (as in RIT); the body is drained and ignored, up to a limit:
    // a bigger body is answered 413 (JSON) before the connection is closed, never just dropped.
    const declared = Number(req.headers['content-length'] ?? 0);
    let size = 0;
    let tooLarge = declared > MAX_BODY_BYTES;
    const refuse = (): void => {
      this.count(this.counts.requests, `${req.method ?? '?'} (body too large)`);
      res.shouldKeepAlive = false;
      this.sendRaw(
        res,
        413,
        JSON.stringify({
          code: 'PAYLOAD_TOO_LARGE',
          message: `Request body over ${MAX_BODY_BYTES} bytes (the API takes its parameters in the query string)`,
        }),
        { Connection: 'close' },
      );
      res.once('finish', () => sock.destroy());
    };
    if (tooLarge) {
      refuse();
      return;
    }
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES && !tooLarge) {
        tooLarge = true;
        refuse();
      }
    });
    req.on('end', () => {
      if (tooLarge) return;
      this.handle(req, res, arrivedMs).catch((e: unknown) => {
        this.counts.internal++;
        this.send(res, 500, {
          code: 'INTERNAL_ERROR',
          message: `internal error: ${errorText(e, false)}`,
        });
      });
    });
    // A client that resets mid-request or mid-response is its own problem; the server keeps serving.
    req.on('error', () => undefined);
    res.on('error', () => undefined);
  }

  private count(map: Record<string, number>, key: string): void {
    map[key] = (map[key] ?? 0) + 1;
  }

  /** The trader whose API key the request carries (header X-API-Key or ?key=), or null. */
  private authorized(req: http.IncomingMessage, params: Params): Account | null {
    const h = req.headers['x-api-key'];
    const k = (Array.isArray(h) ? h[0] : h) ?? params.str('key');
    if (k === undefined) return null;
    const b = Buffer.from(k);
    let id: string | undefined;
    // Every key is compared (in constant time each), so the answer's timing does not tell which matched.
    for (const key of this.keys) if (b.length === key.buf.length && timingSafeEqual(b, key.buf)) id = key.traderId;
    if (id === undefined) return null;
    return this.ex.traders.find((a) => a.traderId === id) ?? null;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse, arrivedMs: number): Promise<void> {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      this.send(res, 400, { code: 'BAD_REQUEST', message: 'Malformed request URL' });
      return;
    }
    const method = (req.method ?? 'GET').toUpperCase();
    let path = url.pathname.replace(/\/+$/, '');
    let params: Params;
    try {
      params = new Params(url.searchParams);
    } catch {
      this.send(res, 400, { code: 'BAD_REQUEST', message: 'Malformed query string' });
      return;
    }
    const isApi = path === '/v1' || path.startsWith('/v1/');
    const isControl = path.startsWith('/sim/');
    if (!isApi && !isControl) {
      this.count(this.counts.requests, `${method} (unknown)`);
      this.send(res, 404, {
        code: 'NOT_FOUND',
        message: `No such endpoint: ${method} ${path.slice(0, 100)} (the API lives under /v1, the simulator controls under /sim/)`,
      });
      return;
    }
    const acct = this.authorized(req, params);
    if (acct === null) {
      this.count(this.counts.requests, `${method} (unauthorized)`);
      this.send(res, 401, {
        code: 'UNAUTHORIZED',
        message: 'Missing or wrong API key (header X-API-Key or query parameter key)',
      });
      return;
    }
    path = isApi ? path.slice(3) : path.slice(4);
    const router = isApi ? this.apiRouter : this.controlRouter;
    const found = router.find(method, path);
    if (!('route' in found)) {
      this.count(this.counts.requests, `${method} (unknown)`);
      if (found.methodMismatch)
        this.send(res, 405, {
          code: 'METHOD_NOT_ALLOWED',
          message: `${method} is not allowed on ${path.slice(0, 100)}`,
        });
      else
        this.send(res, 404, {
          code: 'NOT_FOUND',
          message: `No such endpoint: ${method} ${(isApi ? '/v1' : '/sim') + path.slice(0, 100)}`,
        });
      return;
    }
    const routeKey = `${method} ${isApi ? '/v1' : '/sim'}${found.route.pattern}`;
    this.count(this.counts.requests, routeKey);
    let malformed = false;
    if (isApi) {
      const f = this.faults;
      const rng = this.faultRng;
      if (f.dropProb > 0 && rng.chance(f.dropProb)) {
        this.counts.drops++;
        req.socket.destroy();
        return;
      }
      if (f.p500 > 0 && rng.chance(f.p500)) {
        this.counts.inj500++;
        this.send(res, 500, { code: 'INTERNAL_ERROR', message: 'Injected fault (simulator fault switch p500)' });
        return;
      }
      if (f.p429 > 0 && rng.chance(f.p429)) {
        this.counts.inj429++;
        this.sendRateLimited(res, 0.1, 'Injected fault (simulator fault switch p429)');
        return;
      }
      let delay = f.latencyMs;
      if (f.spikeProb > 0 && rng.chance(f.spikeProb)) delay += f.spikeMs;
      if (delay > 0) await sleep(delay);
      malformed = f.malformedProb > 0 && rng.chance(f.malformedProb);
    }
    try {
      let result: unknown;
      const headers: Record<string, string> = {};
      if (isApi) {
        const ctx = this.apiCtx(acct, params, arrivedMs, headers);
        result = (found.route.handler as (c: ApiCtx, a: string[]) => unknown)(ctx, found.args);
        // Orders and cancels change books mid-tick: the waiters on them answer now.
        if (method !== 'GET') this.waits.check();
      } else {
        result = (found.route.handler as (c: ControlCtx, a: string[]) => unknown)(
          { server: this, params, traderId: acct.traderId, acct, arrivedMs },
          found.args,
        );
        if (result instanceof Promise) result = await result;
      }
      let body = result instanceof RawJson ? result.body : JSON.stringify(result);
      if (malformed) {
        this.counts.malformed++;
        body = body.slice(0, Math.max(1, Math.floor(body.length / 2)));
      }
      this.sendRaw(res, 200, body, headers);
    } catch (e) {
      if (e instanceof RateLimitError) {
        this.counts.rate429++;
        this.sendRateLimited(res, e.waitS, e.message);
      } else if (e instanceof SimError) {
        this.send(res, e.status, { code: e.code, message: e.message });
      } else {
        this.counts.internal++;
        this.send(res, 500, {
          code: 'INTERNAL_ERROR',
          message: `internal error: ${errorText(e, false)}`,
        });
      }
    }
  }

  private apiCtx(acct: Account, params: Params, arrivedMs: number, headers: Record<string, string>): ApiCtx {
    return {
      ex: this.ex,
      acct,
      params,
      arrivedMs,
      rateMs: orderRateClockMs({
        wallMs: arrivedMs,
        tick: this.ex.tick,
        virtualTickMs: this.cfg.clock === 'virtual' ? this.cfg.tickMs : null,
      }),
      headers,
      limiter: this.limiter,
      latency: this.latency,
      bookCache: this.bookCache,
    };
  }

  /**
   * One /v1 GET answered as its own request would be (the JSON text and status), for GET
   * /sim/batch: `read` is its path under /v1 with its query, e.g. `/orders?status=OPEN`.
   */
  readApi(acct: Account, read: string, arrivedMs: number): { status: number; body: string } {
    let url: URL;
    try {
      url = new URL(read, 'http://localhost');
    } catch {
      return { status: 400, body: JSON.stringify({ code: 'BAD_REQUEST', message: 'Malformed read' }) };
    }
    const found = this.apiRouter.find('GET', url.pathname.replace(/\/+$/, ''));
    if (!('route' in found))
      return {
        status: 404,
        body: JSON.stringify({ code: 'NOT_FOUND', message: `No such endpoint: GET /v1${url.pathname.slice(0, 100)}` }),
      };
    try {
      const result: unknown = found.route.handler(
        this.apiCtx(acct, new Params(url.searchParams), arrivedMs, {}),
        found.args,
      );
      return { status: 200, body: result instanceof RawJson ? result.body : JSON.stringify(result) };
    } catch (e) {
      if (e instanceof SimError)
        return { status: e.status, body: JSON.stringify({ code: e.code, message: e.message }) };
      throw e;
    }
  }

  private sendRateLimited(res: http.ServerResponse, waitS: number, message: string): void {
    this.sendRaw(res, 429, JSON.stringify({ code: 'RATE_LIMIT_EXCEEDED', message, wait: waitS }), {
      'Retry-After': String(waitS),
    });
  }

  private send(res: http.ServerResponse, status: number, body: unknown): void {
    this.sendRaw(res, status, JSON.stringify(body), {});
  }

  private sendRaw(res: http.ServerResponse, status: number, body: string, headers: Record<string, string>): void {
    if (res.headersSent || res.destroyed) return;
    this.count(this.counts.responses, String(status));
    res.writeHead(status, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(body),
      ...headers,
    });
    res.end(body);
  }
}

/** The first bytes of what the parser refused (Node attaches them as rawPacket). */
function rawStart(err: NodeJS.ErrnoException): string {
  const { rawPacket, bytesParsed } = err as { rawPacket?: unknown; bytesParsed?: unknown };
  if (!Buffer.isBuffer(rawPacket)) return '';
  // bytesParsed is where the parser stopped; the refused request starts after the last blank line before it.
  const stop = typeof bytesParsed === 'number' ? bytesParsed : rawPacket.length;
  const text = rawPacket.toString('latin1');
  const from = text.lastIndexOf('\r\n\r\n', Math.max(0, stop - 1));
  const start = from < 0 || from + 4 > stop ? 0 : from + 4;
  return text.slice(start, start + 64);
}

/** Starts a simulator server (default 127.0.0.1:9999, key RITSIM, 1000 ms ticks). */
export async function startSimServer(opts: SimOptions = {}): Promise<SimServer> {
  const cfg = resolveConfig(opts);
  const server = new SimServerImpl(cfg, opts.autoStart ?? true, opts.apiKey ?? DEFAULT_API_KEY, resolveTraders(opts));
  await server.listen(opts.host ?? '127.0.0.1', opts.port ?? DEFAULT_PORT);
  return server;
}
