import { RitClient, type RitApi } from '@ritc/rit-client';
import type { PollDelays, Snapshot } from '@ritc/market-data';
import { runStrategyTask, strategyOf, type StrategyKind } from '@ritc/strategies';
import { DEFAULT_CONFIG, type EngineConfig } from '../config';
import { EngineError, errorMessage } from '../errors';
import type { RiskState } from '../events';
import { ExecutionManager } from '../execution/execution-manager';
import { EventBus } from '../runtime/event-bus';
import { monoNowMs, sleep } from '../runtime/clock';
import { type EngineLogger, silentLogger } from '../runtime/logger';
import { HistorySampler } from './context-builder';
import { type FeedPollStats, feedPollDelays, makeFeed, type MarketFeed } from './feeds';
import { Loop } from './loops';
import type { TouchWatch } from './touch-watch';
import { InlineStrategyRunner, startPool, type StrategyRunner } from './strategy-runner';
import type { WarmThreads } from './warm-threads';
import type { EndOfRun, EngineState, EngineView, ShutdownReport } from './state';
import { ExchangeHealth } from './exchange-health';
import { EndOfCase } from './end-of-case';
import { Decisions } from './decisions';
import { engineLoops } from './engine-loops';
import { runShutdown } from './shutdown';
import { fetchCaseAnswers } from '../case/fetch';
import { NO_CASE, setUpCase, type CaseSetup } from './case-setup';
import { engineState } from './state-view';
import { RunWatch } from './run-watch';
import { engineVirtualReady, tenderLoopMs } from './virtual-ready';

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
  /** Poll delays of the security feeds: a default and per-security values (engine default: FEED_POLL_DEFAULT_MS). */
  feedPollDelays?: PollDelays;
  feedBookDepth?: number;
  /** Extra execArgv per security worker and for every pool thread (CPU profiling). */
  feedExecArgv?: (ticker: string) => string[];
  poolExecArgv?: string[];
  poolThreads?: number;
  /**
   * Threads kept between runs of one process (evaluations): feed threads are parked at the end and
   * reused, the strategy pool is borrowed. Default: every run starts and ends its own.
   */
  warmThreads?: WarmThreads;
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

/**
 * The main-thread coordinator: owns the ExecutionManager (single writer of orders and positions),
 * the market-data feed, the strategy pool and the periodic loops, and shuts everything down so the
 * process can always exit.
 */
export class Coordinator implements EngineView {
  readonly em: ExecutionManager;
  readonly bus: EventBus;
  private readonly api: RitApi;
  private readonly log: EngineLogger;
  private readonly o: CoordinatorOptions;
  private feed: MarketFeed | null = null;
  private runner: StrategyRunner | null = null;
  private loops: Array<Loop | TouchWatch> = [];
  private history: HistorySampler | null = null;
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
  /** Runs fast-path decisions on this thread (or the custom runner a test or deployment gave). */
  private inlineRunner: StrategyRunner | null = null;
  private tenderApi: RitClient | null = null;
  /** REDUCING near the end of the case, and the one flattening (end of case and shutdown). */
  private readonly endOfCaseRoom: EndOfCase;
  /** The decision rounds and fast paths. */
  private readonly decisions: Decisions;
  private startPromise: Promise<void> | null = null;
  /** What the case lists and which strategy trades what (empty until start-up reads the case). */
  private setup: CaseSetup | typeof NO_CASE = NO_CASE;
  get caseSetup(): CaseSetup | null {
    return this.setup.description ? this.setup : null;
  }
  /** Whether the exchange answers; declares it lost after `exchangeOutageMs` without an answer. */
  readonly health: ExchangeHealth;
  /** Watches for the run's end (case STOPPED, exchange gone after the last tick, exchange lost). */
  private readonly watch: RunWatch;
  /** Resolves when the run ends by itself: the case ended, or the exchange was lost. */
  get ended(): Promise<EndOfRun> {
    return this.watch.ended;
  }
  /** How the run ended by itself, if it has (null while running, or after a signal). */
  get endedBy(): EndOfRun | null {
    return this.watch.endedBy;
  }

