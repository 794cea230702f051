/**
 * One HTTP exchange with RIT over an undici Pool using `request()` (fetch measured 3-4x slower, with a
 * 3x worse p99, polling a 2 KB JSON book on localhost under Node 20). No retries, no status
 * interpretation: it returns the status, headers and the whole body text, or throws a
 * `TransportFailure` telling whether the request may have reached the server (which decides if a
 * POST /orders outcome is unknown).
 */
import { Pool, type Dispatcher } from 'undici';
import type { IncomingHttpHeaders } from 'node:http';
import { EventEmitter } from 'node:events';
import type { Duplex } from 'node:stream';

export type QueryValue = string | number | undefined;
export type Query = Readonly<Record<string, QueryValue>>;

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** Whole body as text; `''` when reading it failed (see `bodyError`). */
  text: string;
  /** Set when the body could not be read completely (connection closed early, body timeout). */
  bodyError: TransportFailure | null;
}

export type FailureKind = 'timeout' | 'network';

/** Internal: mapped to a public RitError by the client, which knows the endpoint and the method. */
export class TransportFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    /** False only when the request surely never left (connect refused/timed out, pool closed). */
    readonly maybeSent: boolean,
    /** Where it failed: before the response headers, or while reading the body. */
    readonly phase: 'headers' | 'body',
    readonly causeCode: string,
    options?: { cause?: unknown },
  ) {
    super(`${kind} (${causeCode})`, options);
  }
}

export interface TransportOptions {
  baseUrl: string;
  apiKey: string;
  /** Headers, body and connect timeout of one attempt, ms. */
  timeoutMs: number;
  connections: number;
  /** Use this dispatcher instead of an own Pool (tests: undici MockAgent). Not closed by `close()`. */
  dispatcher?: Dispatcher;
}

// Connection could not be established: the request bytes were never written.
const NOT_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_DESTROYED',
  'UND_ERR_CLOSED',
  'UND_ERR_INVALID_ARG',
]);
/** Our own per-attempt deadline firing (see Transport.send); `code` is what classify() reads. */
class DeadlineExpired extends Error {
  readonly code = 'RIT_DEADLINE';
  constructor(timeoutMs: number) {
    super(`per-attempt deadline of ${timeoutMs} ms expired`);
    this.name = 'DeadlineExpired';
  }
}
const TIMEOUTS = new Set([
  'RIT_DEADLINE',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'ETIMEDOUT',
]);

function errorCode(e: unknown): string {
  if (e !== null && typeof e === 'object') {
    const o = e as { code?: unknown; errors?: unknown };
    if (typeof o.code === 'string') return o.code;
    // Happy-eyeballs connects fail with an AggregateError whose members carry the codes.
    if (Array.isArray(o.errors) && o.errors.length > 0) return errorCode(o.errors[0]);
  }
  return 'UNKNOWN';
}

/**
 * `started` = undici handed the request to a socket (onRequestStart, called just before the
 * bytes are written). Before that, a failure (refused connect, or our deadline firing while the
 * request still queued behind a stalled one) means the server cannot have seen it.
 */
export function classify(e: unknown, phase: 'headers' | 'body', started = true): TransportFailure {
  const code = errorCode(e);
  const kind: FailureKind = TIMEOUTS.has(code) ? 'timeout' : 'network';
  const maybeSent = phase === 'body' || (started && !NOT_SENT.has(code));
  return new TransportFailure(kind, maybeSent, phase, code, { cause: e });
}

/**
 * A per-attempt abort signal for undici. undici takes an EventEmitter as well as an AbortSignal;
 * `new AbortController()` plus its listener bookkeeping cost ~12 µs per request here, against a
 * whole client overhead budget of ~20 µs over a bare round trip.
 */
class Deadline extends EventEmitter {
  aborted = false;
  /** undici handed the request to a socket before the deadline (see StartTracker). */
  started = false;
  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    this.emit('abort');
  }
}

/** Forwards every callback; records onRequestStart. */
class StartTracker implements Dispatcher.DispatchHandler {
  constructor(
    private readonly inner: Dispatcher.DispatchHandler,
    private readonly deadline: Deadline,
  ) {}
  onRequestStart(c: Dispatcher.DispatchController, context: unknown): void {
    // After our deadline, undici still "starts" a queued request only to abort it unsent.
    if (!this.deadline.aborted) this.deadline.started = true;
    this.inner.onRequestStart?.(c, context);
  }
  onRequestUpgrade(
    c: Dispatcher.DispatchController,
    status: number,
    headers: IncomingHttpHeaders,
    socket: Duplex,
  ): void {
    this.inner.onRequestUpgrade?.(c, status, headers, socket);
  }
  onResponseStart(c: Dispatcher.DispatchController, status: number, headers: IncomingHttpHeaders, msg?: string): void {
    this.inner.onResponseStart?.(c, status, headers, msg);
  }
  onResponseData(c: Dispatcher.DispatchController, chunk: Buffer): void {
    this.inner.onResponseData?.(c, chunk);
  }
  onResponseEnd(c: Dispatcher.DispatchController, trailers: IncomingHttpHeaders): void {
    this.inner.onResponseEnd?.(c, trailers);
  }
  onResponseError(c: Dispatcher.DispatchController, error: Error): void {
    this.inner.onResponseError?.(c, error);
  }
}

