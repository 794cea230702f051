/** What a loop asks its owner: the wait before the next run (a backoff), and a run that succeeded. */
export interface LoopHooks {
  delay?: (intervalMs: number) => number;
  onSuccess?: () => void;
}

/**
 * A periodic async job that never overlaps itself (the next run is scheduled after the previous
 * one settles), counts its runs and errors, and stops cleanly.
 */
export class Loop {
  runs = 0;
  errors = 0;
  lastError: string | null = null;
  private timer: NodeJS.Timeout | null = null;
  private immediate: NodeJS.Immediate | null = null;
  private stopped = true;
  private current: Promise<void> | null = null;
  private startedMs = 0;

  private lastStartMs = 0;

  /**
   * `fixedRate`: runs start every intervalMs (the next start counts from the previous start, not
   * from its end; a run longer than the interval is followed at once). For a poll whose purpose is
   * to notice something soon, e.g. a tender: with the delay counted after each answer, the period was
   * delay + round trip + timer lateness, and a tender waited that much longer on average.
   */
  constructor(
    readonly name: string,
    private readonly intervalMs: number,
    private readonly job: () => Promise<void> | void,
    private readonly onError: (name: string, err: unknown) => void,
    private readonly fixedRate = false,
    private readonly hooks: LoopHooks = {},
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.startedMs = Date.now();
    this.schedule(0);
  }

  private fire(): void {
    this.timer = null;
    this.immediate = null;
    this.lastStartMs = performance.now();
    this.current = (async () => {
      try {
        await this.job();
        this.runs++;
        this.hooks.onSuccess?.();
      } catch (err) {
        this.errors++;
        this.lastError = err instanceof Error ? err.message : String(err);
        this.onError(this.name, err);
      }
    })().finally(() => {
      this.current = null;
      const interval = this.hooks.delay?.(this.intervalMs) ?? this.intervalMs;
      // A backoff (longer than the interval) always counts from the end of the run.
      this.schedule(
        this.fixedRate && interval === this.intervalMs
          ? this.lastStartMs + this.intervalMs - performance.now()
          : interval,
      );
    });
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    // setTimeout(0) waits ≥ 1 ms in Node; a zero interval means "as soon as the loop is free".
    // Whole milliseconds only: Node keeps one timer list per distinct duration, and the fractional
    // durations of the fixed-rate schedule corrupted its priority queue (a soak run crashed in
    // compareTimersLists after ~900 ticks). Rounding keeps the fixed rate exact on average.
    const whole = Math.round(ms);
    if (whole <= 0) this.immediate = setImmediate(() => this.fire());
    else this.timer = setTimeout(() => this.fire(), whole);
  }

  private clearPending(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.immediate) {
      clearImmediate(this.immediate);
      this.immediate = null;
    }
  }

  /**
   * Runs the job now (after the run in progress, which may have read the exchange before the
   * caller's moment) and resolves when it has ended; the schedule goes on from there.
   */
  async runNow(): Promise<void> {
    while (this.current && !this.stopped) await this.current.catch(() => undefined);
    if (this.stopped) return;
    this.clearPending();
    this.fire();
    await this.current;
  }

  /** Runs per second since start. */
  rateHz(): number {
    const s = (Date.now() - this.startedMs) / 1000;
    return s > 0 ? this.runs / s : 0;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.clearPending();
    // The job's own failure was already reported through onError: stop() only waits for it to end.
    if (this.current) await this.current.catch(() => undefined);
  }
}
