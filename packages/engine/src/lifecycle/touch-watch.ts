/**
 * Runs a job whenever one of some securities' touch (bid, ask, flags) moves, woken by the feed
 * worker that published it (Atomics.waitAsync on the slot's touch counter): no polling interval
 * between a book change landing in shared memory and the job running. Same face as Loop, so the
 * dashboard's poll rates list it.
 */
export interface TouchSource {
  touchVersion(ticker: string): number;
  /** Resolves once the touch moved past `since` (true) or after timeoutMs (false). */
  waitForTouch(ticker: string, since: number, timeoutMs: number): Promise<boolean>;
  /** Wakes every waiter on the ticker now (used to stop). */
  interrupt(ticker: string): void;
}

export class TouchWatch {
  runs = 0;
  errors = 0;
  lastError: string | null = null;
  private stopped = true;
  private watchers: Promise<void>[] = [];
  private startedMs = 0;
  /** Set between a wake and the job's run: wakes that land before it share the run. */
  private scheduled = false;

  constructor(
    readonly name: string,
    private readonly source: TouchSource,
    private readonly tickers: readonly string[],
    private readonly job: () => void,
    private readonly onError: (name: string, err: unknown) => void,
    /** A wait's timeout, ms: how long a stop or a crashed writer can go unnoticed (a restarted writer notifies on its first publish). */
    private readonly timeoutMs = 250,
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.startedMs = Date.now();
    this.watchers = this.tickers.map((t) => this.watch(t));
  }

  private isStopped(): boolean {
    return this.stopped;
  }

  private async watch(ticker: string): Promise<void> {
    let seen = this.source.touchVersion(ticker);
    while (!this.stopped) {
      const moved = await this.source.waitForTouch(ticker, seen, this.timeoutMs);
      // stop() may have run during the wait (read afresh after the await).
      if (this.isStopped()) return;
      if (!moved) continue;
      seen = this.source.touchVersion(ticker);
      this.fire();
    }
  }

  private fire(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      if (this.stopped) return;
      try {
        this.job();
        this.runs++;
      } catch (err) {
        this.errors++;
        this.lastError = err instanceof Error ? err.message : String(err);
        this.onError(this.name, err);
      }
    });
  }

  rateHz(): number {
    const s = (Date.now() - this.startedMs) / 1000;
    return s > 0 ? this.runs / s : 0;
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const t of this.tickers) this.source.interrupt(t);
    await Promise.all(this.watchers);
  }
}
