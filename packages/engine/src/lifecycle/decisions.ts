import type { RitApi } from '@ritc/rit-client';
import type { Snapshot } from '@ritc/market-data';
import {
  STRATEGY_ENTRIES,
  strategyOf,
  type StrategyContext,
  type StrategyKind,
  type StrategyResult,
  type StrategyTask,
} from '@ritc/strategies';
import type { EtfLegs } from '../case/assign';
import type { EngineConfig } from '../config';
import { errorMessage } from '../errors';
import type { ExecutionManager } from '../execution/execution-manager';
import { clientIdOfPending } from '../orders/order-views';
import type { EventBus } from '../runtime/event-bus';
import { hrNowNs, monoNowMs } from '../runtime/clock';
import { LatencyRecorder } from '../runtime/latency';
import type { EngineLogger } from '../runtime/logger';
import { DepthCache, limitViews, type HistorySampler } from './context-builder';
import { warmOnMarket, warmOnTenders } from './warm-up';
import type { MarketFeed } from './feeds';
import type { StrategySpec } from './coordinator';
import type { StrategyStats } from './state';
import type { StrategyRunner } from './strategy-runner';

/** What the decision rounds need from the coordinator. */
export interface DecisionsDeps {
  em: ExecutionManager;
  api: RitApi;
  config: EngineConfig;
  bus: EventBus;
  log: EngineLogger;
  /** The strategies with their tickers from the case (set once the case is read). */
  specs(): readonly StrategySpec[];
  /** The ETF legs from the case: watched for moves, read in depth for tenders (null: the case has none). */
  legs(): EtfLegs | null;
  /** A runner a test or deployment gave: it also takes the fast paths. */
  customRunner: StrategyRunner | undefined;
  runner(): StrategyRunner | null;
  inlineRunner(): StrategyRunner | null;
  feed(): MarketFeed | null;
  history(): HistorySampler | null;
  snapshots(): Record<string, Snapshot>;
  stopping(): boolean;
  /** The exchange is not answering: no decision runs. */
  exchangeDown(): boolean;
  /** Every round first brings the case's tick and end-of-case state forward. */
  onRound(): void;
}

type Stats = StrategyStats & { computeUs: LatencyRecorder };

/**
 * The decision rounds: every `decisionIntervalMs` each enabled, idle strategy decides on a fresh
 * context (on the pool); the fast paths decide a new tender or a moved arbitrage leg at once; each
 * result goes through the gate and execution (only on the strategy's own orders).
 */
export class Decisions {
  private readonly memory = new Map<StrategyKind, unknown>();
  private readonly running = new Set<StrategyKind>();
  private readonly stats = new Map<StrategyKind, Stats>();
  /** Strategies asked to run again as soon as their current round ends (a tender arrived meanwhile). */
  private readonly rerun = new Set<StrategyKind>();
  private readonly fastRunning = new Set<StrategyKind>();
  private readonly generation = new Map<StrategyKind, number>();
  /** Books of the ETF, its basket and the tendered tickers for the tender decision, refreshed in the background. */
  readonly depth: DepthCache;
  /** Touch of each arbitrage leg last seen by watchMarket ("bid/ask"). */
  private readonly legTouch = new Map<string, string>();

  constructor(private readonly d: DecisionsDeps) {
    this.depth = new DepthCache(d.api, () => {
      const legs = d.legs();
      // With the ETF legs, the tickers of the tenders offered now (a tender on a single stock walks its book).
      const tendered = d.em.tenders.offered().map((t) => t.ticker);
      const tickers = [...new Set([...(legs ? [legs.etf, ...legs.basket] : []), ...tendered])];
      return tickers.filter((t) => d.em.securities[t]);
    });
    for (const s of d.specs()) this.statsOf(s.kind);
  }

  /** Per strategy: runs, skips, drops, errors, compute time. */
  statsView(): Record<string, StrategyStats & { computeUs: ReturnType<LatencyRecorder['summary']> }> {
    const out: Record<string, StrategyStats & { computeUs: ReturnType<LatencyRecorder['summary']> }> = {};
    for (const [k, s] of this.stats) {
      const { computeUs, ...rest } = s;
      out[k] = { ...rest, computeUs: computeUs.summary() };
    }
    return out;
  }

  private statsOf(kind: StrategyKind): Stats {
    let st = this.stats.get(kind);
    if (!st) {
      st = {
        runs: 0,
        skippedBusy: 0,
        dropped: 0,
        errors: 0,
        ordersIntended: 0,
        lastNotes: [],
        computeUs: new LatencyRecorder(1024),
      };
      this.stats.set(kind, st);
    }
    return st;
  }

  /** A decision is running or asked to run again (a virtual-clock tick waits for it). */
  get busy(): boolean {
    return this.running.size + this.fastRunning.size + this.rerun.size > 0;
  }

