import { RitClient, type Case, type RitApi, type Tender } from '@ritc/rit-client';
import type { PollDelays, Snapshot } from '@ritc/market-data';
import {
  runStrategyTask,
  type DepthView,
  type LimitView,
  type Source,
  type StrategyContext,
  type StrategyKind,
  type StrategyResult,
  type StrategyTask,
} from '@ritc/strategies';
import { DEFAULT_CONFIG, type EngineConfig } from '../config';
import { EngineError, errorCode, errorMessage } from '../errors';
import type { RiskState } from '../events';
import { clientIdOfPending, ExecutionManager } from '../execution/execution-manager';
import { EventBus } from '../runtime/event-bus';
import { hrNowNs, monoNowMs } from '../runtime/clock';
import { LatencyRecorder } from '../runtime/latency';
import { type EngineLogger, silentLogger } from '../runtime/logger';
import { fetchDepth, HistorySampler } from './context-builder';
import { type FeedPollStats, type MarketFeed, PollingMarketFeed, WorkerMarketFeed } from './feeds';
import { Loop } from './loops';
import { TouchWatch, type TouchSource } from './touch-watch';
import { InlineStrategyRunner, PiscinaStrategyRunner, type StrategyRunner } from './strategy-runner';
import type { EndOfRun, EngineState, ShutdownReport, StrategyStats } from './state';
import { ExchangeHealth } from './exchange-health';
import { EndOfCase } from './end-of-case';

export interface StrategySpec {
  kind: StrategyKind;
  enabled?: boolean;
  params?: Record<string, unknown>;
}

export interface CoordinatorOptions {
  api: RitApi;
  config?: Partial<EngineConfig>;
  strategies?: StrategySpec[];
  /** Compiled worker files (main.js passes path.join(__dirname, 'security-feed.worker.js') etc.). */
  feedWorkerFile?: string;
  strategyWorkerFile?: string;
  /** Feed workers poll RIT themselves: they need the base URL and key (never logged). */
  connection?: { baseUrl: string; apiKey: string };
  feedPollDelayMs?: number;
  /** Per-security poll delays (`--poll-delay TICKER=MS`); wins over feedPollDelayMs. */
  feedPollDelays?: PollDelays;
  feedBookDepth?: number;
  /** Extra execArgv per security worker and for every pool thread (CPU profiling). */
  feedExecArgv?: (ticker: string) => string[];
  poolExecArgv?: string[];
  poolThreads?: number;
  /** Told of every thread the engine starts, with its role (threads.json for profiles). */
  onThread?: (t: { role: string; threadId?: number }) => void;
  /** Overrides: a ready feed / strategy runner (tests, custom deployments). */
  feed?: MarketFeed;
  runner?: StrategyRunner;
  logger?: EngineLogger;
  bus?: EventBus;
  /** close() the api on shutdown (when the engine created it). */
  ownsApi?: boolean;
}

const SOURCE_OF: Record<StrategyKind, Source> = {
  marketMaking: 'MARKET_MAKER',
  arbitrage: 'ARBITRAGE',
  tender: 'TENDER',
};

/**
 * The main-thread coordinator: owns the ExecutionManager (single writer of orders and positions),
 * the market-data feed, the strategy pool and the periodic loops, and shuts everything down so the
 * process can always exit.
 */
export class Coordinator {
  readonly em: ExecutionManager;
  readonly bus: EventBus;
  private readonly api: RitApi;
  private readonly log: EngineLogger;
  private readonly o: CoordinatorOptions;
  private feed: MarketFeed | null = null;
  private runner: StrategyRunner | null = null;
  private loops: Array<Loop | TouchWatch> = [];
  private tenders: Tender[] = [];
  private history: HistorySampler | null = null;
  private readonly memory = new Map<StrategyKind, unknown>();
  private readonly running = new Set<StrategyKind>();
  private readonly stats = new Map<StrategyKind, StrategyStats & { computeUs: LatencyRecorder }>();
  private started = false;
  private stopping = false;
  private shutdownPromise: Promise<ShutdownReport> | null = null;
  private nlvCad: number | null = null;
  /** The exchange's last net liquidation value, CAD (null before the first GET /trader). */
  get lastNlvCad(): number | null {
    return this.nlvCad;
  }
  private startedMs = 0;
  private limitBreaches = 0;
  /** Strategies asked to run again as soon as their current round ends (a tender arrived meanwhile). */
  private readonly rerun = new Set<StrategyKind>();
  private readonly fastRunning = new Set<StrategyKind>();
  private readonly generation = new Map<StrategyKind, number>();
  /** Runs fast-path decisions on this thread (or the custom runner a test or deployment gave). */
  private inlineRunner: StrategyRunner | null = null;
  private tenderApi: RitClient | null = null;
  private depthCache: { atMs: number; depth: Record<string, DepthView> } | null = null;
  private depthInFlight: Promise<void> | null = null;
  /** REDUCING near the end of the case, and the one flattening (end of case and shutdown). */
  private readonly endOfCaseRoom: EndOfCase;
  private seenActive = false;
  /** The case was seen running (ACTIVE, or PAUSED after tick 0): a STOPPED after that is its end. */
  private seenRunning = false;
  private closeOutPromise: Promise<void> | null = null;
  private startPromise: Promise<void> | null = null;
  /** Whether the exchange answers; declares it lost after `exchangeOutageMs` without an answer. */
  readonly health: ExchangeHealth;
  private endOfRun: EndOfRun | null = null;
  private resolveEnded: (e: EndOfRun) => void = () => undefined;
  /** Resolves when the run ends by itself: the case ended, or the exchange was lost. */
  readonly ended: Promise<EndOfRun> = new Promise<EndOfRun>((resolve) => {
    this.resolveEnded = resolve;
  });

