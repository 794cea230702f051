import { at } from '@ritc/quant';
import type { Source } from '@ritc/strategies';

export interface QueueJob {
  ticker: string;
  source: Source;
  /** Side of the order (supersession is per source, ticker and side). */
  action?: 'BUY' | 'SELL';
  /** Engine-side id of the order, to cancel one job while it waits. */
  id?: string;
  /** Starts the POST (synchronously up to the dispatch). */
  run(): void;
  /** Called if the job is dropped unsent (flush, close). */
  drop?(reason: string): void;
  /** Called if the job is withdrawn unsent by its source (superseded or cancelled); defaults to drop. */
  cancel?(reason: string): void;
}

interface TickerLane {
  /** Send times (queue clock, ms) of the orders that left inside the current window, oldest first. */
  sent: number[];
  blockedUntilMs: number;
  bySource: Map<Source, QueueJob[]>;
  rr: Source[];
  rrIndex: number;
  timer: NodeJS.Timeout | null;
}

export interface SubmissionQueueOptions {
  /** api_orders_per_second of the ticker. */
  ratePerSec(ticker: string): number;
  /**
   * Orders allowed per ticker in any window of `windowMs`. Default: the ticker's rate × window
   * (RIT counts api_orders_per_second over a sliding second).
   */
  burst?: number | null;
  /** Sliding window length, ms (default 1000). */
  windowMs?: number;
  /** Longest hold `block` accepts, ms (default 3000); a longer, negative or non-numeric wait is capped. */
  maxHoldMs?: number;
  /** Told once per capped hold, with the ticker and the wait the exchange asked for. */
  onCappedHold?(ticker: string, askedMs: number, heldMs: number): void;
  /** The order-rate clock, ms (orderRateClockMs: wall time, or case time on the virtual clock). */
  now(): number;
  /**
   * The clock moves only with the case's ticks (the virtual clock): a held job is not timed, it
   * waits for `wake()` on the next tick (a wall timer would fire before the clock moved).
   */
  waitsOnTick?: boolean;
}

/**
 * Order submission pacing: one lane per ticker, a sliding-window limiter like the exchange's
 * (at most N orders in any window), and round-robin between sources inside a lane so a burst from
 * one strategy cannot starve another. A 429 (or X-Wait-Until) blocks only its own ticker.
 * When the window has room the job runs synchronously (no timer hop on the hot path), so an
 * unpaced order leaves within microseconds of its intent.
 *
 * Queued jobs are not a backlog to be worked through: a newer decision of the same source for the
 * same ticker and side supersedes them (`supersede`), and a source may withdraw one (`cancel`).
 */
export class SubmissionQueue {
  private readonly lanes = new Map<string, TickerLane>();
  private closed = false;
  private readonly windowMs: number;
  private readonly maxHoldMs: number;

  constructor(private readonly o: SubmissionQueueOptions) {
    this.windowMs = o.windowMs ?? 1000;
    this.maxHoldMs = o.maxHoldMs ?? 3000;
  }

  enqueue(job: QueueJob, front = false): void {
    if (this.closed) {
      job.drop?.('submission queue closed');
      return;
    }
    const lane = this.lane(job.ticker);
    let q = lane.bySource.get(job.source);
    if (!q) {
      q = [];
      lane.bySource.set(job.source, q);
      lane.rr.push(job.source);
    }
    if (front) q.unshift(job);
    else q.push(job);
    this.pump(job.ticker);
  }

  /**
   * No order leaves on `ticker` before `ms` from now (429 wait, X-Wait-Until). The wait is the
   * exchange's word, so a bad one is not trusted: a huge or non-numeric wait holds `maxHoldMs`
   * (an uncapped hold would stop the ticker for the rest of the run), a negative one holds nothing.
   */
  block(ticker: string, ms: number): void {
    const lane = this.lane(ticker);
    const holdMs = Number.isFinite(ms) ? Math.min(Math.max(0, ms), this.maxHoldMs) : this.maxHoldMs;
    if (holdMs !== ms) this.o.onCappedHold?.(ticker, ms, holdMs);
    lane.blockedUntilMs = Math.max(lane.blockedUntilMs, this.o.now() + holdMs);
    this.schedule(ticker, lane);
  }

  /** The order-rate clock moved (a new tick on the virtual clock): held jobs that may leave, leave. */
  wake(): void {
    for (const ticker of [...this.lanes.keys()]) this.pump(ticker);
  }

  size(ticker?: string): number {
    let n = 0;
    for (const [t, lane] of this.lanes) {
      if (ticker && t !== ticker) continue;
      for (const q of lane.bySource.values()) n += q.length;
    }
    return n;
  }

