/**
 * The case clock. With tickMs > 0 it fires every tickMs on a fixed schedule (targets computed from
 * the start time, so timer jitter does not accumulate); with tickMs 0 ("manual") it never fires and
 * ticks advance only through advance(). The market itself never reads the wall clock: it only
 * sees tick boundaries.
 */
import { performance } from 'node:perf_hooks';

export class TickClock {
  private timer: NodeJS.Timeout | null = null;
  private base = 0;
  private fired = 0;
  running = false;

  constructor(
    private readonly tickMs: number,
    private readonly onTick: () => void,
  ) {}

  get manual(): boolean {
    return this.tickMs <= 0;
  }

  start(): void {
    if (this.manual || this.running) return;
    this.running = true;
    this.base = performance.now();
    this.fired = 0;
    this.schedule();
  }

  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(): void {
    if (!this.running) return;
    const target = this.base + (this.fired + 1) * this.tickMs;
    // Whole milliseconds (Node keeps a timer list per distinct duration; fractional ones are a
    // known source of timer bugs); targets come from the start time, so rounding does not drift.
    const delay = Math.max(0, Math.round(target - performance.now()));
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!this.running) return;
      this.fired++;
      this.onTick();
      this.schedule();
    }, delay);
  }
}

/** Simulator-clock time in ms with µs precision (performance.now based). */
export const nowMs = (): number => Math.round(performance.now() * 1000) / 1000;