  constructor(o: CoordinatorOptions) {
    this.o = o;
    this.api = o.api;
    this.log = o.logger ?? silentLogger;
    this.bus = o.bus ?? new EventBus(o.config?.maxEvents ?? DEFAULT_CONFIG.maxEvents);
    // Tenders get connections of their own, one for the poll and one for the answer: on the shared
    // pool (two connections) they queued behind book reads, /orders and /limits and took 5–25 ms to
    // leave on a busy machine; an answer sharing the poll's connection waits for the poll in flight.
    if (o.connection && (o.strategies ?? []).some((s) => s.kind === 'tender' && s.enabled !== false)) {
      this.tenderApi = new RitClient({
        baseUrl: o.connection.baseUrl,
        apiKey: o.connection.apiKey,
        connections: 2,
        timeoutMs: 2000,
      });
    }
    this.em = new ExecutionManager({
      api: o.api,
      ...(this.tenderApi ? { tenderApi: this.tenderApi } : {}),
      config: o.config ?? {},
      bus: this.bus,
      logger: this.log,
      quote: (t) => this.quoteFromFeed(t),
    });
    const em = this.em;
    this.endOfCaseRoom = new EndOfCase({
      config: em.config,
      caseState: () => em.caseState,
      gate: em.gate,
      positions: em.positions,
      securities: () => em.securities,
      liveOrders: () => em.store.live(),
      submit: (intents) => em.submit(intents),
      execute: (intents) => em.executeOrders(intents),
      pullOrders: (ids) => em.pullOrders(ids),
      log: this.log,
    });
    const cfg = this.em.config;
    this.health = new ExchangeHealth({
      outageMs: cfg.exchangeOutageMs,
      backoffBaseMs: cfg.outageBackoffBaseMs,
      backoffMaxMs: cfg.outageBackoffMaxMs,
      logEveryMs: cfg.outageLogEveryMs,
      now: monoNowMs,
      log: this.log,
      onLost: (ms, error) =>
        this.endRun('exchange-lost', `no answer from the exchange for ${Math.round(ms / 1000)} s (${error})`),
    });
    // The kill switch halts and cancels everything; it does not dump positions.
    this.em.gate.onHalt = (reason) => {
      void this.em
        .cancelAll(reason)
        .catch((err: unknown) => this.log.error('cancel on halt failed', { error: errorMessage(err) }));
    };
    for (const s of o.strategies ?? []) {
      this.stats.set(s.kind, {
        runs: 0,
        skippedBusy: 0,
        dropped: 0,
        errors: 0,
        ordersIntended: 0,
        lastNotes: [],
        computeUs: new LatencyRecorder(1024),
      });
    }
  }

  get config(): EngineConfig {
    return this.em.config;
  }

  /** Reads /case, /securities, /limits; starts feeds, the strategy pool and the loops. */
  start(): Promise<void> {
    if (this.started)
      return Promise.reject(new EngineError('ENGINE_ERR_ALREADY_STARTED', 'coordinator already started'));
    if (this.stopping)
      return Promise.reject(new EngineError('ENGINE_ERR_SHUTDOWN', 'start cancelled: the engine is shutting down'));
    this.started = true;
    this.startedMs = monoNowMs();
    this.startPromise = this.doStart();
    return this.startPromise;
  }

  /** Throws when a shutdown began during start-up: nothing more is started. */
  private checkNotStopping(): void {
    if (this.stopping) throw new EngineError('ENGINE_ERR_SHUTDOWN', 'start cancelled: the engine is shutting down');
  }

