/**
 * Every error the client rejects with. Each class carries a stable `code` (undici style: match on
 * `err.code`, not on the message, which may change). Messages never contain the API key: the
 * client builds them from redacted parts only (see redact.ts).
 */
import type { OrderRequest } from './types';

export const ErrorCodes = {
  UNAUTHORIZED: 'RIT_ERR_UNAUTHORIZED',
  RATE_LIMITED: 'RIT_ERR_RATE_LIMITED',
  REJECTED: 'RIT_ERR_REJECTED',
  SERVER: 'RIT_ERR_SERVER',
  TIMEOUT: 'RIT_ERR_TIMEOUT',
  NETWORK: 'RIT_ERR_NETWORK',
  MALFORMED: 'RIT_ERR_MALFORMED',
  ORDER_UNKNOWN: 'RIT_ERR_ORDER_UNKNOWN',
  INVALID_ARG: 'RIT_ERR_INVALID_ARG',
} as const;
export type RitErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

export interface RitErrorOptions {
  /** Route of the failed call, e.g. `GET /securities/book` (ids shown as `{id}`). */
  endpoint?: string;
  /** HTTP status, when an answer arrived. */
  status?: number;
  cause?: unknown;
}

export class RitError extends Error {
  readonly code: RitErrorCode;
  readonly endpoint: string | undefined;
  readonly status: number | undefined;

  constructor(code: RitErrorCode, message: string, opts: RitErrorOptions = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = new.target.name;
    this.code = code;
    this.endpoint = opts.endpoint;
    this.status = opts.status;
  }
}

/** HTTP 401: missing or wrong API key. Never retried. */
export class UnauthorizedError extends RitError {
  constructor(message: string, opts: RitErrorOptions = {}) {
    super(ErrorCodes.UNAUTHORIZED, message, { status: 401, ...opts });
  }
}

/** HTTP 429 after the bounded retries were used up. */
export class RateLimitedError extends RitError {
  /** Seconds RIT asked us to wait (`Retry-After`, else body `wait`); null when it gave none. */
  readonly waitSec: number | null;
  constructor(message: string, waitSec: number | null, opts: RitErrorOptions = {}) {
    super(ErrorCodes.RATE_LIMITED, message, { status: 429, ...opts });
    this.waitSec = waitSec;
  }
}

/** Any other 4xx: RIT refused the request (bad order, over limits, case not active...). */
export class RejectedError extends RitError {
  /** RIT's own error code from the body, e.g. `BAD_REQUEST`; null if the body had none. */
  readonly ritCode: string | null;
  /** RIT's message from the body (redacted); null if none. */
  readonly ritMessage: string | null;
  constructor(message: string, ritCode: string | null, ritMessage: string | null, opts: RitErrorOptions = {}) {
    super(ErrorCodes.REJECTED, message, opts);
    this.ritCode = ritCode;
    this.ritMessage = ritMessage;
  }
}

/** HTTP 5xx (after retries, for idempotent calls). */
export class ServerError extends RitError {
  readonly ritCode: string | null;
  readonly ritMessage: string | null;
  constructor(message: string, ritCode: string | null, ritMessage: string | null, opts: RitErrorOptions = {}) {
    super(ErrorCodes.SERVER, message, opts);
    this.ritCode = ritCode;
    this.ritMessage = ritMessage;
  }
}

/** No (complete) answer within the configured time, after retries for idempotent calls. */
export class TimeoutError extends RitError {
  constructor(message: string, opts: RitErrorOptions = {}) {
    super(ErrorCodes.TIMEOUT, message, opts);
  }
}

/** Connection refused / reset / closed, after retries for idempotent calls. */
export class NetworkError extends RitError {
  constructor(message: string, opts: RitErrorOptions = {}) {
    super(ErrorCodes.NETWORK, message, opts);
  }
}

/** The answer could not be read as the documented shape: invalid JSON, truncated body, bad field. */
export class MalformedResponseError extends RitError {
  /** Path of the offending field, e.g. `bids[3].price`; `''` for the whole body. */
  readonly fieldPath: string;
  constructor(message: string, fieldPath: string, opts: RitErrorOptions = {}) {
    super(ErrorCodes.MALFORMED, message, opts);
    this.fieldPath = fieldPath;
  }
}

export type OrderUnknownReason = 'timeout' | 'network' | 'malformed';

/**
 * `POST /orders` was sent but no usable answer came back (timeout, connection dropped after
 * sending, or a 200 whose body could not be read). The order may exist: it is never re-sent;
 * reconcile with `GET /orders` using `request` (ticker, side, size, price).
 */
export class OrderOutcomeUnknownError extends RitError {
  readonly request: Readonly<OrderRequest>;
  readonly reason: OrderUnknownReason;
  constructor(message: string, request: OrderRequest, reason: OrderUnknownReason, opts: RitErrorOptions = {}) {
    super(ErrorCodes.ORDER_UNKNOWN, message, opts);
    this.request = Object.freeze({ ...request });
    this.reason = reason;
  }
}

/** Caught locally before sending: NaN price, non-integer quantity, LIMIT without price, ... */
export class InvalidArgumentError extends RitError {
  constructor(message: string, opts: RitErrorOptions = {}) {
    super(ErrorCodes.INVALID_ARG, message, opts);
  }
}

export function isRitError(e: unknown): e is RitError {
  return e instanceof RitError;
}
