/**
 * The one seam between the coordinator and market data. `MarketFeed` is what the coordinator needs:
 * the latest Snapshot per ticker. `WorkerMarketFeed` is the real thing (market-data's SharedArrayBuffer
 * seqlock slots written by one feed worker per security, supervised and restarted on crash);
 * `PollingMarketFeed` is a main-thread fallback from GET /securities (tests, or no worker file).
 */
import {
  FeedSupervisor,
  SnapshotSlots,
  type FeedIncident,
  type FeedThreadPark,
  type PollDelays,
  type Snapshot,
} from '@ritc/market-data';
import type { RitApi } from '@ritc/rit-client';
import { errorMessage } from '../errors';
import type { EngineLogger } from '../runtime/logger';
import { monoNowMs } from '../runtime/clock';

export interface MarketFeed {
  start(): Promise<void>;
  /** Latest snapshot, or null when never written. */
  snapshot(ticker: string): Snapshot | null;
  stop(): Promise<void>;
  /** Crashes/restarts so far (worker feeds). */
  incidents(): readonly unknown[];
  /** Per-security poll statistics, when the feed keeps them (worker feeds). */
  stats?(): Promise<FeedPollStats[]>;
  /** Touch-move notifications (worker feeds: the slot's touch counter); see TouchWatch. */
  touchVersion?(ticker: string): number;
  waitForTouch?(ticker: string, since: number, timeoutMs: number): Promise<boolean>;
  interrupt?(ticker: string): void;
}

/** One security worker's polling, as the dashboard and the report show it. */
export interface FeedPollStats {
  ticker: string;
  polls: number;
  pollsPerSec: number;
  /** Book+TAS round trip of one poll, µs. */
  rttP50Us: number;
  rttP99Us: number;
  failedPolls: number;
}

export interface WorkerFeedOptions {
  file: string;
  tickers: readonly string[];
  baseUrl: string;
  apiKey: string;
  pollDelayMs: number | PollDelays;
  /** For tickers a PollDelays leaves out. */
  defaultPollDelayMs?: number;
  bookDepth: number;
  logger: EngineLogger;
  execArgvFor?: (ticker: string) => string[];
  /** How often each worker reads /case, ms (the market-data default when absent). */
  casePollMs?: number;
  /** The workers read when the simulator's tick or book changes (virtual clock only). */
  waitForChanges?: boolean;
  /** Where the workers' threads come from and go back to at stop (default: started and ended here). */
  park?: FeedThreadPark;
}

export class WorkerMarketFeed implements MarketFeed {
  private readonly slots: SnapshotSlots;
  private readonly supervisor: FeedSupervisor;
  private readonly seen: FeedIncident[] = [];

  constructor(o: WorkerFeedOptions) {
    this.slots = SnapshotSlots.create(o.tickers);
    this.supervisor = new FeedSupervisor({
      file: o.file,
      baseUrl: o.baseUrl,
      apiKey: o.apiKey,
      slots: this.slots,
      pollDelays: o.pollDelayMs,
      defaultPollDelayMs: o.defaultPollDelayMs,
      bookDepth: o.bookDepth,
      execArgvFor: o.execArgvFor,
      ...(o.casePollMs !== undefined ? { casePollMs: o.casePollMs } : {}),
      ...(o.waitForChanges ? { waitForChanges: true } : {}),
      ...(o.park ? { park: o.park } : {}),
      onIncident: (i) => {
        this.seen.push(i);
        // A dead feed is logged with its thread and role; the supervisor restarts it with backoff.
        o.logger.error(`feed worker ${i.ticker}: ${i.kind}`, {
          thread: `feed:${i.ticker}`,
          role: 'security-feed',
          exitCode: i.exitCode,
          error: i.error,
          attempt: i.attempt,
        });
      },
      onEvent: (m) => {
        if (m.type === 'log') {
          const level = m.level === 'error' || m.level === 'warn' || m.level === 'debug' ? m.level : 'info';
          o.logger[level](m.message, { ...(m.meta ?? {}), thread: m.thread, role: 'security-feed' });
        } else {
          o.logger.debug(`feed worker ${m.ticker} ${m.event}`, {
            thread: `feed:${m.ticker}`,
            role: 'security-feed',
            code: m.code,
          });
        }
      },
    });
  }

  async start(): Promise<void> {
    await this.supervisor.start();
  }

  snapshot(ticker: string): Snapshot | null {
    if (!this.slots.tickers.includes(ticker)) return null;
    try {
      const s = this.slots.readSnapshotOf(ticker);
      return s.version > 0 ? s : null;
    } catch {
      return null;
    }
  }

  async stop(): Promise<void> {
    await this.supervisor.stop();
  }
  incidents(): readonly unknown[] {
    return this.seen;
  }

  touchVersion(ticker: string): number {
    return this.slots.touchVersion(this.slots.indexOf(ticker));
  }
  waitForTouch(ticker: string, since: number, timeoutMs: number): Promise<boolean> {
    return this.slots.waitForTouch(this.slots.indexOf(ticker), since, timeoutMs);
  }
  interrupt(ticker: string): void {
    this.slots.interruptTouchWaits(this.slots.indexOf(ticker));
  }