  private async doStart(): Promise<void> {
    await this.em.init();
    this.checkNotStopping();
    const tickers = Object.keys(this.em.securities).filter((t) => this.em.securities[t]!.isTradeable);
    this.history = new HistorySampler(
      tickers.filter((t) => !this.em.securities[t]!.isCurrency || t === this.config.hedgeCurrency),
      this.config.historyLength,
    );
    this.feed = this.o.feed ?? this.makeFeed(tickers);
    await this.feed.start();
    this.checkNotStopping();
    for (const t of tickers) this.o.onThread?.({ role: `feed:${t}` });
    // Decisions need books: a tender offered in the first milliseconds was declined for want of a
    // RITC snapshot. Bounded: a dead feed must not stop the engine from starting.
    const until = monoNowMs() + this.config.startupSnapshotWaitMs;
    const feed = this.feed;
    while (monoNowMs() < until && !this.stopping && tickers.some((t) => !feed.snapshot(t))) await sleep(5);
    this.checkNotStopping();
    if (!this.o.runner && this.o.strategyWorkerFile) {
      const pool = new PiscinaStrategyRunner(this.o.strategyWorkerFile, {
        threads: this.o.poolThreads,
        execArgv: this.o.poolExecArgv,
      });
      this.runner = pool;
      try {
        for (const id of await pool.warm()) this.o.onThread?.({ role: 'strategy-pool', threadId: id });
      } catch (err) {
        // Not fatal: the first decisions may then miss their deadline until the threads are up.
        this.log.warn('strategy pool did not answer its warm-up', { thread: 'main', error: errorMessage(err) });
      }
      this.checkNotStopping();
    } else {
      this.runner = this.o.runner ?? null;
    }
    // A custom runner (tests, deployments) also takes the fast paths; the pool's are inline.
    this.inlineRunner = this.o.runner ?? (this.runner ? new InlineStrategyRunner((t) => runStrategyTask(t)) : null);
    if (!this.runner && (this.o.strategies ?? []).some((s) => s.enabled !== false)) {
      this.log.warn('no strategyWorkerFile or runner: strategies will not run', { thread: 'main' });
    }
    const c = this.config;
    const onError = (name: string, err: unknown) => {
      // No answer at all: the health tracker logs the outage (once, then at a bounded rate).
      if (this.health.fail(err)) {
        this.log.debug(`${name} loop: no answer`, { thread: 'main', error: errorMessage(err), code: errorCode(err) });
        this.onUnanswered();
        return;
      }
      this.log.warn(`${name} loop failed`, { thread: 'main', error: errorMessage(err), code: errorCode(err) });
    };
    // Loops that ask the exchange: their answers tell the health tracker, and they back off in an outage.
    const asks = { delay: (ms: number) => this.health.delayFor(ms), onSuccess: () => this.health.ok() };
    const tenderOn = this.enabled('tender');
    this.loops = [
      new Loop(
        'case',
        c.casePollMs,
        async () => {
          this.onCase(await this.api.getCase());
        },
        onError,
        false,
        asks,
      ),
      // Finished orders are kept a while for late answers (1,000: minutes of trading); an /orders
      // answer about an older one is then foreign to the store, and tick-matched UNKNOWN orders cannot
      // take it (it is older than they are). 5,000 kept a 3,600-tick soak's heap growing to the end.
      new Loop(
        'orders',
        c.orderPollMs,
        async () => {
          await this.em.pollOrders();
          this.em.store.pruneTerminal(1000);
        },
        onError,
        false,
        asks,
      ),
      new Loop(
        'reconcile',
        c.reconcileMs,
        async () => {
          await this.em.reconcilePositions();
        },
        onError,
        false,
        asks,
      ),
      // The exchange's own gross/net figures: what the gate checks against, and the breach count of the report.
      new Loop(
        'limits',
        c.casePollMs,
        async () => {
          const limits = await this.api.getLimits();
          this.em.setLimits(limits);
          if (limits.some((l) => l.gross > l.gross_limit || Math.abs(l.net) > l.net_limit)) this.limitBreaches++;
        },
        onError,
        false,
        asks,
      ),
      new Loop(
        'trader',
        c.traderPollMs,
        async () => {
          const t = await this.api.getTrader();
          this.nlvCad = t.nlv;
          this.em.gate.observeNlv(t.nlv);
        },
        onError,
        false,
        asks,
      ),
      new Loop('tenders', c.tenderPollMs ?? this.feedPollDelayMs(), () => this.pollTenders(), onError, true, asks),
      ...(tenderOn ? [new Loop('depth', c.depthRefreshMs, () => this.refreshDepth(), onError, false, asks)] : []),
      new Loop(
        'history',
        c.historySampleMs,
        () => {
          this.history?.sample(this.em.tick, (t) => this.em.quote(t));
        },
        onError,
      ),
      new Loop('decide', c.decisionIntervalMs, () => this.decide(), onError),
      // The arbitrage reacts to a book change of its legs, not only at the next round.
      ...(this.enabled('arbitrage') ? [this.marketWatch(onError)] : []),
    ];
    // Before the loops: the first decisions and the first tender must not pay for loading and
    // compiling the strategy code (a cold first pool task took > 370 ms and was aborted).
    await this.warmUp().catch((err: unknown) =>
      this.log.warn('warm-up failed', { thread: 'main', error: errorMessage(err) }),
    );
    this.checkNotStopping();
    for (const l of this.loops) l.start();
    this.log.info('engine started', {
      thread: 'main',
      tickers,
      strategies: (this.o.strategies ?? []).map((s) => s.kind),
    });
  }

