import type { RitApi, Tender } from '@ritc/rit-client';
import type { PollDelays, Snapshot } from '@ritc/market-data';
import type { LimitView, Source, StrategyContext, StrategyKind, StrategyResult, StrategyTask } from '@ritc/strategies';
import type { EngineConfig } from '../config';
import { EngineError, errorCode, errorMessage } from '../errors';
import type { RiskState } from '../events';
import { ExecutionManager } from '../execution/execution-manager';
import { splitOrder } from '../execution/orders';
import type { OrderIntent } from '@ritc/strategies';
import { EventBus } from '../runtime/event-bus';
import { hrNowNs, monoNowMs } from '../runtime/clock';
import { LatencyRecorder } from '../runtime/latency';
import { type EngineLogger, silentLogger } from '../runtime/logger';
import { fetchDepth, HistorySampler } from './context-builder';
import { type FeedPollStats, type MarketFeed, PollingMarketFeed, WorkerMarketFeed } from './feeds';
import { Loop } from './loops';
import { PiscinaStrategyRunner, type StrategyRunner } from './strategy-runner';
import type { EngineState, ShutdownReport, StrategyStats } from './state';

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

const SOURCE_OF: Record<StrategyKind, Source> = { marketMaking: 'MARKET_MAKER', arbitrage: 'ARBITRAGE', tender: 'TENDER' };

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
  private loops: Loop[] = [];
  private tenders: Tender[] = [];
  private history: HistorySampler | null = null;
  private readonly memory = new Map<StrategyKind, unknown>();
  private readonly running = new Set<StrategyKind>();
  private readonly stats = new Map<StrategyKind, StrategyStats & { computeUs: LatencyRecorder }>();
  private started = false;
  private stopping = false;
  private shutdownPromise: Promise<ShutdownReport> | null = null;
  private nlvCad: number | null = null;
  private startedMs = 0;

  constructor(o: CoordinatorOptions) {
    this.o = o;
    this.api = o.api;
    this.log = o.logger ?? silentLogger;
    this.bus = o.bus ?? new EventBus();
    this.em = new ExecutionManager({ api: o.api, config: o.config ?? {}, bus: this.bus, logger: this.log, quote: (t) => this.quoteFromFeed(t) });
    // The kill switch halts and cancels everything; it does not dump positions.
    this.em.gate.onHalt = (reason) => { void this.em.cancelAll(reason).catch((err: unknown) => this.log.error('cancel on halt failed', { error: errorMessage(err) })); };
    for (const s of o.strategies ?? []) {
      this.stats.set(s.kind, { runs: 0, skippedBusy: 0, dropped: 0, errors: 0, ordersIntended: 0, lastNotes: [], computeUs: new LatencyRecorder(1024) });
    }
  }

  get config(): EngineConfig { return this.em.config; }

  /** Reads /case, /securities, /limits; starts feeds, the strategy pool and the loops. */
  async start(): Promise<void> {
    if (this.started) throw new EngineError('ENGINE_ERR_ALREADY_STARTED', 'coordinator already started');
    this.started = true;
    this.startedMs = monoNowMs();
    await this.em.init();
    const tickers = Object.keys(this.em.securities).filter((t) => this.em.securities[t]!.isTradeable);
    this.history = new HistorySampler(tickers.filter((t) => !this.em.securities[t]!.isCurrency || t === this.config.hedgeCurrency), this.config.historyLength);
    this.feed = this.o.feed ?? this.makeFeed(tickers);
    await this.feed.start();
    for (const t of tickers) this.o.onThread?.({ role: `feed:${t}` });
    if (!this.o.runner && this.o.strategyWorkerFile) {
      const pool = new PiscinaStrategyRunner(this.o.strategyWorkerFile, { threads: this.o.poolThreads, execArgv: this.o.poolExecArgv });
      this.runner = pool;
      try {
        for (const id of await pool.warm()) this.o.onThread?.({ role: 'strategy-pool', threadId: id });
      } catch (err) {
        // Not fatal: the first decisions may then miss their deadline until the threads are up.
        this.log.warn('strategy pool did not answer its warm-up', { thread: 'main', error: errorMessage(err) });
      }
    } else {
      this.runner = this.o.runner ?? null;
    }
    if (!this.runner && (this.o.strategies ?? []).some((s) => s.enabled !== false)) {
      this.log.warn('no strategyWorkerFile or runner: strategies will not run', { thread: 'main' });
    }
    const c = this.config;
    const onError = (name: string, err: unknown) => {
      this.log.warn(`${name} loop failed`, { thread: 'main', error: errorMessage(err), code: errorCode(err) });
    };
    this.loops = [
      new Loop('case', c.casePollMs, async () => { this.em.updateCase(await this.api.getCase()); }, onError),
      new Loop('orders', c.orderPollMs, async () => { await this.em.pollOrders(); this.em.store.pruneTerminal(5000); }, onError),
      new Loop('reconcile', c.reconcileMs, async () => { await this.em.reconcilePositions(); this.em.setLimits(await this.api.getLimits()); }, onError),
      new Loop('trader', c.traderPollMs, async () => { const t = await this.api.getTrader(); this.nlvCad = t.nlv; this.em.gate.observeNlv(t.nlv); }, onError),
      new Loop('tenders', c.tenderPollMs, () => this.pollTenders(), onError),
      new Loop('history', c.historySampleMs, () => { this.history?.sample(this.em.tick, (t) => this.em.quote(t)); }, onError),
      new Loop('decide', c.decisionIntervalMs, () => this.decide(), onError),
    ];
    for (const l of this.loops) l.start();
    this.log.info('engine started', { thread: 'main', tickers, strategies: (this.o.strategies ?? []).map((s) => s.kind) });
  }

  private makeFeed(tickers: string[]): MarketFeed {
    if (this.o.feedWorkerFile && this.o.connection) {
      return new WorkerMarketFeed({ file: this.o.feedWorkerFile, tickers, baseUrl: this.o.connection.baseUrl, apiKey: this.o.connection.apiKey,
        pollDelayMs: this.o.feedPollDelays ?? this.o.feedPollDelayMs ?? 50, defaultPollDelayMs: this.o.feedPollDelayMs ?? 50,
        bookDepth: this.o.feedBookDepth ?? 20, logger: this.log, execArgvFor: this.o.feedExecArgv });
    }
    return new PollingMarketFeed(this.api, this.o.feedPollDelayMs ?? 100, this.log);
  }

  private quoteFromFeed(t: string): { bid: number | null; ask: number | null } | null {
    const s = this.feed?.snapshot(t);
    if (!s || s.flags.stale) return null;
    return { bid: s.bid, ask: s.ask };
  }

  private async pollTenders(): Promise<void> {
    const list = await this.api.getTenders();
    const known = new Set(this.tenders.map((t) => t.tender_id));
    for (const t of list) {
      if (!known.has(t.tender_id)) this.bus.emit({ type: 'tender', t: monoNowMs(), tick: this.em.tick, tender: t, decision: 'SEEN', reason: 'offered' });
    }
    const live = new Set(list.map((t) => t.tender_id));
    for (const t of this.tenders) {
      if (!live.has(t.tender_id) && !this.em.tenderDecision(t.tender_id)) {
        this.bus.emit({ type: 'tender', t: monoNowMs(), tick: this.em.tick, tender: t, decision: 'EXPIRED', reason: 'no longer offered' });
      }
    }
    this.tenders = list.filter((t) => !this.em.tenderDecision(t.tender_id));
  }

  /** One decision round: every enabled, idle strategy gets a fresh context on the pool. */
  async decide(): Promise<void> {
    if (!this.runner || this.stopping) return;
    const specs = (this.o.strategies ?? []).filter((s) => s.enabled !== false);
    for (const spec of specs) {
      const st = this.stats.get(spec.kind)!;
      // Stale signals are dropped, not queued: a strategy still deciding skips this round.
      if (this.running.has(spec.kind)) { st.skippedBusy++; continue; }
      this.running.add(spec.kind);
      // Not awaited: one slow strategy must not hold back the others' rounds.
      void this.runOne(spec, st)
        .catch((err: unknown) => this.log.error(`strategy ${spec.kind} round failed`, { thread: 'main', role: spec.kind, error: errorMessage(err) }))
        .finally(() => this.running.delete(spec.kind));
    }
  }

  private async runOne(spec: StrategySpec, st: StrategyStats & { computeUs: LatencyRecorder }): Promise<void> {
    const context = await this.buildContext(spec);
    const deadlineMs = monoNowMs() + this.config.decisionDeadlineMs;
    const task: StrategyTask = { kind: spec.kind, context, deadlineMs };
    let result: StrategyResult;
    try {
      result = await this.runner!.run(task, AbortSignal.timeout(this.config.decisionDeadlineMs * 4 + 50));
    } catch (err) {
      st.errors++;
      // A failed or crashed pool thread: logged with its role; piscina replaces the thread and the
      // strategy runs again next round with its previous memory.
      this.log.error(`strategy ${spec.kind} failed`, { thread: 'strategy-pool', role: spec.kind, error: errorMessage(err) });
      return;
    }
    const arrivalNs = hrNowNs();
    st.runs++;
    st.computeUs.record(result.computeUs);
    st.lastNotes = result.notes ?? [];
    if (this.stopping) return;
    if (monoNowMs() > deadlineMs) { st.dropped++; return; } // too late to act on: keep the old memory
    this.memory.set(spec.kind, result.memory);
    if (result.metrics) this.bus.emit({ type: 'strategy', t: monoNowMs(), tick: this.em.tick, kind: spec.kind, metrics: result.metrics });
    this.apply(spec.kind, result, arrivalNs);
  }

  /** Passes one decision through the gate and execution: cancels, tender answers, then new orders. */
  private apply(kind: StrategyKind, r: StrategyResult, arrivalNs: bigint): void {
    const own = SOURCE_OF[kind];
    const cancels = (r.cancels ?? []).filter((id) => { const o = this.em.store.byId(id); return !!o && o.source === own; });
    if (cancels.length) void this.em.pullOrders(cancels).catch((err: unknown) => this.log.warn('cancel failed', { error: errorMessage(err) }));
    for (const a of r.tenders ?? []) {
      const t = this.tenders.find((x) => x.tender_id === a.tenderId);
      if (!t) continue;
      const p = a.accept ? this.em.acceptTender(t, a.price, a.reason) : this.em.declineTender(t, a.reason);
      void p.catch((err: unknown) => this.log.warn('tender answer failed', { error: errorMessage(err) }));
    }
    if (r.orders?.length) {
      this.stats.get(kind)!.ordersIntended += r.orders.length;
      this.em.submit(r.orders, undefined, arrivalNs);
    }
  }

  async buildContext(spec: StrategySpec): Promise<StrategyContext> {
    const snapshots: Record<string, Snapshot> = {};
    for (const t of Object.keys(this.em.securities)) { const s = this.feed?.snapshot(t); if (s) snapshots[t] = s; }
    const c = this.em.caseState;
    const ctx: StrategyContext = {
      period: c?.period ?? 0, tick: c?.tick ?? 0, ticksPerPeriod: c?.ticks_per_period ?? 300, nowMs: monoNowMs(),
      snapshots, securities: this.em.securities, positions: this.em.positions.view(), openOrders: this.em.openOrderViews(),
      limits: this.limitViews(), tenders: [...this.tenders], memory: this.memory.get(spec.kind) ?? null, params: spec.params ?? {},
    };
    if (spec.kind === 'tender' && this.tenders.length) {
      const tickers = [this.config.etfTicker, ...this.config.basketTickers].filter((t) => this.em.securities[t]);
      try { ctx.depth = await fetchDepth(this.api, tickers); } catch (err) { this.log.warn('depth fetch failed', { error: errorMessage(err) }); }
    }
    if (spec.kind === 'arbitrage' && this.history) ctx.history = this.history.get();
    return ctx;
  }

  private limitViews(): LimitView[] {
    return this.em.gate.usage().map((u) => ({ name: u.name, gross: u.gross, net: u.net, grossLimit: u.grossLimit * this.config.limitUsage, netLimit: u.netLimit * this.config.limitUsage }));
  }

  /** The latest snapshot of every security that has one (the dashboard's market rows). */
  snapshots(): Record<string, Snapshot> {
    const out: Record<string, Snapshot> = {};
    for (const t of Object.keys(this.em.securities)) { const s = this.feed?.snapshot(t); if (s) out[t] = s; }
    return out;
  }

  /** Poll statistics of the security workers ([] for feeds that keep none, or once stopped). */
  async feedStats(): Promise<FeedPollStats[]> {
    if (!this.feed?.stats || this.stopping) return [];
    return this.feed.stats();
  }

  // ---------------------------------------------------------------- commands

  resume(): void { this.em.gate.resume('resume command'); }
  setRiskState(state: RiskState, reason: string): void {
    this.em.gate.setState(state, reason);
    if (state === 'HALTED') void this.em.cancelAll(reason).catch(() => {});
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
      tick: this.em.tick, period: this.em.period, caseStatus: this.em.caseState?.status ?? null,
      riskState: this.em.gate.state, drawdownCad: this.em.gate.drawdownCad, nlvCad: this.nlvCad,
      positions: this.em.positions.view(), pnlBySource: pnl,
      pnlTotalCad: Object.values(pnl).reduce((s, p) => s + p.netCad, 0),
      openOrders: this.em.openOrderViews(), liveOrders: this.em.liveOrders().length, queuedOrders: this.em.queue.size(),
      tenders: [...this.tenders], limitUsage: this.em.gate.usage(),
      latency: { decisionToSendUs: this.em.latencyDecisionToSendUs.summary(), orderRoundTripUs: this.em.latencyRoundTripUs.summary() },
      pollRates: Object.fromEntries(this.loops.map((l) => [l.name, { hz: l.rateHz(), runs: l.runs, errors: l.errors, lastError: l.lastError }])),
      counters: { ...this.em.counters },
      fees: { feesCad: this.em.fees.totalFeesCad(), rebatesCad: this.em.fees.totalRebatesCad() },
      strategies, pool: this.runner?.stats() ?? null, feedIncidents: this.feed?.incidents().length ?? 0,
      uptimeMs: this.started ? monoNowMs() - this.startedMs : 0,
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
    const work = (async () => {
      await Promise.all(this.loops.map((l) => l.stop()));
      if (!this.started) return;
      this.em.queue.flush(reason);
      await this.em.drain();
      report.openOrdersLeft = await this.cancelAndVerify(reason, report);
      if (opts.flatten) {
        await this.flatten(report);
        report.openOrdersLeft = await this.cancelAndVerify(reason, report);
      }
      await this.em.pollOrders().catch((err: unknown) => report.errors.push(errorMessage(err)));
    })();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => { timer = setTimeout(() => { report.timedOut = true; resolve(); }, this.config.shutdownTimeoutMs); });
    await Promise.race([work.catch((err: unknown) => { report.errors.push(errorMessage(err)); }), timeout]);
    clearTimeout(timer);
    this.em.close();
    await Promise.allSettled([this.feed?.stop(), this.runner?.close()]);
    if (this.o.ownsApi) await this.api.close().catch(() => {});
    this.bus.emit({ type: 'log', t: monoNowMs(), level: 'info', thread: 'main', message: `engine stopped (${reason}); open orders left: ${String(report.openOrdersLeft)}` });
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
        await Promise.allSettled(open.map((o) => (o.order_id != null ? this.api.deleteOrder(o.order_id) : Promise.resolve())));
        await this.api.cancelOrders({ all: true }).catch(() => {});
      } catch (err) { report.errors.push(errorMessage(err)); }
      if (monoNowMs() > deadline) return left;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Closes every share position and brings currency balances other than the base back to ~0. */
  private async flatten(report: ShutdownReport): Promise<void> {
    this.em.gate.setState('REDUCING', 'shutdown flatten');
    const intents: OrderIntent[] = [];
    const totals = this.em.positions.totals();
    for (const [t, p] of Object.entries(totals)) {
      const sec = this.em.securities[t];
      if (!sec || !sec.isTradeable || sec.isCurrency) continue;
      const q = Math.trunc(p);
      if (q !== 0) intents.push(...splitOrder({ ticker: t, type: 'MARKET', action: q > 0 ? 'SELL' : 'BUY', quantity: Math.abs(q), source: 'HEDGE', tag: 'flatten' } as OrderIntent, sec.maxTradeSize));
    }
    await this.em.executeOrders(intents);
    const ccy = this.config.hedgeCurrency;
    const sec = this.em.securities[ccy];
    const bal = Math.round(this.em.positions.position(ccy));
    if (sec?.isTradeable && Math.abs(bal) >= this.config.minCurrencyHedgeUsd) {
      await this.em.executeOrders(splitOrder({ ticker: ccy, type: 'MARKET', action: bal > 0 ? 'SELL' : 'BUY', quantity: Math.abs(bal), source: 'HEDGE', tag: 'flatten' } as OrderIntent, sec.maxTradeSize));
    }
    report.flattened = true;
  }
}

/**
 * SIGINT/SIGTERM → shutdown (optionally flattening) → exit. Library code never installs these by
 * itself; main.js calls this. Returns an uninstaller. A second signal exits at once.
 */
export function installSignalHandlers(engine: Pick<Coordinator, 'shutdown'>, opts: { flatten?: boolean; exit?: (code: number) => void; hardTimeoutMs?: number } = {}): () => void {
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  let signalled = false;
  const handler = (sig: NodeJS.Signals) => {
    if (signalled) { exit(130); return; }
    signalled = true;
    const hard = setTimeout(() => exit(1), opts.hardTimeoutMs ?? 15_000);
    hard.unref();
    engine.shutdown({ flatten: opts.flatten ?? false, reason: sig }).then(
      (r) => { clearTimeout(hard); exit(r.openOrdersLeft === 0 || r.openOrdersLeft === null ? 0 : 1); },
      () => { clearTimeout(hard); exit(1); },
    );
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => { process.off('SIGINT', handler); process.off('SIGTERM', handler); };
}

