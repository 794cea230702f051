import { errorCode, errorMessage } from '../errors';
import type { EngineLogger } from '../runtime/logger';

/** Failures that say the exchange is not answering (as opposed to answering "no"). */
const UNREACHABLE = new Set(['RIT_ERR_NETWORK', 'RIT_ERR_TIMEOUT', 'RIT_ERR_SERVER', 'RIT_ERR_ORDER_UNKNOWN']);

/** Whether a failed request means the exchange did not answer (socket error, timeout, 5xx). */
export function isUnreachable(err: unknown): boolean {
  const code = errorCode(err);
  return code !== undefined && UNREACHABLE.has(code);
}

export interface ExchangeHealthOptions {
  /** No successful answer for this long (ms) → the exchange is lost. */
  outageMs: number;
  /** Backoff of the polling loops while the exchange does not answer: first delay, cap (ms). */
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** At most one "still unreachable" line per this many ms. */
  logEveryMs: number;
  now: () => number;
  log: EngineLogger;
  /** Called once, when an outage has lasted `outageMs`. */
  onLost: (outageMs: number, lastError: string) => void;
}

export interface ExchangeHealthStats {
  /** Outages seen (a run of failures with no success in between). */
  outages: number;
  /** Requests that failed because the exchange did not answer. */
  failures: number;
  /** Total time without an answer, ms (the current outage included). */
  downMs: number;
  lost: boolean;
}

/**
 * Whether the exchange is answering, from the outcome of every poll: an outage starts with the
 * first unanswered request and ends with the next answer. While it lasts the loops back off
 * (doubling up to a cap) and the log says so once, then once every `logEveryMs`; after `outageMs`
 * without a single answer the exchange is declared lost (once).
 */
export class ExchangeHealth {
  private downSince: number | null = null;
  private lastLogMs = 0;
  private failuresInOutage = 0;
  private lostFlag = false;
  private outages = 0;
  private failures = 0;
  private pastDownMs = 0;
  private lastError = '';

  constructor(private readonly o: ExchangeHealthOptions) {}

  get down(): boolean {
    return this.downSince !== null;
  }

  get lost(): boolean {
    return this.lostFlag;
  }

  /** A request was answered. */
  ok(): void {
    if (this.downSince === null) return;
    const ms = this.o.now() - this.downSince;
    this.pastDownMs += ms;
    this.downSince = null;
    this.failuresInOutage = 0;
    if (!this.lostFlag) this.o.log.warn('exchange answering again', { thread: 'main', outageMs: Math.round(ms) });
  }

  /** A request failed; returns whether the failure was the exchange not answering. */
  fail(err: unknown): boolean {
    if (!isUnreachable(err)) return false;
    const now = this.o.now();
    this.failures++;
    this.failuresInOutage++;
    this.lastError = errorMessage(err);
    if (this.downSince === null) {
      this.downSince = now;
      this.outages++;
      this.lastLogMs = now;
      this.o.log.warn('exchange not answering; polling backs off', {
        thread: 'main',
        error: this.lastError,
        giveUpAfterMs: this.o.outageMs,
      });
      return true;
    }
    const downMs = now - this.downSince;
    if (!this.lostFlag && downMs >= this.o.outageMs) {
      this.lostFlag = true;
      this.o.log.error('exchange lost: no answer', {
        thread: 'main',
        outageMs: Math.round(downMs),
        error: this.lastError,
      });
      this.o.onLost(downMs, this.lastError);
    } else if (!this.lostFlag && now - this.lastLogMs >= this.o.logEveryMs) {
      this.lastLogMs = now;
      this.o.log.warn('exchange still not answering', {
        thread: 'main',
        outageMs: Math.round(downMs),
        failures: this.failuresInOutage,
        error: this.lastError,
      });
    }
    return true;
  }

  /** The wait before a loop's next run: its interval, or the outage backoff when longer. */
  delayFor(intervalMs: number): number {
    if (this.downSince === null) return intervalMs;
    const n = Math.min(this.failuresInOutage, 20);
    return Math.max(intervalMs, Math.min(this.o.backoffMaxMs, this.o.backoffBaseMs * 2 ** Math.max(0, n - 1)));
  }

  stats(): ExchangeHealthStats {
    const current = this.downSince === null ? 0 : this.o.now() - this.downSince;
    return { outages: this.outages, failures: this.failures, downMs: this.pastDownMs + current, lost: this.lostFlag };
  }
}