  private makeFeed(tickers: string[]): MarketFeed {
    if (this.o.feedWorkerFile && this.o.connection) {
      return new WorkerMarketFeed({
        file: this.o.feedWorkerFile,
        tickers,
        baseUrl: this.o.connection.baseUrl,
        apiKey: this.o.connection.apiKey,
        pollDelayMs: this.o.feedPollDelays ?? this.o.feedPollDelayMs ?? 50,
        defaultPollDelayMs: this.o.feedPollDelayMs ?? 50,
        bookDepth: this.o.feedBookDepth ?? 20,
        logger: this.log,
        execArgvFor: this.o.feedExecArgv,
      });
    }
    return new PollingMarketFeed(this.api, this.o.feedPollDelayMs ?? 100, this.log);
  }

  /** The default poll delay of the security feeds, ms (what a book change waits to be seen). */
  private feedPollDelayMs(): number {
    if (this.o.feedPollDelays) return this.o.feedPollDelays.defaultMs ?? this.o.feedPollDelayMs ?? 50;
    return this.o.feedPollDelayMs ?? (this.o.feedWorkerFile && this.o.connection ? 50 : 100);
  }

  /**
   * What runs watchMarket: woken by the feed workers' touch notifications when the feed has them
   * (a moved leg is acted on within the event loop's next turn), else polled at the feed's pace.
   */
  private marketWatch(onError: (name: string, err: unknown) => void): Loop | TouchWatch {
    const f = this.feed;
    if (f?.touchVersion && f.waitForTouch && f.interrupt) {
      return new TouchWatch(
        'market',
        f as TouchSource,
        this.arbLegs().filter((t) => this.em.securities[t]),
        () => this.watchMarket(),
        onError,
      );
    }
    return new Loop('market', Math.max(1, this.feedPollDelayMs()), () => this.watchMarket(), onError);
  }

  /** The arbitrage's legs: the ETF, its basket, the ETF's quote currency. */
  private arbLegs(): string[] {
    return [this.config.etfTicker, ...this.config.basketTickers, this.config.hedgeCurrency];
  }

  /** Touch of each arbitrage leg last seen by watchMarket ("bid/ask"). */
  private readonly legTouch = new Map<string, string>();

  /** Kicks the arbitrage when a leg's touch moved (a feed publishes every poll, changed or not). */
  private watchMarket(): void {
    if (this.stopping || this.em.caseState?.status !== 'ACTIVE') return;
    let changed = false;
    for (const t of this.arbLegs()) {
      const s = this.feed?.snapshot(t);
      if (!s) continue;
      const touch = `${s.bid}/${s.ask}`;
      if (touch === this.legTouch.get(t)) continue;
      this.legTouch.set(t, touch);
      changed = true;
    }
    if (!changed || !this.runner) return;
    // A round already deciding on the old touch runs again as soon as it ends. Not superseded: a
    // pool round may be recalibrating the model, which a fast round (that never calibrates) would
    // throw away; rounds every few ticks kept the arbitrage on its provisional model for minutes.
    if (this.running.has('arbitrage')) {
      this.rerun.add('arbitrage');
      return;
    }
    this.fastDecide('arbitrage');
  }

  /** The enabled spec of a strategy, if any. */
  private specOf(kind: StrategyKind): StrategySpec | undefined {
    return (this.o.strategies ?? []).find((s) => s.kind === kind && s.enabled !== false);
  }

  private enabled(kind: StrategyKind): boolean {
    return this.specOf(kind) !== undefined;
  }

  /** /case answer: tick, end-of-case risk state, and the close-out once the case has stopped. */
  private onCase(c: Case): void {
    this.em.updateCase(c);
    if (c.status === 'ACTIVE') this.seenActive = true;
    // A case that has not started yet (RIT shows STOPPED before the first tick) is not the end.
    if (c.status === 'ACTIVE' || (c.status === 'PAUSED' && c.tick > 0)) this.seenRunning = true;
    this.endOfCaseRoom.onTick(this.stopping);
    if (c.status === 'STOPPED' && this.seenActive && !this.stopping) void this.startCloseOut();
    if (c.status === 'STOPPED' && this.seenRunning) this.endRun('case-ended', 'the exchange shows the case STOPPED');
  }

  /** The run's end, once (the first reason wins). */
  private endRun(reason: EndOfRun['reason'], detail: string): void {
    if (this.endOfRun) return;
    this.endOfRun = { reason, detail, period: this.em.period, tick: this.em.tick };
    this.log.info(`run ends: ${reason}`, { thread: 'main', detail, tick: this.em.tick });
    this.resolveEnded(this.endOfRun);
  }

  /** How the run ended by itself, if it has (null while running, or after a signal). */
  get endedBy(): EndOfRun | null {
    return this.endOfRun;
  }

  /**
   * A request went unanswered. Once the case's last tick of its last period has been seen, the case
   * is over whatever the exchange does next: a standalone simulator closes at the end of its case,
   * so that is taken as the end of the case (it could only have had one tick left), not as an outage.
   */
  private onUnanswered(): void {
    const c = this.em.caseState;
    if (!c || !this.seenRunning) return;
    const lastPeriod = !(c.total_periods > 0) || c.period >= c.total_periods;
    if (lastPeriod && c.ticks_per_period > 0 && this.em.tick >= c.ticks_per_period - 1)
      this.endRun(
        'case-ended',
        `the exchange stopped answering after the case's last tick (${this.em.tick} of ${c.ticks_per_period})`,
      );
  }

