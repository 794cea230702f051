/**
 * The virtual case clock: a tick ends when every trader has said it is done with it
 * (POST /sim/ready?tick=N), so a case's outcome does not depend on the tick length or the
 * machine's load, and a case runs as fast as its traders react. Two bounds keep it honest: a
 * trader that never signals (a dead bot, or one that does not know this extension) holds a tick
 * for at most maxMs, and a tick lasts at least minMs even when everyone is ready at once, so the
 * case cannot run away from traders that poll between signals.
 */
import { performance } from 'node:perf_hooks';

export interface VirtualClockOptions {
  /** The longest a tick waits for the traders, ms (a silent trader costs this much per tick). */
  maxMs: number;
  /** The shortest a tick lasts, ms. */
  minMs: number;
  /** The traders that must be ready before a tick ends early. */
  traders: () => readonly string[];
  /** The current tick (the one traders signal ready for). */
  tick: () => number;
}

export class VirtualTickClock {
  private timer: NodeJS.Timeout | null = null;
  private tickStartedMs = 0;
  private readonly ready = new Set<string>();
  running = false;
  /** Ticks that ended because every trader was ready, and because the maximum wait ran out. */
  readonly counts = { onReady: 0, onMaxWait: 0 };

  constructor(
    private readonly opts: VirtualClockOptions,
    private readonly onTick: () => void,
  ) {}

  get manual(): boolean {
    return false;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.beginTick();
  }

  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /**
   * A trader is done with `tick`. A signal for another tick (late, or early) is ignored: only the
   * current tick can end. Returns whether the signal counted.
   */
  markReady(traderId: string, tick: number): boolean {
    if (!this.running || tick !== this.opts.tick()) return false;
    this.ready.add(traderId);
    if (this.allReady()) this.endAt(this.tickStartedMs + this.opts.minMs, 'ready');
    return true;
  }

  /** The traders not yet ready for the current tick. */
  waitingFor(): string[] {
    return this.opts.traders().filter((t) => !this.ready.has(t));
  }

  private allReady(): boolean {
    return this.opts.traders().every((t) => this.ready.has(t));
  }

  private beginTick(): void {
    if (!this.running) return;
    this.ready.clear();
    this.tickStartedMs = performance.now();
    this.endAt(this.tickStartedMs + this.opts.maxMs, 'max');
  }

  private endAt(targetMs: number, why: 'ready' | 'max'): void {
    if (this.timer) clearTimeout(this.timer);
    const delay = Math.max(0, Math.round(targetMs - performance.now()));
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!this.running) return;
      if (why === 'ready') this.counts.onReady++;
      else this.counts.onMaxWait++;
      this.onTick();
      this.beginTick();
    }, delay);
  }
}
