/** A virtual clock for pacing tests: time moves only when `run()` advances it to the next timer. */
import type { Clock } from '@ritc/rit-client';

export class VirtualClock implements Clock {
  private t = 0;
  private timers: { at: number; resolve: () => void }[] = [];

  now(): number {
    return this.t;
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.timers.push({ at: this.t + Math.max(0, ms), resolve }));
  }

  /** Lets pending promises settle, then fires timers in time order until none are left. */
  async run(): Promise<void> {
    for (;;) {
      await new Promise((r) => setImmediate(r));
      if (this.timers.length === 0) return;
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers.shift()!;
      this.t = Math.max(this.t, next.at);
      next.resolve();
    }
  }

  /** Moves time forward without firing anything (e.g. a response that took `ms`). */
  advance(ms: number): void {
    this.t += ms;
  }
}