const trackStart: Dispatcher.DispatcherComposeInterceptor = (dispatch) => (opts, handler) => {
  // request() passes its options (signal included) through to dispatch; the type omits it.
  const signal = (opts as { signal?: unknown }).signal;
  return dispatch(opts, signal instanceof Deadline ? new StartTracker(handler, signal) : handler);
};

export function buildQuery(query: Query): string {
  let qs = '';
  for (const k of Object.keys(query)) {
    const v = query[k];
    if (v === undefined) continue;
    qs += `${qs === '' ? '?' : '&'}${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`;
  }
  return qs;
}

export class Transport {
  private readonly dispatcher: Dispatcher;
  private readonly tracked: Dispatcher;
  private readonly ownsDispatcher: boolean;
  private readonly basePath: string;
  private readonly headers: Record<string, string>;
  readonly origin: string;

  constructor(private readonly opts: TransportOptions) {
    const url = new URL(opts.baseUrl);
    this.origin = url.origin;
    this.basePath = url.pathname.replace(/\/+$/, '');
    this.headers = { 'x-api-key': opts.apiKey, accept: 'application/json' };
    if (opts.dispatcher) {
      this.dispatcher = opts.dispatcher;
      this.ownsDispatcher = false;
    } else {
      this.dispatcher = new Pool(this.origin, {
        connections: opts.connections,
        pipelining: 1, // POSTs are not idempotent, and pipelining gave no gain locally
        keepAliveTimeout: 30_000,
        headersTimeout: opts.timeoutMs,
        bodyTimeout: opts.timeoutMs,
        connect: { timeout: opts.timeoutMs },
      });
      this.ownsDispatcher = true;
    }
    this.tracked = this.dispatcher.compose(trackStart);
  }

  /** `/v1/securities/book?ticker=RITC` (never with the key: that goes in a header). */
  pathFor(path: string, query: Query): string {
    return this.basePath + path + buildQuery(query);
  }

  async send(method: 'GET' | 'POST' | 'DELETE', path: string, query: Query): Promise<RawResponse> {
    // Our own deadline over headers + body: undici's headers/body timeouts run on a coarse
    // (~1 s) timer wheel, far too late for sub-second deadlines. They stay as a backstop.
    const deadline = new Deadline();
    // undici reports an abort of a still-queued request only once a socket frees up; the race
    // makes the deadline exact, and `deadline.started` says whether the request had reached a socket by then.
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(new DeadlineExpired(this.opts.timeoutMs));
        deadline.abort();
      }, this.opts.timeoutMs);
    });
    expired.catch(() => {}); // observed by the race below; never an unhandled rejection
    try {
      let res: Dispatcher.ResponseData;
      // Start tracking only matters where a retry is unsafe; GETs skip its per-request cost (~5 µs).
      const dispatcher = method === 'GET' ? this.dispatcher : this.tracked;
      const pending = dispatcher.request({
        origin: this.origin,
        method,
        path: this.pathFor(path, query),
        headers: this.headers,
        headersTimeout: this.opts.timeoutMs,
        bodyTimeout: this.opts.timeoutMs,
        signal: deadline,
      });
      try {
        res = await Promise.race([pending, expired]);
      } catch (e) {
        pending.catch(() => {}); // the loser settles later; its body, if any, is destroyed by the abort
        throw classify(e, 'headers', method === 'GET' || deadline.started);
      }
      // Always consume the body, even of errors: an unread body keeps the socket busy.
      try {
        const text = await res.body.text();
        return { status: res.statusCode, headers: res.headers, text, bodyError: null };
      } catch (e) {
        const f = classify(deadline.aborted ? new DeadlineExpired(this.opts.timeoutMs) : e, 'body');
        return { status: res.statusCode, headers: res.headers, text: '', bodyError: f };
      }
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    if (this.ownsDispatcher) await this.dispatcher.close();
  }
}

export function header(h: IncomingHttpHeaders, name: string): string | undefined {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
}
