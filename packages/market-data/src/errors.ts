/**
 * The one error type of @ritc/market-data. `code` is stable (tests and the coordinator switch on it);
 * comlink keeps `name` and `message` across threads but drops custom properties, so the code is also
 * the prefix of the message.
 */
export type MarketDataErrorCode =
  | 'MD_BAD_POLL_DELAY'
  | 'MD_BAD_OPTION'
  | 'MD_BAD_SLOT'
  | 'MD_SLOT_BUSY'
  | 'MD_MALFORMED_BOOK'
  | 'MD_MALFORMED_TAS'
  | 'MD_MALFORMED_CASE'
  | 'MD_HTTP'
  | 'MD_TIMEOUT'
  | 'MD_WORKER_CRASHED'
  | 'MD_WORKER_STOPPED';

export class MarketDataError extends Error {
  override readonly name = 'MarketDataError';
  constructor(
    readonly code: MarketDataErrorCode,
    detail: string,
  ) {
    super(`${code}: ${detail}`);
  }
}

/** The code of any error, ours or another package's (`code` property or `CODE:` message prefix). */
export function errorCode(err: unknown): string {
  if (err && typeof err === 'object') {
    const c = (err as { code?: unknown }).code;
    if (typeof c === 'string' && c.length > 0) return c;
    const name = (err as { name?: unknown }).name;
    if (name === 'TimeoutError' || name === 'AbortError') return 'MD_TIMEOUT';
    const message = (err as { message?: unknown }).message;
    const prefix = typeof message === 'string' ? /^([A-Z][A-Z0-9_]+):/.exec(message)?.[1] : undefined;
    if (prefix !== undefined) return prefix;
  }
  return 'UNKNOWN';
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
