import { MarketDataError } from './errors';
import {
  startFeedWorker,
  type FeedCrashInfo,
  type FeedWorkerHandle,
  type FeedWorkerMessage,
  type StartFeedWorkerOptions,
} from './launcher';
import { pollDelayFor, type PollDelays } from './poll-delays';
import type { SnapshotSlots } from './slots';

export interface FeedIncident {
  ticker: string;
  kind: 'crash' | 'restart-failed' | 'restarted' | 'gave-up';
  exitCode: number | null;
  error: string | null;
  /** Restarts of this ticker since its last stable run. */
  attempt: number;
  /** Delay before the next restart (ms); 0 when none is scheduled. */
  delayMs: number;
  atMs: number;
}

export interface FeedSupervisorOptions extends Omit<
  StartFeedWorkerOptions,
  'ticker' | 'slot' | 'pollDelayMs' | 'onCrash'
> {
  slots: SnapshotSlots;
  /** Securities to run; default every ticker of `slots`. */
  tickers?: readonly string[];
  /** A number for all, or the parsed `--poll-delay` values (fallback `defaultPollDelayMs`). */
  pollDelays: number | PollDelays;
  defaultPollDelayMs?: number;
  /** Restart backoff: initialMs × 2^attempt, capped at maxMs; attempts reset after a stable run. */
  backoff?: { initialMs?: number; maxMs?: number; stableAfterMs?: number };
  /** Stop restarting a ticker after this many consecutive failed lives (default: never give up). */
  maxAttempts?: number;
  onIncident?: (i: FeedIncident) => void;
  /** A worker was replaced: its old event ports are dead, open new ones here. */
  onRestart?: (h: FeedWorkerHandle) => void;
  onEvent?: (msg: FeedWorkerMessage) => void;
  /** execArgv per security (e.g. a CPU profile named after the ticker); overrides `execArgv`. */
  execArgvFor?: (ticker: string) => string[];
}

interface Entry {
  handle: FeedWorkerHandle | null;
  attempt: number;
  timer: NodeJS.Timeout | null;
}

/** Runs one feed worker per security and restarts crashed ones with exponential backoff. */
export class FeedSupervisor {
  private readonly entries = new Map<string, Entry>();
  private stopped = false;
  readonly incidents: FeedIncident[] = [];
  private readonly initialMs: number;
  private readonly maxMs: number;
  private readonly stableAfterMs: number;

  constructor(private readonly o: FeedSupervisorOptions) {
    this.initialMs = o.backoff?.initialMs ?? 200;
    this.maxMs = o.backoff?.maxMs ?? 10_000;
    this.stableAfterMs = o.backoff?.stableAfterMs ?? 30_000;
  }

  get tickers(): readonly string[] {
    return this.o.tickers ?? this.o.slots.tickers;
  }

  private pollDelay(ticker: string): number {
    const d = this.o.pollDelays;
    return typeof d === 'number' ? d : pollDelayFor(d, ticker, this.o.defaultPollDelayMs ?? 0);
  }

  private workerOptions(ticker: string): StartFeedWorkerOptions {
    const {
      slots,
      tickers: _t,
      pollDelays: _p,
      defaultPollDelayMs: _d,
      backoff: _b,
      maxAttempts: _m,
      onIncident: _i,
      onRestart: _r,
      execArgvFor,
      ...rest
    } = this.o;
    return {
      ...rest,
      ...(execArgvFor ? { execArgv: execArgvFor(ticker) } : {}),
      ticker,
      slot: slots.ref(slots.indexOf(ticker)),
      pollDelayMs: this.pollDelay(ticker),
      onCrash: (info) => this.onCrash(info),
    };
  }

  /** Starts every worker (in parallel); rejects if one cannot start, after stopping the others. */
  async start(): Promise<void> {
    if (this.stopped) throw new MarketDataError('MD_WORKER_STOPPED', 'supervisor was stopped');
    const started = await Promise.allSettled(
      this.tickers.map(async (t) => {
        const e: Entry = { handle: null, attempt: 0, timer: null };
        this.entries.set(t, e);
        e.handle = await startFeedWorker(this.workerOptions(t));
      }),
    );
    const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) {
      await this.stop();
      throw failed.reason;
    }
  }

  handle(ticker: string): FeedWorkerHandle {
    const h = this.entries.get(ticker)?.handle;
    if (!h) throw new MarketDataError('MD_BAD_OPTION', `no feed worker for ${ticker}`);
    return h;
  }

  handles(): FeedWorkerHandle[] {
    return [...this.entries.values()].flatMap((e) => (e.handle ? [e.handle] : []));
  }

  private incident(i: Omit<FeedIncident, 'atMs'>): void {
    const full = { ...i, atMs: Date.now() };
    this.incidents.push(full);
    if (this.incidents.length > 1000) this.incidents.shift();
    this.o.onIncident?.(full);
  }

  private onCrash(info: FeedCrashInfo): void {
    const e = this.entries.get(info.ticker);
    if (!e || this.stopped) return;
    if (info.uptimeMs >= this.stableAfterMs) e.attempt = 0;
    this.schedule(info.ticker, e, 'crash', info.exitCode, info.error);
  }

  private schedule(
    ticker: string,
    e: Entry,
    kind: 'crash' | 'restart-failed',
    exitCode: number | null,
    error: string | null,
  ): void {
    if (this.o.maxAttempts !== undefined && e.attempt >= this.o.maxAttempts) {
      this.incident({ ticker, kind: 'gave-up', exitCode, error, attempt: e.attempt, delayMs: 0 });
      return;
    }
    const delayMs = Math.min(this.maxMs, this.initialMs * 2 ** e.attempt);
    e.attempt++;
    this.incident({ ticker, kind, exitCode, error, attempt: e.attempt, delayMs });
    if (e.timer) clearTimeout(e.timer);
    e.timer = setTimeout(() => {
      e.timer = null;
      void this.restart(ticker, e);
    }, delayMs);
  }

  private async restart(ticker: string, e: Entry): Promise<void> {
    if (this.stopped || !e.handle) return;
    try {
      await e.handle.restart();
      this.incident({ ticker, kind: 'restarted', exitCode: null, error: null, attempt: e.attempt, delayMs: 0 });
      this.o.onRestart?.(e.handle);
    } catch (err) {
      this.onRestartFailed(ticker, e, err);
    }
  }

  /** A failed restart is retried with backoff, unless stop() came while it was in flight. */
  private onRestartFailed(ticker: string, e: Entry, err: unknown): void {
    if (this.stopped) return;
    this.schedule(ticker, e, 'restart-failed', null, err instanceof Error ? err.message : String(err));
  }

  /** Stops every worker and cancels pending restarts; the process can exit afterwards. */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(
      [...this.entries.values()].map(async (e) => {
        if (e.timer) {
          clearTimeout(e.timer);
          e.timer = null;
        }
        await e.handle?.stop();
      }),
    );
  }
}
