import type { Source } from '@ritc/strategies';

export interface QueueJob {
  ticker: string;
  source: Source;
  /** Starts the POST (synchronously up to the dispatch). */
  run(): void;
  /** Called if the job is dropped unsent (flush). */
  drop?(reason: string): void;
}

interface TickerLane {
  tokens: number;
  refilledMs: number;
  blockedUntilMs: number;
  bySource: Map<Source, QueueJob[]>;
  rr: Source[];
  rrIndex: number;
  timer: NodeJS.Timeout | null;
}

export interface SubmissionQueueOptions {
  /** api_orders_per_second of the ticker. */
  ratePerSec(ticker: string): number;
  /** Token bucket depth per ticker. */
  burst: number;
  now(): number;
}

/**
 * Order submission pacing: one lane per ticker, a token bucket refilled at the ticker's
 * api_orders_per_second, and round-robin between sources inside a lane so a burst from one
 * strategy cannot starve another. A 429 (or X-Wait-Until) blocks only its own ticker.
 * When a token is free the job runs synchronously (no timer hop on the hot path).
 */
export class SubmissionQueue {
  private readonly lanes = new Map<string, TickerLane>();
  private closed = false;

  constructor(private readonly o: SubmissionQueueOptions) {}

  enqueue(job: QueueJob, front = false): void {
    if (this.closed) { job.drop?.('submission queue closed'); return; }
    const lane = this.lane(job.ticker);
    let q = lane.bySource.get(job.source);
    if (!q) { q = []; lane.bySource.set(job.source, q); lane.rr.push(job.source); }
    if (front) q.unshift(job); else q.push(job);
    this.pump(job.ticker);
  }

  /** No order leaves on `ticker` before `ms` from now (429 wait, X-Wait-Until). */
  block(ticker: string, ms: number): void {
    const lane = this.lane(ticker);
    lane.blockedUntilMs = Math.max(lane.blockedUntilMs, this.o.now() + Math.max(0, ms));
    lane.tokens = Math.min(lane.tokens, 0);
    this.schedule(ticker, lane);
  }

  size(ticker?: string): number {
    let n = 0;
    for (const [t, lane] of this.lanes) {
      if (ticker && t !== ticker) continue;
      for (const q of lane.bySource.values()) n += q.length;
    }
    return n;
  }

  /** Removes queued jobs (all, or those matching) and calls their `drop`. */
  flush(reason: string, match: (j: QueueJob) => boolean = () => true): number {
    let n = 0;
    for (const lane of this.lanes.values()) {
      for (const [src, q] of lane.bySource) {
        const keep: QueueJob[] = [];
        for (const j of q) { if (match(j)) { n++; j.drop?.(reason); } else keep.push(j); }
        lane.bySource.set(src, keep);
      }
    }
    return n;
  }

  close(reason = 'engine shut down'): void {
    this.flush(reason);
    this.closed = true;
    for (const lane of this.lanes.values()) if (lane.timer) { clearTimeout(lane.timer); lane.timer = null; }
  }

  private lane(ticker: string): TickerLane {
    let l = this.lanes.get(ticker);
    if (!l) {
      l = { tokens: this.o.burst, refilledMs: this.o.now(), blockedUntilMs: 0, bySource: new Map(), rr: [], rrIndex: 0, timer: null };
      this.lanes.set(ticker, l);
    }
    return l;
  }

  private pump(ticker: string): void {
    const lane = this.lane(ticker);
    const now = this.o.now();
    const rate = Math.max(0.001, this.o.ratePerSec(ticker));
    lane.tokens = Math.min(this.o.burst, lane.tokens + ((now - lane.refilledMs) * rate) / 1000);
    lane.refilledMs = now;
    while (lane.tokens >= 1 && now >= lane.blockedUntilMs) {
      const job = this.next(lane);
      if (!job) break;
      lane.tokens -= 1;
      try { job.run(); } catch { /* run() reports its own failures */ }
    }
    this.schedule(ticker, lane);
  }

  private schedule(ticker: string, lane: TickerLane): void {
    if (lane.timer || this.closed) return;
    let pending = 0;
    for (const q of lane.bySource.values()) pending += q.length;
    if (pending === 0) return;
    const rate = Math.max(0.001, this.o.ratePerSec(ticker));
    const now = this.o.now();
    const tokenWait = lane.tokens >= 1 ? 0 : ((1 - lane.tokens) * 1000) / rate;
    const wait = Math.max(tokenWait, lane.blockedUntilMs - now, 0);
    lane.timer = setTimeout(() => { lane.timer = null; this.pump(ticker); }, Math.ceil(wait));
  }

  /** Next job, round-robin over sources that have one. */
  private next(lane: TickerLane): QueueJob | undefined {
    const n = lane.rr.length;
    for (let k = 0; k < n; k++) {
      const src = lane.rr[(lane.rrIndex + k) % n]!;
      const q = lane.bySource.get(src)!;
      if (q.length) { lane.rrIndex = (lane.rrIndex + k + 1) % n; return q.shift(); }
    }
    return undefined;
  }
}
