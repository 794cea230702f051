import { last } from '@ritc/quant';
import { parsers, parseValue, type Book, type Case, type CaseStatus, type Tas } from '@ritc/rit-client';
import { createHistogram, performance, type RecordableHistogram } from 'node:perf_hooks';
import { errorCode, errorMessage, MarketDataError } from '../errors';
import { F, FLAG, SLOT_FIELD_COUNT, type SlotWriter, valuesToSnapshot } from '../slots';
import type { Snapshot } from '../snapshot';
import type { FeedEvent, FeedStats, LogLevel } from '../worker-api';
import { summarizeBook, type BookSummary } from './book-state';
import type { WaitForChange } from './change-wait';
import type { FeedRitApi } from './feed-api';
import { DEFAULT_INDICATOR_OPTIONS, FeedIndicators, type IndicatorOptions } from './indicators';
import { TasState } from './tas-state';
import type { VpinFactory } from './vpin';

/**
 * `limit` sent with every TAS poll. RIT 1.0.4 answers only 20 prints by default (1.0.3 read `limit`
 * as ticks back, default the whole period): an explicit, generous limit keeps a burst of prints
 * between two polls from being cut off on either version.
 */
export const TAS_LIMIT = 10_000;

export interface PollerOptions {
  ticker: string;
  api: FeedRitApi;
  /** Where snapshots are published; null = keep them local (unit tests). */
  writer: SlotWriter | null;
  pollDelayMs: number;
  bookDepth: number;
  casePollMs: number;
  inactivePollMs: number;
  staleAfterMs: number;
  /** Deadline of one poll's requests together (ms); guards APIs without their own timeout. */
  pollTimeoutMs: number;
  backoffInitialMs: number;
  backoffMaxMs: number;
  indicators: IndicatorOptions;
  historyCapacity: number;
  emit: (ev: FeedEvent) => void;
  log: (level: LogLevel, message: string, meta?: Record<string, unknown>) => void;
  vpinFactory?: VpinFactory;
  clientName?: string;
  /**
   * The virtual clock's simulator: instead of reading book and time & sales every pollDelayMs, the
   * feed waits until the tick or its book changes and reads them then (once per change).
   */
  waitForChange?: WaitForChange;
}

export const DEFAULT_POLLER_OPTIONS = {
  pollDelayMs: 0,
  bookDepth: 20,
  casePollMs: 250,
  inactivePollMs: 250,
  staleAfterMs: 2000,
  pollTimeoutMs: 1500,
  backoffInitialMs: 10,
  backoffMaxMs: 1000,
  historyCapacity: 4096,
  indicators: DEFAULT_INDICATOR_OPTIONS,
} as const;

/** Monotonic wall-clock-comparable time in ms, shared by all threads of the process. */
export const monoNow = (): number => performance.timeOrigin + performance.now();

const CASE_STATUSES: readonly string[] = ['ACTIVE', 'PAUSED', 'STOPPED'];

function validCase(c: unknown): Case {
  const x = c as Partial<Case> | null;
  if (
    !x ||
    typeof x !== 'object' ||
    !CASE_STATUSES.includes(String(x.status)) ||
    !Number.isInteger(x.period) ||
    !Number.isInteger(x.tick)
  ) {
    throw new MarketDataError('MD_MALFORMED_CASE', 'case answer lacks a status, an integer period or tick');
  }
  return x as Case;
}

/** The longest a wait for a change is held, ms (the snapshot's age stays well below staleAfterMs). */
const WAIT_TIMEOUT_MS = 1_000;
const WAIT_FAILURES_BEFORE_POLLING = 3;

/** The book and time & sales a wait's answer carried, as the simulator sent them. */
interface Carried {
  book: unknown;
  tas: unknown;
}

/**
 * The carried reads, parsed with rit-client's parsers as the /v1 reads' answers are: a malformed
 * book or print fails the poll with the same clear error a read would.
 */