  private startCloseOut(): Promise<void> {
    this.closeOutPromise ??= this.em.closeOut().then(
      () => undefined,
      (err: unknown) => {
        this.closeOutPromise = null; // try again (at shutdown)
        this.log.warn('close-out reconciliation failed', { thread: 'main', error: errorMessage(err) });
      },
    );
    return this.closeOutPromise;
  }

  private async refreshDepth(): Promise<void> {
    if (this.depthInFlight) return this.depthInFlight;
    const tickers = [this.config.etfTicker, ...this.config.basketTickers].filter((t) => this.em.securities[t]);
    this.depthInFlight = fetchDepth(this.api, tickers)
      .then((depth) => {
        this.depthCache = { atMs: monoNowMs(), depth };
      })
      .finally(() => {
        this.depthInFlight = null;
      });
    return this.depthInFlight;
  }

  private quoteFromFeed(t: string): { bid: number | null; ask: number | null } | null {
    const s = this.feed?.snapshot(t);
    if (!s || s.flags.stale) return null;
    return { bid: s.bid, ask: s.ask };
  }

  private async pollTenders(): Promise<void> {
    const list = await (this.tenderApi ?? this.api).getTenders();
    const known = new Set(this.tenders.map((t) => t.tender_id));
    let fresh = false;
    for (const t of list) {
      if (known.has(t.tender_id) || this.em.tenderDecision(t.tender_id)) continue;
      fresh = true;
      this.bus.emit({
        type: 'tender',
        t: monoNowMs(),
        tick: this.em.tick,
        tender: t,
        decision: 'SEEN',
        reason: 'offered',
      });
    }
    const live = new Set(list.map((t) => t.tender_id));
    for (const t of this.tenders) {
      if (!live.has(t.tender_id) && !this.em.tenderDecision(t.tender_id)) {
        this.bus.emit({
          type: 'tender',
          t: monoNowMs(),
          tick: this.em.tick,
          tender: t,
          decision: 'EXPIRED',
          reason: 'no longer offered',
        });
      }
    }
    this.tenders = list.filter((t) => !this.em.tenderDecision(t.tender_id));
    // Fast path: a new tender is decided now, not at the next decision round.
    if (fresh && this.enabled('tender')) this.fastDecide('tender');
  }

  /**
   * Decides now, on the fast runner (inline on this thread by default: a pool hop costs 1–10 ms on
   * a busy machine, the tender decision itself well under 1 ms once warm). A pool round of the same
   * strategy still in flight is superseded (its result is dropped as stale).
   */
  private fastDecide(kind: StrategyKind): void {
    const runner = this.fastRunnerFor(kind);
    if (!runner || this.stopping || this.health.down) return;
    const spec = this.specOf(kind);
    if (!spec) return;
    if (this.fastRunning.has(kind)) {
      this.rerun.add(kind);
      return;
    }
    this.fastRunning.add(kind);
    void this.runOne(spec, this.stats.get(kind)!, runner, true)
      .catch((err: unknown) =>
        this.log.error(`strategy ${kind} fast round failed`, { thread: 'main', role: kind, error: errorMessage(err) }),
      )
      .finally(() => {
        this.fastRunning.delete(kind);
        if (this.rerun.delete(kind)) this.fastDecide(kind);
      });
  }

  /** Where a fast decision of `kind` runs: inline when configured so, else on the pool. */
  private fastRunnerFor(kind: StrategyKind): StrategyRunner | null {
    const inline =
      kind === 'tender'
        ? this.config.tenderFastPathInline
        : kind === 'arbitrage'
          ? this.config.arbitrageFastPathInline
          : false;
    return this.o.runner ?? (inline ? this.inlineRunner : this.runner);
  }

  /**
   * Runs the inline fast paths' strategy code a few times (results discarded), so the first real
   * tender or leg move does not pay for compiling it: a made-up tender, and the arbitrage on the
   * current market.
   */
  private async warmUp(): Promise<void> {
    // The pool threads were warmed in start() (PiscinaStrategyRunner.warm); this compiles the inline paths.
    const arb = this.specOf('arbitrage');
    const arbRunner = this.fastRunnerFor('arbitrage');
    if (arb && arbRunner && arbRunner !== this.runner) {
      for (let i = 0; i < 20 && !this.stopping; i++) {
        const context = { ...(await this.buildContext(arb)), fast: true };
        await arbRunner
          .run({ kind: 'arbitrage', context, deadlineMs: monoNowMs() + 1000 }, AbortSignal.timeout(1000))
          // A warm-up round only compiles the code: its result and any failure are thrown away.
          .catch(() => undefined);
      }
    }
    const spec = this.specOf('tender');
    const fastRunner = this.fastRunnerFor('tender');
    if (!spec || !fastRunner || fastRunner === this.runner) return;
    const base = await this.buildContext(spec);
    const q = this.em.quote(this.config.etfTicker);
    if (!q || q.bid == null || q.ask == null) return;
    for (let i = 0; i < 30 && !this.stopping; i++) {
      const buy = i % 2 === 0;
      const t: Tender = {
        tender_id: -1 - i,
        period: base.period,
        tick: base.tick,
        expires: base.tick + 5,
        caption: 'warm-up',
        ticker: this.config.etfTicker,
        quantity: 10_000,
        action: buy ? 'BUY' : 'SELL',
        is_fixed_bid: true,
        price: buy ? q.bid - 0.1 : q.ask + 0.1,
      };
      await fastRunner
        .run(
          { kind: 'tender', context: { ...base, tenders: [t] }, deadlineMs: monoNowMs() + 1000 },
          AbortSignal.timeout(1000),
        )
        // A warm-up round only compiles the code: its result and any failure are thrown away.
        .catch(() => undefined);
    }
  }

