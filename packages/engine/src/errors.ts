/** Engine errors carry a stable `code` (ENGINE_ERR_*), like rit-client's RIT_ERR_*. */
export type EngineErrorCode =
  | 'ENGINE_ERR_NOT_STARTED'
  | 'ENGINE_ERR_ALREADY_STARTED'
  | 'ENGINE_ERR_UNKNOWN_TICKER'
  | 'ENGINE_ERR_BAD_ORDER'
  | 'ENGINE_ERR_SHUTDOWN';

export class EngineError extends Error {
  constructor(
    readonly code: EngineErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

/** The rit-client error codes the engine reacts to (matched by `code`, not class, so fakes work). */
export type RitErrorCode =
  | 'RIT_ERR_UNAUTHORIZED'
  | 'RIT_ERR_RATE_LIMITED'
  | 'RIT_ERR_REJECTED'
  | 'RIT_ERR_SERVER'
  | 'RIT_ERR_TIMEOUT'
  | 'RIT_ERR_NETWORK'
  | 'RIT_ERR_MALFORMED'
  | 'RIT_ERR_ORDER_UNKNOWN';

export function errorCode(err: unknown): string | undefined {
  if (err && typeof err === 'object' && 'code' in err && typeof err.code === 'string') return err.code;
  return undefined;
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

/** Seconds to wait from a rate-limit error (`waitSec`, `wait` or `retryAfterSec`), if it says. */
export function errorWaitSec(err: unknown): number | null {
  if (!err || typeof err !== 'object') return null;
  const e = err as Record<string, unknown>;
  for (const k of ['waitSec', 'wait', 'retryAfterSec']) {
    const v = e[k];
    if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return v;
  }
  return null;
}

/**
 * What a failed POST /orders means for the order.
 * - 'rejected': the exchange refused it (or we never got past auth): it does not exist.
 * - 'retry':    a 429: not accepted, may be queued again (the only case an order is re-sent).
 * - 'unknown':  it may exist (timeout, 5xx, broken response, socket error after sending): it is never
 *               re-sent and is reconciled against GET /orders.
 */
export function classifyPostError(err: unknown): 'rejected' | 'retry' | 'unknown' {
  switch (errorCode(err)) {
    case 'RIT_ERR_RATE_LIMITED':
      return 'retry';
    case 'RIT_ERR_REJECTED':
    case 'RIT_ERR_UNAUTHORIZED':
      return 'rejected';
    default:
      return 'unknown';
  }
}