  /** The arbitrage's legs: the ETF, its basket, the ETF's quote currency. */
  arbLegs(): string[] {
    const legs = this.d.legs();
    return legs ? [legs.etf, ...legs.basket, legs.fx].filter((t) => t !== '') : [];
  }

  /** Kicks the strategies that watch the legs when a leg's touch moved (a feed publishes every poll, changed or not). */
  watchMarket(): void {
    if (this.d.stopping() || this.d.em.caseState?.status !== 'ACTIVE') return;
    let changed = false;
    for (const t of this.arbLegs()) {
      const s = this.d.feed()?.snapshot(t);
      if (!s) continue;
      const touch = `${s.bid}/${s.ask}`;
      if (touch === this.legTouch.get(t)) continue;
      this.legTouch.set(t, touch);
      changed = true;
    }
    if (!changed || !this.d.runner()) return;
    for (const { kind } of STRATEGY_ENTRIES.filter((e) => e.needs.legs)) {
      // A round already deciding on the old touch runs again as soon as it ends. Not superseded: a
      // pool round may be recalibrating the model, which a fast round (that never calibrates) would
      // throw away; rounds every few ticks kept the arbitrage on its provisional model for minutes.
      if (this.running.has(kind)) this.rerun.add(kind);
      else this.fastDecide(kind);
    }
  }

  /** A new tender was offered: the strategies that answer tenders decide at once. */
  onNewTender(): void {
    for (const { kind, needs } of STRATEGY_ENTRIES) if (needs.tenders && this.enabled(kind)) this.fastDecide(kind);
  }

  /** The enabled spec of a strategy, if any. */
  specOf(kind: StrategyKind): StrategySpec | undefined {
    return this.d.specs().find((s) => s.kind === kind && s.enabled !== false);
  }

  enabled(kind: StrategyKind): boolean {
    return this.specOf(kind) !== undefined;
  }

  /**
   * Decides now, on the fast runner (inline on this thread by default: a pool hop costs 1–10 ms on
   * a busy machine, the tender decision itself well under 1 ms once warm). A pool round of the same
   * strategy still in flight is superseded (its result is dropped as stale).
   */
  fastDecide(kind: StrategyKind): void {
    const runner = this.fastRunnerFor(kind);
    if (!runner || this.d.stopping() || this.d.exchangeDown()) return;
    const spec = this.specOf(kind);
    if (!spec) return;
    if (this.fastRunning.has(kind)) {
      this.rerun.add(kind);
      return;
    }
    this.fastRunning.add(kind);
    void this.runOne(spec, this.statsOf(kind), runner, true)
      .catch((err: unknown) =>
        this.d.log.error(`strategy ${kind} fast round failed`, {
          thread: 'main',
          role: kind,
          error: errorMessage(err),
        }),
      )
      .finally(() => {
        this.fastRunning.delete(kind);
        if (this.rerun.delete(kind)) this.fastDecide(kind);
      });
  }

  /** Where a fast decision of `kind` runs: inline when configured so, else on the pool. */
  private fastRunnerFor(kind: StrategyKind): StrategyRunner | null {
    const needs = strategyOf(kind)?.needs;
    const inline =
      (needs?.tenders === true && this.d.config.tenderFastPathInline) ||
      (needs?.legs === true && this.d.config.arbitrageFastPathInline);
    return this.d.customRunner ?? (inline ? this.d.inlineRunner() : this.d.runner());
  }

  /**
   * Runs the inline fast paths' strategy code a few times (results discarded), so the first real
   * tender or leg move does not pay for compiling it: a made-up tender, and the arbitrage on the
   * current market.
   */
  async warmUp(): Promise<void> {
    // The pool threads were warmed in start() (PiscinaStrategyRunner.warm); this compiles the inline paths.
    for (const { kind, needs } of STRATEGY_ENTRIES) {
      const spec = this.specOf(kind);
      const runner = this.fastRunnerFor(kind);
      if (!spec || !runner || runner === this.d.runner()) continue;
      const w = { build: () => this.buildContext(spec), runner, stopping: () => this.d.stopping() };
      if (needs.legs) await warmOnMarket(spec.kind, w);
      const etf = this.d.legs()?.etf;
      if (needs.tenders && etf) await warmOnTenders(spec.kind, w, etf, () => this.d.em.quote(etf));
    }
  }