  constructor(o: CoordinatorOptions) {
    this.o = o;
    this.api = o.api;
    this.log = o.logger ?? silentLogger;
    this.bus = o.bus ?? new EventBus(o.config?.maxEvents ?? DEFAULT_CONFIG.maxEvents);
    // Tenders get connections of their own, one for the poll and one for the answer: on the shared
    // pool (two connections) they queued behind book reads, /orders and /limits and took 5–25 ms to
    // leave on a busy machine; an answer sharing the poll's connection waits for the poll in flight.
    if (
      o.connection &&
      (o.strategies ?? []).some((s) => strategyOf(s.kind)?.needs.tenders === true && s.enabled !== false)
    ) {
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
      hedgeCurrencies: () => this.setup.plan.fxTickers,
      submit: (intents) => em.submit(intents),
      execute: (intents) => em.executeOrders(intents),
      pullOrders: (ids) => em.pullOrders(ids),
      snapshot: (t) => this.feed?.snapshot(t),
      log: this.log,
    });
    this.watch = new RunWatch({
      em: this.em,
      feed: () => this.feed,
      log: this.log,
      stopping: () => this.stopping,
      onCaseTick: () => this.endOfCaseRoom.onTick(this.stopping),
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
        this.watch.endRun('exchange-lost', `no answer from the exchange for ${Math.round(ms / 1000)} s (${error})`),
    });
    // The kill switch halts and cancels everything; it does not dump positions.
    this.em.gate.onHalt = (reason) => {
      void this.em
        .cancelAll(reason)
        .catch((err: unknown) => this.log.error('cancel on halt failed', { error: errorMessage(err) }));
    };
    this.decisions = new Decisions({
      em: this.em,
      api: this.api,
      config: this.em.config,
      bus: this.bus,
      log: this.log,
      specs: () => this.setup.specs,
      legs: () => this.setup.legs,
      customRunner: o.runner,
      runner: () => this.runner,
      inlineRunner: () => this.inlineRunner,
      feed: () => this.feed,
      history: () => this.history,
      snapshots: () => this.snapshots(),
      stopping: () => this.stopping,
      exchangeDown: () => this.health.down,
      onRound: () => {
        this.watch.observeFeedTick();
        this.endOfCaseRoom.onTick(this.stopping);
      },
    });
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
    return (this.startPromise = this.doStart());
  }

  /** Throws when a shutdown began during start-up: nothing more is started. */
  private checkNotStopping(): void {
    if (this.stopping) throw new EngineError('ENGINE_ERR_SHUTDOWN', 'start cancelled: the engine is shutting down');
  }

  private async doStart(): Promise<void> {
    const answers = await fetchCaseAnswers(this.api);
    this.setup = setUpCase(answers, this.o.strategies ?? [], this.log, this.bus);
    this.em.initFrom(answers, this.setup.description);
    this.checkNotStopping();
    const tickers = Object.keys(this.em.securities).filter((t) => this.em.securities[t]!.isTradeable);
    this.history = new HistorySampler(
      tickers.filter((t) => !this.em.securities[t]!.isCurrency || this.setup.plan.fxTickers.includes(t)),
      this.config.historyLength,
    );
    const feedCasePollMs = this.config.virtualClockReady ? 0 : undefined;
    const feedWaitForChanges = this.config.virtualClockReady;
    this.feed = this.o.feed ?? makeFeed({ ...this.o, feedCasePollMs, feedWaitForChanges }, tickers, this.api, this.log);
    await this.feed.start();
    this.checkNotStopping();
    for (const t of tickers) this.o.onThread?.({ role: `feed:${t}` });
    // Decisions need books: a tender offered in the first milliseconds was declined for want of an
    // ETF snapshot. Bounded: a dead feed must not stop the engine from starting.
    const until = monoNowMs() + this.config.startupSnapshotWaitMs;
    const feed = this.feed;
    while (monoNowMs() < until && !this.stopping && tickers.some((t) => !feed.snapshot(t))) await sleep(5);
    this.checkNotStopping();
    if (!this.o.runner && this.o.strategyWorkerFile) {
      this.runner = await startPool(this.o.strategyWorkerFile, this.o, this.log);
      this.checkNotStopping();
    } else {
      this.runner = this.o.runner ?? null;
    }
    // A custom runner (tests, deployments) also takes the fast paths; the pool's are inline.
    this.inlineRunner = this.o.runner ?? (this.runner ? new InlineStrategyRunner((t) => runStrategyTask(t)) : null);
    if (!this.runner && this.setup.specs.some((s) => s.enabled !== false)) {
      this.log.warn('no strategyWorkerFile or runner: strategies will not run', { thread: 'main' });
    }
    this.loops = engineLoops({
      config: this.config,
      api: this.api,
      em: this.em,
      health: this.health,
      log: this.log,
      decisions: this.decisions,
      onCase: (c) => this.watch.onCase(c),
      onUnanswered: () => this.watch.onUnanswered(),
      onNlv: (nlv) => {
        this.nlvCad = nlv;
      },
      onLimitBreach: () => {
        this.limitBreaches++;
      },
      pollTenders: () => this.pollTenders(),
      history: () => this.history,
      tenderPollMs: tenderLoopMs(this.config.virtualClockReady, feedPollDelays(this.o).defaultMs),
      feed: () => this.feed,
    });
    const conn = this.o.connection;
    if (this.config.virtualClockReady && conn) {
      const d = { api: this.api, em: this.em, decisions: this.decisions, log: this.log, connection: conn };
      this.loops.push(engineVirtualReady({ ...d, feed: () => this.feed, loops: () => this.loops }).loop);
    }
    // Before the loops: the first decisions and the first tender must not pay for loading and
    // compiling the strategy code (a cold first pool task took > 370 ms and was aborted).
    await this.decisions
      .warmUp()
      .catch((err: unknown) => this.log.warn('warm-up failed', { thread: 'main', error: errorMessage(err) }));
    this.checkNotStopping();
    for (const l of this.loops) l.start();
    this.log.info('engine started', {
      thread: 'main',
      tickers,
      strategies: this.setup.specs.filter((s) => s.enabled !== false).map((s) => s.kind),
    });
  }

  private quoteFromFeed(t: string): { bid: number | null; ask: number | null } | null {
    const s = this.feed?.snapshot(t);
    if (!s || s.flags.stale) return null;
    return { bid: s.bid, ask: s.ask };
  }

  private async pollTenders(): Promise<void> {
    const fresh = await this.em.tenders.poll();
    // Fast path: a new tender is decided now, not at the next decision round.
    if (fresh) this.decisions.onNewTender();
  }

  get caseStatus(): string | null {
    return this.em.caseState?.status ?? null;
  }
  get tick(): number {
    return this.em.tick;
  }
  position(ticker: string): number {
    return this.em.positions.position(ticker);
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
    return engineState({
      em: this.em,
      running: this.started && !this.stopping,
      nlvCad: this.nlvCad,
      strategies: this.decisions.statsView(),
      loops: this.loops,
      pool: this.runner?.stats() ?? null,
      feedIncidents: this.feed?.incidents().length ?? 0,
      limitBreaches: this.limitBreaches,
      uptimeMs: this.started ? monoNowMs() - this.startedMs : 0,
      exchange: this.health.stats(),
      endedBy: this.watch.endedBy,
    });
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

  private doShutdown(opts: { flatten?: boolean; reason?: string }): Promise<ShutdownReport> {
    this.stopping = true;
    return runShutdown(
      {
        em: this.em,
        api: this.api,
        config: this.config,
        bus: this.bus,
        log: this.log,
        startInProgress: () => this.startPromise,
        stopLoops: async () => {
          await Promise.all(this.loops.map((l) => l.stop()));
        },
        started: () => this.started,
        flatten: () => this.endOfCaseRoom.flattenForShutdown(),
        // The case is over: learn the exchange's close-out before the final positions are read.
        closeOut: () => this.watch.closeOutIfOver(),
        release: async () => {
          await Promise.allSettled([this.feed?.stop(), this.runner?.close()]);
          const closeFailed = (err: unknown) => this.log.debug('closing a client failed', { error: errorMessage(err) });
          if (this.o.ownsApi) await this.api.close().catch(closeFailed);
          await this.tenderApi?.close().catch(closeFailed);
        },
      },
      opts,
    );
  }
}

export { installSignalHandlers } from './signals';