  async stats(): Promise<FeedPollStats[]> {
    const all = await Promise.allSettled(this.supervisor.handles().map((h) => h.api.stats()));
    return all.flatMap((r) =>
      r.status === 'fulfilled'
        ? [
            {
              ticker: r.value.ticker,
              polls: r.value.polls,
              pollsPerSec: r.value.pollsPerSec,
              rttP50Us: r.value.rttP50Us,
              rttP99Us: r.value.rttP99Us,
              failedPolls: r.value.failedPolls,
            },
          ]
        : [],
    );
  }
}

/** Top-of-book snapshots from GET /securities, polled on the main thread (no indicators). */
export class PollingMarketFeed implements MarketFeed {
  private readonly latest = new Map<string, Snapshot>();
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private errors = 0;

  constructor(
    private readonly api: RitApi,
    private readonly pollMs: number,
    private readonly logger: EngineLogger,
  ) {}

  async start(): Promise<void> {
    await this.pollOnce();
    const loop = () => {
      if (this.stopped) return;
      this.timer = setTimeout(() => {
        void this.pollOnce().finally(loop);
      }, this.pollMs);
    };
    loop();
  }

  private async pollOnce(): Promise<void> {
    try {
      const [secs, c] = await Promise.all([this.api.getSecurities(), this.api.getCase()]);
      const now = monoNowMs();
      for (const s of secs) {
        const bid = s.bid > 0 ? s.bid : null,
          ask = s.ask > 0 ? s.ask : null;
        const prev = this.latest.get(s.ticker);
        this.latest.set(s.ticker, {
          ticker: s.ticker,
          version: (prev?.version ?? 0) + 1,
          period: c.period,
          tick: c.tick,
          monoMs: now,
          bid,
          ask,
          bidSize: s.bid_size,
          askSize: s.ask_size,
          mid: bid != null && ask != null ? (bid + ask) / 2 : null,
          depthBid: s.bid_size,
          depthAsk: s.ask_size,
          bookImbalance: 0,
          last: s.last > 0 ? s.last : null,
          lastSize: 0,
          volume: s.volume,
          vpin: null,
          signedImbalance: null,
          buyFraction: null,
          sigmaMidPerTick: null,
          sigmaPerBucket: null,
          bucketVolume: 0,
          bucketDurationTicks: null,
          bucketDurationMs: null,
          longRunSigma: null,
          flags: {
            stale: false,
            empty: bid == null && ask == null,
            oneSided: (bid == null) !== (ask == null),
            inactive: c.status !== 'ACTIVE',
          },
        });
      }
    } catch (err) {
      if (this.errors++ % 50 === 0)
        this.logger.warn('polling feed: /securities failed', { error: errorMessage(err), thread: 'main' });
    }
  }

  snapshot(ticker: string): Snapshot | null {
    return this.latest.get(ticker) ?? null;
  }

  stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    return Promise.resolve();
  }

  incidents(): readonly unknown[] {
    return [];
  }
}

/** How the coordinator was told to get its market data (see CoordinatorOptions). */
export interface FeedChoice {
  feedWorkerFile?: string;
  connection?: { baseUrl: string; apiKey: string };
  feedPollDelays?: PollDelays;
  feedBookDepth?: number;
  feedExecArgv?: (ticker: string) => string[];
  /**
   * The feeds' /case period, ms. On the virtual clock a tick lasts a few ms and a feed learns of a
   * new one from /case (or a print), so it reads /case on every poll there.
   */
  feedCasePollMs?: number;
  /**
   * On the virtual clock the workers wait for the simulator's next tick or book change (its GET
   * /sim/wait) instead of re-reading an unchanged book every poll delay.
   */
  feedWaitForChanges?: boolean;
  /** Feed threads kept between runs (see WarmThreads). */
  warmThreads?: { feeds: FeedThreadPark };
}

/** A worker per security when the worker file and the connection are given, else polling /securities. */
export function makeFeed(o: FeedChoice, tickers: string[], api: RitApi, log: EngineLogger): MarketFeed {
  const delays = feedPollDelays(o);
  if (o.feedWorkerFile && o.connection) {
    return new WorkerMarketFeed({
      file: o.feedWorkerFile,
      tickers,
      baseUrl: o.connection.baseUrl,
      apiKey: o.connection.apiKey,
      pollDelayMs: delays,
      defaultPollDelayMs: delays.defaultMs,
      bookDepth: o.feedBookDepth ?? 20,
      logger: log,
      execArgvFor: o.feedExecArgv,
      ...(o.feedCasePollMs !== undefined ? { casePollMs: o.feedCasePollMs } : {}),
      ...(o.feedWaitForChanges ? { waitForChanges: true } : {}),
      ...(o.warmThreads ? { park: o.warmThreads.feeds } : {}),
    });
  }
  return new PollingMarketFeed(api, delays.defaultMs, log);
}

/** The engine's poll delays when none are given, ms: a security worker's, and the /securities poller's. */
export const FEED_POLL_DEFAULT_MS = { worker: 50, polling: 100 } as const;

/**
 * The feeds' poll delays, resolved once: the given ones, the default (what a book change waits to be
 * seen, and the tender poll's period unless configured) falling back to the engine's for the feed kind.
 */
export function feedPollDelays(o: FeedChoice): Required<PollDelays> {
  const fallback = o.feedWorkerFile && o.connection ? FEED_POLL_DEFAULT_MS.worker : FEED_POLL_DEFAULT_MS.polling;
  return { defaultMs: o.feedPollDelays?.defaultMs ?? fallback, perTicker: { ...o.feedPollDelays?.perTicker } };
}