function carriedReads(c: Carried): [PromiseSettledResult<Book>, PromiseSettledResult<Tas[]>] {
  const settle = <T>(f: () => T): PromiseSettledResult<T> => {
    try {
      return { status: 'fulfilled', value: f() };
    } catch (reason) {
      return { status: 'rejected', reason };
    }
  };
  return [
    settle(() => parseValue('GET /sim/wait (book)', c.book, parsers.parseBook)),
    settle(() => parseValue('GET /sim/wait (tas)', c.tas, parsers.parseTasList)),
  ];
}

class DeadlineError extends MarketDataError {
  constructor(ms: number) {
    super('MD_TIMEOUT', `poll took longer than ${ms} ms`);
  }
}

/**
 * One security's polling loop: /case at a low rate, then book and TAS (after = last id) together,
 * then a seqlock publish of the snapshot and events to subscribers. Never throws out of the loop:
 * failures flag the snapshot stale and back the loop off.
 */
export class FeedPoller {
  readonly tas: TasState;
  readonly indicators: FeedIndicators;
  private readonly o: PollerOptions;
  private readonly staging = new Float64Array(SLOT_FIELD_COUNT).fill(NaN);
  private book: BookSummary | null = null;
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private sleepTimer: NodeJS.Timeout | null = null;

  // case state
  status: CaseStatus | null = null;
  period = 0;
  tick = 0;
  private lastCasePollMs = -Infinity;
  /** The book version of the last wait's answer (-1: none yet). */
  private bookVersion = -1;
  /** Wait failures in a row: after a few the feed polls /case as without the wait. */
  private waitFailures = 0;
  // health
  private stale = false;
  private lastOkMs = NaN;
  private consecutiveFailures = 0;
  private lastErrorCode: string | null = null;
  private version = 0;
  // stats
  private readonly rtt: RecordableHistogram = createHistogram();
  private s = {
    polls: 0,
    okPolls: 0,
    failedPolls: 0,
    casePolls: 0,
    caseErrors: 0,
    printsSeen: 0,
    duplicatesDropped: 0,
    malformedEntries: 0,
    periodResets: 0,
  };
  private statsSinceMs = monoNow();
  private readonly startedMs = monoNow();

  constructor(opts: PollerOptions) {
    this.o = { ...opts };
    this.tas = new TasState(opts.historyCapacity);
    this.indicators = new FeedIndicators(opts.indicators, opts.vpinFactory);
  }

  get isRunning(): boolean {
    return this.running;
  }
  get pollDelayMs(): number {
    return this.o.pollDelayMs;
  }

  setPollDelay(ms: number): void {
    if (!(typeof ms === 'number' && Number.isFinite(ms) && ms >= 0)) {
      throw new MarketDataError('MD_BAD_POLL_DELAY', `poll delay must be a non-negative number of ms, got ${ms}`);
    }
    this.o.pollDelayMs = ms;
    this.interruptSleep();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.interruptSleep();
    await this.loop;
    this.loop = null;
    this.stale = true; // nobody refreshes this slot any more
    this.publish();
  }