  private launch(spec: StrategySpec): void {
    const st = this.statsOf(spec.kind);
    const runner = this.d.runner();
    if (!runner) return;
    this.running.add(spec.kind);
    // Not awaited: one slow strategy must not hold back the others' rounds.
    void this.runOne(spec, st, runner)
      .catch((err: unknown) =>
        this.d.log.error(`strategy ${spec.kind} round failed`, {
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
    if (!this.d.runner() || this.d.stopping() || this.d.exchangeDown()) return;
    this.d.onRound();
    const specs = this.d.specs().filter((s) => s.enabled !== false);
    for (const spec of specs) {
      const st = this.statsOf(spec.kind);
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
    runner: StrategyRunner,
    fast = false,
  ): Promise<void> {
    // A decision started later supersedes this one (the tender fast path overtaking a pool round):
    // its orders and memory are newer.
    const gen = (this.generation.get(spec.kind) ?? 0) + 1;
    this.generation.set(spec.kind, gen);
    const context = await this.buildContext(spec);
    if (fast) context.fast = true;
    const deadlineMs = monoNowMs() + this.d.config.decisionDeadlineMs;
    const task: StrategyTask = { kind: spec.kind, context, deadlineMs };
    let result: StrategyResult;
    try {
      result = await runner.run(task, AbortSignal.timeout(this.d.config.decisionDeadlineMs * 4 + 50));
    } catch (err) {
      st.errors++;
      // A failed or crashed pool thread: logged with its role; piscina replaces the thread and the
      // strategy runs again next round with its previous memory.
      this.d.log.error(`strategy ${spec.kind} failed`, {
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
    if (this.d.stopping()) return;
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
      this.d.bus.emit({
        type: 'strategy',
        t: monoNowMs(),
        tick: this.d.em.tick,
        kind: spec.kind,
        metrics: result.metrics,
      });
  }

  /**
   * Passes one decision through the gate and execution: tender answers and new orders first (the
   * latency-critical part), then cancels (their requests go out right behind). The gate still
   * counts the orders being cancelled, so near a limit a replacement may wait one round.
   */
  private apply(kind: StrategyKind, r: StrategyResult, arrivalNs: bigint): void {
    // An unknown kind (a custom runner's) owns no orders here.
    const own = strategyOf(kind)?.source;
    for (const a of r.tenders ?? []) {
      const t = this.d.em.tenders.find(a.tenderId);
      if (!t) continue;
      const p = a.accept
        ? this.d.em.acceptTender(t, a.price, a.reason, a.holdToClose === true)
        : this.d.em.declineTender(t, a.reason);
      void p.catch((err: unknown) => this.d.log.warn('tender answer failed', { error: errorMessage(err) }));
    }
    const cancels: number[] = [];
    for (const id of r.cancels) {
      const pending = clientIdOfPending(id);
      if (pending !== null) {
        // Not acknowledged yet: withdrawn from the queue (no request, frees the gate's worst case
        // before the new orders), or cancelled as soon as its ack arrives.
        if (this.d.em.store.get(pending)?.source === own) this.d.em.cancelPending(pending, 'cancelled by its strategy');
        continue;
      }
      const o = this.d.em.store.byId(id);
      if (o && o.source === own) cancels.push(id);
    }
    if (r.orders.length) {
      this.statsOf(kind).ordersIntended += r.orders.length;
      this.d.em.submit(r.orders, undefined, arrivalNs, { supersede: true });
    }
    if (cancels.length)
      void this.d.em
        .pullOrders(cancels)
        .catch((err: unknown) => this.d.log.warn('cancel failed', { error: errorMessage(err) }));
  }

  async buildContext(spec: StrategySpec): Promise<StrategyContext> {
    const snapshots = this.d.snapshots();
    const c = this.d.em.caseState;
    const ctx: StrategyContext = {
      period: c?.period ?? 0,
      tick: c?.tick ?? 0,
      ticksPerPeriod: c?.ticks_per_period ?? 300,
      nowMs: monoNowMs(),
      snapshots,
      securities: this.d.em.securities,
      positions: this.d.em.positions.view(),
      openOrders: this.d.em.openOrderViews(),
      limits: limitViews(this.d.em.gate.usage(), this.d.config.limitUsage),
      tenders: this.d.em.tenders.offered(),
      memory: this.memory.get(spec.kind) ?? null,
      params: spec.params ?? {},
      riskState: this.d.em.gate.state,
    };
    const needs = strategyOf(spec.kind)?.needs;
    if (needs?.depth && this.d.em.tenders.offered().length) {
      // The background copy is at most depthRefreshMs old: a tender is valued without waiting for
      // three book reads. Only a missing or old copy is read now.
      const depth = await this.depth.fresh(this.d.config.depthMaxAgeMs).catch((err: unknown) => {
        this.d.log.warn('depth fetch failed', { error: errorMessage(err) });
        return this.depth.latest();
      });
      if (depth) ctx.depth = depth;
    }
    const history = this.d.history();
    if (needs?.history && history) ctx.history = history.get();
    return ctx;
  }
}
