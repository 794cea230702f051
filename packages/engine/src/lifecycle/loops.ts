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

  constructor(readonly name: string, private readonly intervalMs: number, private readonly job: () => Promise<void> | void,
    private readonly onError: (name: string, err: unknown) => void) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.startedMs = Date.now();
    this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    const fire = () => {
      this.timer = null;
      this.immediate = null;
      this.current = (async () => {
        try { await this.job(); this.runs++; } catch (err) {
          this.errors++;
          this.lastError = err instanceof Error ? err.message : String(err);
          this.onError(this.name, err);
        }
      })().finally(() => { this.current = null; this.schedule(this.intervalMs); });
    };
    // setTimeout(0) waits ≥ 1 ms in Node; a zero interval means "as soon as the loop is free".
    if (ms <= 0) this.immediate = setImmediate(fire);
    else this.timer = setTimeout(fire, ms);
  }

  /** Runs per second since start. */
  rateHz(): number {
    const s = (Date.now() - this.startedMs) / 1000;
    return s > 0 ? this.runs / s : 0;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) { clearTimeout(this.timer); this.timer = null; }
    if (this.immediate) { clearImmediate(this.immediate); this.immediate = null; }
    if (this.current) await this.current.catch(() => {});
  }
}
