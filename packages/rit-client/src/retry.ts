/**
 * Retry policy for idempotent calls (GET, DELETE, POST /commands/cancel) and the parsing of RIT's
 * waiting hints. Pure functions; the client owns the loop.
 */
import { NetworkError, RateLimitedError, type RitError, ServerError, TimeoutError } from './errors';

export interface BackoffPolicy {
  /** First backoff, ms; doubles per attempt. */
  baseMs: number;
  /** Cap of one backoff, ms. */
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 25, maxMs: 1_000 };

/**
 * Exponential backoff with "equal jitter": half fixed, half random, so retries of several feed
 * workers spread out yet never retry at once. `attempt` is 0 for the first retry.
 */
export function backoffMs(
  attempt: number,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
  rand: () => number = Math.random,
): number {
  const d = Math.min(policy.maxMs, policy.baseMs * 2 ** attempt);
  return d / 2 + rand() * (d / 2);
}

/** Errors worth another attempt of an idempotent call. 401/4xx/malformed are deterministic: no. */
export function isRetryable(e: RitError): boolean {
  return (
    e instanceof ServerError || e instanceof TimeoutError || e instanceof NetworkError || e instanceof RateLimitedError
  );
}

/**
 * `Retry-After` as seconds: RIT sends fractional seconds (`0.215`); an HTTP date is accepted too.
 * Returns null when absent or unreadable.
 */
export function parseRetryAfter(value: string | undefined, nowMs: number = Date.now()): number | null {
  if (value === undefined) return null;
  const t = value.trim();
  if (t === '') return null;
  const n = Number(t);
  if (Number.isFinite(n)) return n >= 0 ? n : null;
  const date = Date.parse(t);
  return Number.isFinite(date) ? Math.max(0, (date - nowMs) / 1000) : null;
}

/**
 * `X-Wait-Until` as seconds to wait from now. Documented as seconds; a value that looks like an
 * epoch time (seconds or ms since 1970) is converted, so a server using absolute times still paces us.
 */
export function parseWaitUntil(value: string | undefined, nowMs: number = Date.now()): number | null {
  const n = parseRetryAfter(value, nowMs);
  if (n === null) return null;
  if (n > 1e11) return Math.max(0, (n - nowMs) / 1000); // epoch ms
  if (n > 1e9) return Math.max(0, n - nowMs / 1000); // epoch s
  return n;
}
