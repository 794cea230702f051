/**
 * Per-ticker order pacing, so the engine rarely meets a 429. Each ticker has its own schedule:
 * - a rate (`api_orders_per_second`): orders get send slots at least 1/rate apart. Slots are
 *   reserved at call time, so concurrent orders on one ticker spread out without a queue;
 * - a block (`X-Wait-Until` of an accepted order, `Retry-After`/`wait` of a 429): no order on that
 *   ticker leaves before it ends. Orders already waiting for a slot re-check it when they wake.
 * A block on one ticker never delays another: RIT's per-security limit is the tighter one.
 */

export interface Clock {
  /** Monotonic milliseconds. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

interface TickerSchedule {
  /** Minimum spacing between sends, ms; 0 = no known rate. */
  intervalMs: number;
  /** True once set by `setRate(..., 'manual')`: later automatic updates are ignored. */
  manual: boolean;
  nextSlotMs: number;
  blockedUntilMs: number;
}

export interface PacerOptions {
  /** Longest block accepted from a server hint, ms (a bogus header must not stall a ticker). */
  maxBlockMs?: number;
}

export class OrderPacer {
  private readonly tickers = new Map<string, TickerSchedule>();
  private readonly maxBlockMs: number;

  constructor(
    private readonly clock: Clock = realClock,
    opts: PacerOptions = {},
  ) {
    this.maxBlockMs = opts.maxBlockMs ?? 10_000;
  }

  private get(ticker: string): TickerSchedule {
    let s = this.tickers.get(ticker);
    if (!s) {
      s = { intervalMs: 0, manual: false, nextSlotMs: 0, blockedUntilMs: 0 };
      this.tickers.set(ticker, s);
    }
    return s;
  }

  /**
   * Orders per second allowed on `ticker`; `<= 0` or non-finite removes pacing by rate.
   * 'auto' (learned from /securities) does not override an earlier 'manual' setting.
   */
  setRate(ticker: string, perSec: number, source: 'auto' | 'manual' = 'manual'): void {
    const s = this.get(ticker);
    if (source === 'auto' && s.manual) return;
    s.manual = source === 'manual';
    s.intervalMs = Number.isFinite(perSec) && perSec > 0 ? 1000 / perSec : 0;
  }

  /** Orders per second in force for `ticker`, or null when unpaced. */
  rate(ticker: string): number | null {
    const s = this.tickers.get(ticker);
    return s && s.intervalMs > 0 ? 1000 / s.intervalMs : null;
  }

  /** Spacing in force for `ticker`, ms (0 when unpaced). */
  intervalMs(ticker: string): number {
    return this.tickers.get(ticker)?.intervalMs ?? 0;
  }

  /** No order on `ticker` before `ms` from now (server hint). Returns the block applied, ms. */
  block(ticker: string, ms: number): number {
    if (!Number.isFinite(ms) || ms <= 0) return 0;
    const applied = Math.min(ms, this.maxBlockMs);
    const s = this.get(ticker);
    s.blockedUntilMs = Math.max(s.blockedUntilMs, this.clock.now() + applied);
    return applied;
  }

  /** Waits for this order's send slot on `ticker`. Returns the time waited, ms. */
  async acquire(ticker: string): Promise<number> {
    const s = this.get(ticker);
    const t0 = this.clock.now();
    for (;;) {
      const start = Math.max(this.clock.now(), s.nextSlotMs, s.blockedUntilMs);
      s.nextSlotMs = start + s.intervalMs;
      // Timers may fire a little early: sleep until the slot has really come.
      for (let now = this.clock.now(); now < start; now = this.clock.now()) await this.clock.sleep(start - now);
      // A block that ends after our slot arrived while we slept (429 or X-Wait-Until): re-reserve.
      if (s.blockedUntilMs <= start) return this.clock.now() - t0;
    }
  }
}