  /** Whether the job with this id is still waiting (not sent). */
  has(id: string): boolean {
    for (const lane of this.lanes.values())
      for (const q of lane.bySource.values()) if (q.some((j) => j.id === id)) return true;
    return false;
  }

  /** Removes queued jobs (all, or those matching) and calls their `drop`. */
  flush(reason: string, match: (j: QueueJob) => boolean = () => true): number {
    return this.remove(match, (j) => j.drop?.(reason));
  }

  /**
   * Withdraws the not-yet-sent jobs of `source` on `ticker` (one side, or both when `action` is
   * omitted): a newer decision replaces them. Each withdrawn job's `cancel` is called.
   */
  supersede(
    source: Source,
    ticker: string,
    action: 'BUY' | 'SELL' | undefined,
    reason = 'superseded by a newer decision',
  ): number {
    return this.remove(
      (j) => j.source === source && j.ticker === ticker && (action === undefined || j.action === action),
      (j) => (j.cancel ?? j.drop)?.(reason),
    );
  }

  /** Withdraws one queued job by id; false when it already left (or never was queued). */
  cancel(id: string, reason: string): boolean {
    return (
      this.remove(
        (j) => j.id === id,
        (j) => (j.cancel ?? j.drop)?.(reason),
      ) > 0
    );
  }

  /** Drops everything queued and refuses new jobs until `reopen()`. */
  close(reason = 'engine shut down'): void {
    this.closed = true;
    this.flush(reason);
    for (const lane of this.lanes.values())
      if (lane.timer) {
        clearTimeout(lane.timer);
        lane.timer = null;
      }
  }

  /** Accepts jobs again after `close()` (shutdown flatten). */
  reopen(): void {
    this.closed = false;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  private remove(match: (j: QueueJob) => boolean, onRemoved: (j: QueueJob) => void): number {
    const removed: QueueJob[] = [];
    for (const lane of this.lanes.values()) {
      for (const [src, q] of lane.bySource) {
        if (!q.some(match)) continue;
        const keep: QueueJob[] = [];
        for (const j of q) (match(j) ? removed : keep).push(j);
        lane.bySource.set(src, keep);
      }
    }
    // Callbacks after the queues are consistent: a callback may enqueue again.
    for (const j of removed) onRemoved(j);
    return removed.length;
  }

  private lane(ticker: string): TickerLane {
    let l = this.lanes.get(ticker);
    if (!l) {
      l = { sent: [], blockedUntilMs: 0, bySource: new Map(), rr: [], rrIndex: 0, timer: null };
      this.lanes.set(ticker, l);
    }
    return l;
  }

  private capacity(ticker: string): number {
    if (this.o.burst != null) return Math.max(1, Math.floor(this.o.burst));
    return Math.max(1, Math.floor((this.o.ratePerSec(ticker) * this.windowMs) / 1000 + 1e-9));
  }

  private pump(ticker: string): void {
    const lane = this.lane(ticker);
    if (lane.timer) {
      clearTimeout(lane.timer);
      lane.timer = null;
    }
    const cap = this.capacity(ticker);
    for (;;) {
      const now = this.o.now();
      if (now < lane.blockedUntilMs) break;
      for (let oldest = lane.sent[0]; oldest !== undefined && oldest <= now - this.windowMs; oldest = lane.sent[0])
        lane.sent.shift();
      if (lane.sent.length >= cap) break;
      const job = this.next(lane);
      if (!job) break;
      lane.sent.push(now);
      try {
        job.run();
      } catch {
        /* run() reports its own failures */
      }
    }
    this.schedule(ticker, lane);
  }

  private schedule(ticker: string, lane: TickerLane): void {
    if (lane.timer || this.closed || this.o.waitsOnTick) return;
    let pending = 0;
    for (const q of lane.bySource.values()) pending += q.length;
    if (pending === 0) return;
    const now = this.o.now();
    const cap = this.capacity(ticker);
    // The window frees a send when the cap-th newest send leaves it (undefined: the window has room).
    const freesAt = lane.sent.length >= cap ? lane.sent[lane.sent.length - cap] : undefined;
    const windowWait = freesAt !== undefined ? freesAt + this.windowMs - now : 0;
    const wait = Math.max(windowWait, lane.blockedUntilMs - now, 0);
    lane.timer = setTimeout(() => {
      lane.timer = null;
      this.pump(ticker);
    }, Math.ceil(wait));
  }

  /** Next job, round-robin over sources that have one. */
  private next(lane: TickerLane): QueueJob | undefined {
    const n = lane.rr.length;
    for (let k = 0; k < n; k++) {
      const src = at(lane.rr, (lane.rrIndex + k) % n);
      const q = lane.bySource.get(src);
      if (q?.length) {
        lane.rrIndex = (lane.rrIndex + k + 1) % n;
        return q.shift();
      }
    }
    return undefined;
  }
}