  private launch(spec: StrategySpec): void {
    const st = this.stats.get(spec.kind)!;
    this.running.add(spec.kind);
    // Not awaited: one slow strategy must not hold back the others' rounds.
    void this.runOne(spec, st)
      .catch((err: unknown) =>
        this.log.error(`strategy ${spec.kind} round failed`, {
          thread: 'main',
          role: spec.kind,
          error: errorMessage(err),
        }),
      )
      .finally(() => {
        this.running.delete(spec.kind);
        // A move seen while this round decided on the old market is acted on now.
        if (!this.fastRunning.has(spec.kind) && this.rerun.delete(spec.kind)) this.fastDecide(spec.kind);
      });
  }

  /** One decision round: every enabled, idle strategy gets a fresh context on the pool. */
  decide(): void {
    // No decisions while the exchange does not answer: their orders and cancels could not leave.
    if (!this.runner || this.stopping || this.health.down) return;
    // The case loop is slower than a tick at fast clocks: the feeds carry the current tick.
    let tick = 0,
      period = 0;
    for (const t of Object.keys(this.em.securities)) {
      const s = this.feed?.snapshot(t);
      if (s && (s.period > period || (s.period === period && s.tick > tick))) {
        period = s.period;
        tick = s.tick;
      }
    }
    this.em.observeFeedTick(period, tick);
    this.endOfCaseRoom.onTick(this.stopping);
    const specs = (this.o.strategies ?? []).filter((s) => s.enabled !== false);
    for (const spec of specs) {
      const st = this.stats.get(spec.kind)!;
      // Stale signals are dropped, not queued: a strategy still deciding skips this round.
      if (this.running.has(spec.kind) || this.fastRunning.has(spec.kind)) {
        st.skippedBusy++;
        continue;
      }
      this.launch(spec);
    }
  }

  private async runOne(
    spec: StrategySpec,
    st: StrategyStats & { computeUs: LatencyRecorder },
    runner: StrategyRunner = this.runner!,
    fast = false,
  ): Promise<void> {
    // A decision started later supersedes this one (the tender fast path overtaking a pool round):
    // its orders and memory are newer.
    const gen = (this.generation.get(spec.kind) ?? 0) + 1;
    this.generation.set(spec.kind, gen);
    const context = await this.buildContext(spec);
    if (fast) context.fast = true;
    const deadlineMs = monoNowMs() + this.config.decisionDeadlineMs;
    const task: StrategyTask = { kind: spec.kind, context, deadlineMs };
    let result: StrategyResult;
    try {
      result = await runner.run(task, AbortSignal.timeout(this.config.decisionDeadlineMs * 4 + 50));
    } catch (err) {
      st.errors++;
      // A failed or crashed pool thread: logged with its role; piscina replaces the thread and the
      // strategy runs again next round with its previous memory.
      this.log.error(`strategy ${spec.kind} failed`, {
        thread: 'strategy-pool',
        role: spec.kind,
        error: errorMessage(err),
      });
      return;
    }
    const arrivalNs = hrNowNs();
    st.runs++;
    st.computeUs.record(result.computeUs);
    st.lastNotes = result.notes ?? [];
    if (this.stopping) return;
    if (monoNowMs() > deadlineMs) {
      st.dropped++;
      return;
    } // too late to act on: keep the old memory
    if (this.generation.get(spec.kind) !== gen) {
      st.dropped++;
      return;
    }
    this.memory.set(spec.kind, result.memory);
    this.apply(spec.kind, result, arrivalNs);
    // Reporting after the orders have left: it is not on the decision→send path.
    // A fast decision that changed nothing is not reported: the arbitrage runs on every leg move
    // (tens a second), and its scheduled rounds report the same figures ten times a second.
    const acted = result.orders.length + result.cancels.length + (result.tenders?.length ?? 0) > 0;
    if (result.metrics && (!fast || acted))
      this.bus.emit({ type: 'strategy', t: monoNowMs(), tick: this.em.tick, kind: spec.kind, metrics: result.metrics });
  }