  private interruptSleep(): void {
    if (this.sleepTimer) {
      clearTimeout(this.sleepTimer);
      this.sleepTimer = null;
    }
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
      // Delay 0 still yields a macrotask so comlink control messages and port traffic get through.
      if (ms <= 0)
        setImmediate(() => {
          if (this.wake === resolve) {
            this.wake = null;
            resolve();
          }
        });
      else
        this.sleepTimer = setTimeout(
          () => {
            this.sleepTimer = null;
            this.wake = null;
            resolve();
          },
          Math.max(1, Math.round(ms)),
        );
    });
  }

  private async run(): Promise<void> {
    while (this.running) {
      const startedMs = performance.now();
      await this.pollOnce();
      if (!this.isRunning) break; // stop() may have run during the poll
      const d = this.waiting() && this.status === 'ACTIVE' && this.consecutiveFailures === 0 ? 0 : this.nextDelayMs();
      // A healthy, active feed polls every pollDelayMs, start to start: counting the delay after
      // each answer made the period delay + round trip, and a book change waited that much longer.
      // Backoff and inactive-case delays still count from the end of the poll.
      await this.sleep(d === this.o.pollDelayMs ? d - (performance.now() - startedMs) : d);
    }
  }

  private nextDelayMs(): number {
    let d = this.o.pollDelayMs;
    if (this.status !== null && this.status !== 'ACTIVE') d = Math.max(d, this.o.inactivePollMs);
    if (this.consecutiveFailures > 0) {
      d += Math.min(this.o.backoffMaxMs, this.o.backoffInitialMs * 2 ** Math.min(20, this.consecutiveFailures - 1));
    }
    return d;
  }

  /** One complete poll cycle (public for tests: drives the poller without timers). */
  async pollOnce(): Promise<void> {
    const now = monoNow();
    let carried: Carried | null = null;
    if (this.waiting()) carried = await this.waitCase(now);
    else if (now - this.lastCasePollMs >= this.o.casePollMs || this.status !== 'ACTIVE') await this.pollCase(now);

    const t0 = performance.now();
    const afterId = this.tas.lastId;
    const [bookR, tasR] = carried !== null ? carriedReads(carried) : await this.readBookAndTas(afterId);
    this.s.polls++;

    let failure: unknown = null;
    if (bookR.status === 'fulfilled') {
      try {
        this.book = summarizeBook(bookR.value);
        this.s.malformedEntries += this.book.skipped;
      } catch (e) {
        failure = e;
      }
    } else failure = bookR.reason;

    if (tasR.status === 'fulfilled') {
      try {
        await this.ingestTas(tasR.value, afterId);
      } catch (e) {
        failure ??= e;
      }
    } else failure ??= tasR.reason;

    if (failure === null) {
      // The round trip of the reads: a wait's answer that carried them has none of its own.
      if (carried === null) this.rtt.record(Math.max(1, Math.round((performance.now() - t0) * 1e3)));
      this.s.okPolls++;
      this.consecutiveFailures = 0;
      this.lastOkMs = monoNow();
      if (this.book && Number.isFinite(this.book.mid)) this.indicators.onMid(this.book.mid, this.tick);
      this.setStale(false, 'poll succeeded');
    } else {
      this.s.failedPolls++;
      this.consecutiveFailures++;
      this.lastErrorCode = errorCode(failure);
      if (this.consecutiveFailures === 1 || this.consecutiveFailures % 100 === 0) {
        this.o.log('warn', `poll failed: ${errorMessage(failure)}`, {
          code: this.lastErrorCode,
          consecutive: this.consecutiveFailures,
        });
      }
      this.setStale(true, `${this.lastErrorCode}: ${errorMessage(failure)}`);
    }
    if (!this.stale && Number.isFinite(this.lastOkMs) && monoNow() - this.lastOkMs > this.o.staleAfterMs) {
      this.setStale(true, `no successful poll for ${this.o.staleAfterMs} ms`);
    }
    this.publish();
    if (this.unsent.length) {
      const prints = this.unsent;
      this.unsent = [];
      this.o.emit({ type: 'prints', ticker: this.o.ticker, prints });
    }
  }

  /** GET /securities/book and /securities/tas (after = `afterId`) together, within the poll's deadline. */
  private async readBookAndTas(
    afterId: number,
  ): Promise<[PromiseSettledResult<unknown>, PromiseSettledResult<unknown>]> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new DeadlineError(this.o.pollTimeoutMs)), this.o.pollTimeoutMs);
    });
    const reads = await Promise.allSettled([
      Promise.race([this.o.api.getBook(this.o.ticker, this.o.bookDepth), deadline]),
      Promise.race([this.o.api.getTas(this.o.ticker, { after: afterId, limit: TAS_LIMIT }), deadline]),
    ]);
    clearTimeout(timer);
    // The deadline is cleared or already reported through the races above; this only marks it handled.
    deadline.catch(() => undefined);
    return reads;
  }

  private async ingestTas(payload: unknown, afterId: number): Promise<void> {
    let r = this.tas.ingest(payload);
    if (r.newPeriod !== null) {
      // Ids restart each period; the batch was filtered with the old period's id, so refetch it all.
      this.newPeriod(r.newPeriod, 0, 'time & sales shows a new period');
      // Subscribers hear of the new period before its first prints, not at the next case poll.
      if (this.status !== null) {
        this.o.emit({
          type: 'state',
          ticker: this.o.ticker,
          status: this.status,
          period: r.newPeriod,
          tick: this.tick,
        });
      }
      r = this.tas.ingest(await this.o.api.getTas(this.o.ticker, { after: 0, limit: TAS_LIMIT }));
    }
    if (this.period === 0) this.period = this.tas.period;
    this.s.duplicatesDropped += r.duplicates;
    this.s.malformedEntries += r.malformed;
    if (r.malformed > 0) this.o.log('warn', `${r.malformed} malformed time & sales entries skipped`, { afterId });
    if (r.fresh.length === 0) return;
    const t = monoNow();
    for (const p of r.fresh) this.indicators.onPrint(p, t);
    this.s.printsSeen += r.fresh.length;
    const maxTick = last(r.fresh).tick;
    if (maxTick > this.tick) this.tick = maxTick; // prints can announce a tick before /case does
    this.unsent.push(...r.fresh);
  }

  /** Prints of this poll not sent yet: they go out after the publish, so a subscriber that reads the slot on receiving them sees them counted. */
  private unsent: Tas[] = [];

  private newPeriod(period: number, tick: number, reason: string): void {
    this.s.periodResets++;
    this.o.log('info', `period reset: ${reason}`, { from: this.period, to: period, tick });
    this.period = period;
    this.tick = tick;
    this.tas.reset(period);
    this.indicators.reset();
  }

  /** Whether this feed waits for changes (a wait that keeps failing turns it back into polling). */
  private waiting(): boolean {
    return this.o.waitForChange !== undefined && this.waitFailures < WAIT_FAILURES_BEFORE_POLLING;
  }

  /**
   * The wait for the next change: its answer carries the case's clock, applied as a /case answer,
   * and the book and the prints after the last id, which this poll then reads from it (null: read
   * them as without the wait).
   */
  private async waitCase(now: number): Promise<Carried | null> {
    this.lastCasePollMs = now;
    this.s.casePolls++;
    const seen = { status: this.status ?? '', period: this.period, tick: this.tick, version: this.bookVersion };
    const afterId = this.tas.lastId;
    const reads = { bookLimit: this.o.bookDepth, tasAfter: afterId, tasLimit: TAS_LIMIT };
    try {
      const p = await this.o.waitForChange!(seen, Math.min(WAIT_TIMEOUT_MS, this.o.staleAfterMs / 2), reads);
      this.waitFailures = 0;
      this.bookVersion = p.version;
      this.applyCase(validCase(p));
      // A new period reset the prints' ids: the carried prints were cut at the old period's id.
      if (this.tas.lastId !== afterId || !('book' in p) || !('tas' in p)) return null;
      return { book: p.book, tas: p.tas };
    } catch (e) {
      this.s.caseErrors++;
      if (++this.waitFailures === WAIT_FAILURES_BEFORE_POLLING)
        this.o.log('warn', `waiting for changes failed, polling instead: ${errorMessage(e)}`, { code: errorCode(e) });
      await this.pollCase(now);
      return null;
    }
  }

  private async pollCase(now: number): Promise<void> {
    this.lastCasePollMs = now;
    this.s.casePolls++;
    let c: Case;
    try {
      let timer: NodeJS.Timeout | undefined;
      c = validCase(
        await Promise.race([
          this.o.api.getCase(),
          new Promise<never>((_, rej) => {
            timer = setTimeout(() => rej(new DeadlineError(this.o.pollTimeoutMs)), this.o.pollTimeoutMs);
          }),
        ]).finally(() => clearTimeout(timer)),
      );
    } catch (e) {
      this.s.caseErrors++;
      if (this.s.caseErrors === 1 || this.s.caseErrors % 100 === 0) {
        this.o.log('warn', `case poll failed: ${errorMessage(e)}`, { code: errorCode(e), errors: this.s.caseErrors });
      }
      return;
    }
    this.applyCase(c);
  }

  private applyCase(c: Case): void {
    const changed = c.status !== this.status || c.period !== this.period || c.tick !== this.tick;
    if (this.period !== 0 && c.period !== this.period) this.newPeriod(c.period, c.tick, 'case period changed');
    else if (this.period !== 0 && c.tick < this.tick && this.tas.lastId > 0 && this.tick - c.tick > 1) {
      this.newPeriod(c.period, c.tick, 'case clock went backwards (restarted)');
    } else if (this.period === 0) {
      this.period = c.period;
      if (this.tas.period === 0) this.tas.reset(c.period);
    }
    if (c.status !== this.status && this.status !== null) {
      this.o.log('info', `case ${this.status} → ${c.status}`, { period: c.period, tick: c.tick });
    }
    this.status = c.status;
    if (c.tick > this.tick) this.tick = c.tick;
    this.indicators.onClock(c.tick);
    if (changed)
      this.o.emit({ type: 'state', ticker: this.o.ticker, status: c.status, period: c.period, tick: c.tick });
  }

  private setStale(stale: boolean, reason: string): void {
    if (stale === this.stale) return;
    this.stale = stale;
    this.o.emit({ type: stale ? 'stale' : 'recovered', ticker: this.o.ticker, reason });
    if (!stale) this.o.log('info', `feed recovered: ${reason}`);
  }

  private fillStaging(): Float64Array {
    const v = this.staging;
    const b = this.book;
    v[F.period] = this.period;
    v[F.tick] = this.tick;
    v[F.monoMs] = monoNow();
    v[F.bid] = b ? b.bid : NaN;
    v[F.ask] = b ? b.ask : NaN;
    v[F.bidSize] = b ? b.bidSize : 0;
    v[F.askSize] = b ? b.askSize : 0;
    v[F.mid] = b ? b.mid : NaN;
    v[F.depthBid] = b ? b.depthBid : 0;
    v[F.depthAsk] = b ? b.depthAsk : 0;
    v[F.bookImbalance] = b ? b.bookImbalance : 0;
    const t = this.tas;
    v[F.last] = t.last;
    v[F.lastSize] = t.lastSize;
    v[F.volume] = t.volume;
    v[F.vwap] = t.vwap;
    v[F.tradeCount] = t.tradeCount;
    v[F.lastPrintId] = t.lastId;
    this.indicators.fill(v);
    v[F.flags] =
      (this.stale || !b ? FLAG.stale : 0) |
      (b?.empty ? FLAG.empty : 0) |
      (b?.oneSided ? FLAG.oneSided : 0) |
      (this.status !== null && this.status !== 'ACTIVE' ? FLAG.inactive : 0);
    return v;
  }

  private publish(): void {
    const v = this.fillStaging();
    this.version++;
    this.o.writer?.publish(v);
  }

  /** The current snapshot built from local state (what the slot holds after the last publish). */
  snapshot(): Snapshot {
    const v = new Float64Array(this.fillStaging());
    return valuesToSnapshot(this.o.ticker, this.o.writer ? this.o.writer.version : this.version, v);
  }

  recentPrints(n: number): Tas[] {
    return this.tas.recent.toArray(Math.max(0, Math.floor(n)));
  }

  resetStats(): void {
    this.rtt.reset();
    for (const k of Object.keys(this.s) as Array<keyof typeof this.s>) this.s[k] = 0;
    this.statsSinceMs = monoNow();
  }

  stats(): FeedStats {
    const mem = process.memoryUsage();
    const elapsed = (monoNow() - this.statsSinceMs) / 1000;
    const has = this.rtt.count > 0;
    return {
      ticker: this.o.ticker,
      running: this.running,
      client: this.o.clientName ?? 'custom',
      ...this.s,
      consecutiveFailures: this.consecutiveFailures,
      rttP50Us: has ? this.rtt.percentile(50) : 0,
      rttP99Us: has ? this.rtt.percentile(99) : 0,
      rttMeanUs: has ? this.rtt.mean : 0,
      pollsPerSec: elapsed > 0 ? this.s.polls / elapsed : 0,
      pollDelayMs: this.o.pollDelayMs,
      status: this.status,
      period: this.period,
      tick: this.tick,
      inactive: this.status !== null && this.status !== 'ACTIVE',
      stale: this.stale,
      lastErrorCode: this.lastErrorCode,
      lastPrintId: this.tas.lastId,
      uptimeMs: monoNow() - this.startedMs,
      rssBytes: mem.rss,
      heapUsedBytes: mem.heapUsed,
    };
  }
}