  /**
   * Passes one decision through the gate and execution: tender answers and new orders first (the
   * latency-critical part), then cancels (their requests go out right behind). The gate still
   * counts the orders being cancelled, so near a limit a replacement may wait one round.
   */
  private apply(kind: StrategyKind, r: StrategyResult, arrivalNs: bigint): void {
    const own = SOURCE_OF[kind];
    for (const a of r.tenders ?? []) {
      const t = this.tenders.find((x) => x.tender_id === a.tenderId);
      if (!t) continue;
      const p = a.accept ? this.em.acceptTender(t, a.price, a.reason) : this.em.declineTender(t, a.reason);
      void p.catch((err: unknown) => this.log.warn('tender answer failed', { error: errorMessage(err) }));
    }
    const cancels: number[] = [];
    for (const id of r.cancels) {
      const pending = clientIdOfPending(id);
      if (pending !== null) {
        // Not acknowledged yet: withdrawn from the queue (no request, frees the gate's worst case
        // before the new orders), or cancelled as soon as its ack arrives.
        if (this.em.store.get(pending)?.source === own) this.em.cancelPending(pending, 'cancelled by its strategy');
        continue;
      }
      const o = this.em.store.byId(id);
      if (o && o.source === own) cancels.push(id);
    }
    if (r.orders.length) {
      this.stats.get(kind)!.ordersIntended += r.orders.length;
      this.em.submit(r.orders, undefined, arrivalNs, { supersede: true });
    }
    if (cancels.length)
      void this.em
        .pullOrders(cancels)
        .catch((err: unknown) => this.log.warn('cancel failed', { error: errorMessage(err) }));
  }

  async buildContext(spec: StrategySpec): Promise<StrategyContext> {
    const snapshots = this.snapshots();
    const c = this.em.caseState;
    const ctx: StrategyContext = {
      period: c?.period ?? 0,
      tick: c?.tick ?? 0,
      ticksPerPeriod: c?.ticks_per_period ?? 300,
      nowMs: monoNowMs(),
      snapshots,
      securities: this.em.securities,
      positions: this.em.positions.view(),
      openOrders: this.em.openOrderViews(),
      limits: this.limitViews(),
      tenders: [...this.tenders],
      memory: this.memory.get(spec.kind) ?? null,
      params: spec.params ?? {},
      riskState: this.em.gate.state,
    };
    if (spec.kind === 'tender' && this.tenders.length) {
      // The background copy is at most depthRefreshMs old: a tender is valued without waiting for
      // three book reads. Only a missing or old copy is read now.
      if (!this.depthCache || monoNowMs() - this.depthCache.atMs > this.config.depthMaxAgeMs) {
        try {
          await this.refreshDepth();
        } catch (err) {
          this.log.warn('depth fetch failed', { error: errorMessage(err) });
        }
      }
      if (this.depthCache) ctx.depth = this.depthCache.depth;
    }
    if (spec.kind === 'arbitrage' && this.history) ctx.history = this.history.get();
    return ctx;
  }

  private limitViews(): LimitView[] {
    return this.em.gate.usage().map((u) => ({
      name: u.name,
      gross: u.gross,
      net: u.net,
      grossLimit: u.grossLimit * this.config.limitUsage,
      netLimit: u.netLimit * this.config.limitUsage,
    }));
  }

  /** The latest snapshot of every security that has one (the dashboard's market rows). */
  snapshots(): Record<string, Snapshot> {
    const out: Record<string, Snapshot> = {};
    for (const t of Object.keys(this.em.securities)) {
      const s = this.feed?.snapshot(t);
      if (s) out[t] = s;
    }
    return out;
  }

  /** Poll statistics of the security workers ([] for feeds that keep none, or once stopped). */
  async feedStats(): Promise<FeedPollStats[]> {
    if (!this.feed?.stats || this.stopping) return [];
    return this.feed.stats();
  }

  // ---------------------------------------------------------------- commands

  resume(): void {
    this.em.gate.resume('resume command');
  }
  setRiskState(state: RiskState, reason: string): void {
    this.em.gate.setState(state, reason);
    if (state === 'HALTED')
      void this.em
        .cancelAll(reason)
        .catch((err: unknown) => this.log.error('cancel on halt failed', { error: errorMessage(err) }));
  }

  /** Dashboard view. */
  getState(): EngineState {
    const pnl = this.em.pnl();
    const strategies: EngineState['strategies'] = {};
    for (const [k, s] of this.stats) {
      const { computeUs, ...rest } = s;
      strategies[k] = { ...rest, computeUs: computeUs.summary() };
    }
    return {
      running: this.started && !this.stopping,
      tick: this.em.tick,
      period: this.em.period,
      caseStatus: this.em.caseState?.status ?? null,
      riskState: this.em.gate.state,
      drawdownCad: this.em.gate.drawdownCad,
      nlvCad: this.nlvCad,
      positions: this.em.positions.view(),
      pnlBySource: pnl,
      pnlTotalCad: Object.values(pnl).reduce((s, p) => s + p.netCad, 0),
      openOrders: this.em.openOrderViews(),
      liveOrders: this.em.liveOrders().length,
      queuedOrders: this.em.queue.size(),
      tenders: [...this.tenders],
      limitUsage: this.em.gate.usage(),
      latency: {
        decisionToSendUs: this.em.latencyDecisionToSendUs.summary(),
        orderRoundTripUs: this.em.latencyRoundTripUs.summary(),
      },
      pollRates: Object.fromEntries(
        this.loops.map((l) => [l.name, { hz: l.rateHz(), runs: l.runs, errors: l.errors, lastError: l.lastError }]),
      ),
      counters: { ...this.em.counters },
      fees: { feesCad: this.em.fees.totalFeesCad(), rebatesCad: this.em.fees.totalRebatesCad() },
      strategies,
      pool: this.runner?.stats() ?? null,
      feedIncidents: this.feed?.incidents().length ?? 0,
      limitBreaches: this.limitBreaches,
      uptimeMs: this.started ? monoNowMs() - this.startedMs : 0,
      exchange: this.health.stats(),
      endedBy: this.endOfRun,
      limitsEnforced: this.em.caseState?.is_enforce_trading_limits ?? null,
    };
  }

  // ---------------------------------------------------------------- shutdown

  /**
   * Stops strategies, cancels every open order (commands/cancel all, verified with GET /orders),
   * optionally flattens, waits for the answers, then terminates feeds and the pool. Idempotent.
   * Bounded by `shutdownTimeoutMs`: resources are released even if the exchange stops answering.
   */
  shutdown(opts: { flatten?: boolean; reason?: string } = {}): Promise<ShutdownReport> {
    if (!this.shutdownPromise) this.shutdownPromise = this.doShutdown(opts);
    return this.shutdownPromise;
  }

  private async doShutdown(opts: { flatten?: boolean; reason?: string }): Promise<ShutdownReport> {
    const reason = opts.reason ?? 'shutdown';
    this.stopping = true;
    const report: ShutdownReport = { reason, openOrdersLeft: null, flattened: false, timedOut: false, errors: [] };
    // Nothing new leaves from here on: queued orders are dropped, and an order a 429 sends back to
    // the queue is dropped too instead of waiting for a window that a storm may never open.
    this.em.queue.close(reason);
    const work = (async () => {
      // A start in progress sees `stopping` at its next step and gives up; what it started is stopped below.
      await this.startPromise?.catch((err: unknown) =>
        this.log.debug('start ended by the shutdown', { thread: 'main', error: errorMessage(err) }),
      );
      await Promise.all(this.loops.map((l) => l.stop()));
      if (!this.started) return;
      // POSTs in flight get a short while for their answers (the cancel-all below covers the rest).
      await Promise.race([this.em.drain(), sleep(this.config.shutdownDrainMs)]);
      report.openOrdersLeft = await this.cancelAndVerify(reason, report);
      if (opts.flatten) {
        this.em.queue.reopen();
        await this.endOfCaseRoom.flattenForShutdown();
        report.flattened = true;
        this.em.queue.close(reason);
        report.openOrdersLeft = await this.cancelAndVerify(reason, report);
      }
      await this.em.pollOrders().catch((err: unknown) => report.errors.push(errorMessage(err)));
      // The case is over: learn the exchange's close-out before the final positions are read.
      if (this.em.caseState?.status === 'STOPPED' && this.seenActive) await this.startCloseOut();
    })();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        report.timedOut = true;
        resolve();
      }, this.config.shutdownTimeoutMs);
    });
    await Promise.race([
      work.catch((err: unknown) => {
        report.errors.push(errorMessage(err));
      }),
      timeout,
    ]);
    clearTimeout(timer);
    this.em.close();
    await Promise.allSettled([this.feed?.stop(), this.runner?.close()]);
    const closeFailed = (err: unknown) => this.log.debug('closing a client failed', { error: errorMessage(err) });
    if (this.o.ownsApi) await this.api.close().catch(closeFailed);
    await this.tenderApi?.close().catch(closeFailed);
    this.bus.emit({
      type: 'log',
      t: monoNowMs(),
      level: 'info',
      thread: 'main',
      message: `engine stopped (${reason}); open orders left: ${String(report.openOrdersLeft)}`,
    });
    return report;
  }

  private async cancelAndVerify(reason: string, report: ShutdownReport): Promise<number | null> {
    const deadline = monoNowMs() + this.config.shutdownVerifyMs;
    let left: number | null = null;
    for (let i = 0; ; i++) {
      try {
        if (i === 0) await this.em.cancelAll(reason);
        const open = await this.api.getOrders('OPEN');
        left = open.length;
        if (left === 0) return 0;
        // Whatever survived the bulk cancel is cancelled one by one.
        await Promise.allSettled(
          open.map((o) => (o.order_id != null ? this.api.deleteOrder(o.order_id) : Promise.resolve())),
        );
        await this.api.cancelOrders({ all: true }).catch((err: unknown) => report.errors.push(errorMessage(err)));
      } catch (err) {
        report.errors.push(errorMessage(err));
      }
      if (monoNowMs() > deadline) return left;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => {
    setTimeout(r, ms).unref();
  });
}

export { installSignalHandlers } from './signals';
