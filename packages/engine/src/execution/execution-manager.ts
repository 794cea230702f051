import {
  ORDER_RATE_WINDOW_MS,
  orderRateClockMs,
  type Case,
  type Limit,
  type RitApi,
  type Security,
  type Tender,
} from '@ritc/rit-client';
import type { OpenOrderView, OrderIntent, Source } from '@ritc/strategies';
import { resolveConfig, type EngineConfig } from '../config';
import { EngineError } from '../errors';
import { OrderStore } from '../orders/order-store';
import type { TrackedOrder } from '../orders/tracked-order';
import { PositionBook } from '../positions/position-book';
import { PositionKeeper } from '../positions/position-keeper';
import { etfCloseRules, type EtfCloseRule } from '../positions/closing-prices';
import { buildCaseDescription } from '../case/build';
import type { CaseDescription } from '../case/types';
import { FeeLedger, pnlBySource, type SourcePnl } from '../positions/pnl';
import { RiskGate, type Quote } from '../risk/risk-gate';
import type { LimitGroup, TickerExposure } from '../risk/worst-case';
import { EventBus } from '../runtime/event-bus';
import { hrNowNs, monoNowMs } from '../runtime/clock';
import { LatencyRecorder } from '../runtime/latency';
import { type EngineLogger, silentLogger } from '../runtime/logger';
import { markCad, toEngineSecurity, type EngineSecurity } from '../securities';
import { TenderDesk } from '../tenders/tender-desk';
import { newCounters, type ExecutionCounters } from './counters';
import { type ExecutionReport, OrderDesk } from './order-desk';
import { OrderPoller } from './order-poller';
import { createOrder, splitOrder } from './orders';
import { SubmissionQueue } from './submission-queue';

export type { ExecutionReport } from './order-desk';
export { clientIdOfPending, pendingOrderId } from '../orders/order-views';

export interface ExecutionManagerOptions {
  api: RitApi;
  /**
   * A client of its own for tender answers: a connection no poll is queued on, so an accept
   * leaves the moment it is decided. Default: `api`.
   */
  tenderApi?: RitApi;
  config?: Partial<EngineConfig>;
  bus?: EventBus;
  logger?: EngineLogger;
  /** Coordinator clock in ms (default performance.timeOrigin + now). */
  now?: () => number;
  /** Top of book per ticker (the coordinator plugs the feed snapshots in); default: last /securities. */
  quote?: (ticker: string) => Quote | null;
}

/**
 * The main thread's single writer of orders and positions, as one facade over its rooms:
 * reference data (here), execution (`orders`: submit, send, cancel, order polling), positions
 * (`keeper`: fills, reconciliation, close-out) and tenders (`tenders`). The risk gate checks every
 * order and tender against the exchange's limits.
 */
export class ExecutionManager {
  readonly config: EngineConfig;
  readonly bus: EventBus;
  readonly store: OrderStore;
  readonly positions: PositionBook;
  readonly fees = new FeeLedger();
  readonly gate: RiskGate;
  readonly queue: SubmissionQueue;
  readonly counters: ExecutionCounters = newCounters();
  /**
   * Decision (intent arriving at submit) → its POST leaving, µs, queueing and rate-limit waits
   * included: one sample per POST sent, a re-send after a 429 measured from the same decision.
   */
  readonly latencyDecisionToSendUs = new LatencyRecorder();
  /** POST sent → response, µs. */
  readonly latencyRoundTripUs = new LatencyRecorder();
  readonly orders: OrderDesk;
  readonly poller: OrderPoller;
  readonly keeper: PositionKeeper;
  readonly tenders: TenderDesk;

  private readonly api: RitApi;
  private readonly nowFn: () => number;
  private readonly quoteFn: ((t: string) => Quote | null) | undefined;
  private secs: Record<string, EngineSecurity> = {};
  private rawSecs: Record<string, Security> = {};
  private limitGroups: LimitGroup[] = [];
  private caseInfo: Case | null = null;
  private readonly lastTwoSided = new Map<string, Quote>();
  /** The case's ETFs that close at their basket's fair value (read with the securities). */
  private closeRules: EtfCloseRule[] = [];

  constructor(o: ExecutionManagerOptions) {
    this.api = o.api;
    this.config = resolveConfig(o.config);
    this.bus = o.bus ?? new EventBus(this.config.maxEvents);
    const log = o.logger ?? silentLogger;
    this.nowFn = o.now ?? monoNowMs;
    this.quoteFn = o.quote;
    const emit = (e: Parameters<EventBus['emit']>[0]) => this.bus.emit(e);
    const tick = () => this.tick;
    this.positions = new PositionBook(() => this.secs);
    this.store = new OrderStore({ emit, now: this.nowFn, tick, onFill: (f) => this.keeper.bookFill(f) });
    this.gate = new RiskGate({
      config: this.config,
      securities: () => this.secs,
      limits: () => this.limitGroups,
      exposures: () => this.exposures(),
      quote: (t) => this.quote(t),
      caseActive: () => this.caseActive(),
      emit,
      now: this.nowFn,
      tick,
    });
    const tickMs = this.config.virtualClockTickMs;
    // The order rate counts case time on the virtual clock (each tick standing for its length).
    const virtualTickMs = this.config.virtualClockReady && tickMs !== null && tickMs > 0 ? tickMs : null;
    this.queue = new SubmissionQueue({
      ratePerSec: (t) => this.secs[t]?.apiOrdersPerSecond ?? 10,
      burst: this.config.pacingBurst,
      // Case time has no network jitter to allow for: the exchange's own window.
      windowMs: virtualTickMs !== null ? ORDER_RATE_WINDOW_MS : this.config.pacingWindowMs,
      maxHoldMs: this.config.maxTickerHoldMs,
      onCappedHold: (ticker, askedMs, heldMs) =>
        log.warn('exchange asked for a ticker hold outside the accepted range; capped', { ticker, askedMs, heldMs }),
      // Counted on the clock the exchange counts on: case time on the virtual clock.
      now: () => orderRateClockMs({ wallMs: this.nowFn(), tick: this.caseTick(), virtualTickMs }),
      waitsOnTick: virtualTickMs !== null,
    });
    const common = { tick, now: this.nowFn, emit, log, counters: this.counters };
    this.poller = new OrderPoller(o.api, this.store, this.config.unknownOrderGraceMs, log);
    this.orders = new OrderDesk({
      poller: this.poller,
      ...common,
      api: o.api,
      config: this.config,
      store: this.store,
      gate: this.gate,
      queue: this.queue,
      securities: () => this.secs,
      latency: { decisionToSendUs: this.latencyDecisionToSendUs, roundTripUs: this.latencyRoundTripUs },
    });
    this.tenders = new TenderDesk({
      ...common,
      api: o.tenderApi ?? o.api,
      exchangePosition: async (ticker) => {
        const [sec] = await this.api.getSecurities(ticker);
        return sec && Number.isFinite(sec.position) ? sec.position : null;
      },
      pollOrders: () => this.pollOrders(),
      securities: () => this.secs,
      checkOutright: (t, q, hold) => this.gate.checkOutright(t, q, hold),
      positions: this.positions,
      cadPerUnit: (ccy) => markCad(ccy, this.secs, this.mids()),
    });
    this.keeper = new PositionKeeper({
      ...common,
      api: o.api,
      positions: this.positions,
      fees: this.fees,
      liveOrders: () => this.store.live(),
      securities: () => this.secs,
      setSecurities: (s) => this.setSecurities(s),
      updateCase: (c) => this.updateCase(c),
      quote: (t) => this.quote(t),
      lastTwoSidedQuote: (t) => this.lastTwoSidedQuote(t),
      mids: () => this.mids(),
      pollOrders: () => this.pollOrders(),
      tenderSeq: () => this.tenders.seq,
      // A free close-out values each ETF at its basket's fair value (the ETFs of the case as read).
      etfCloseRules: () => (this.config.closeOutFree ? this.closeRules : []),
    });
    this.bus.on('order', (e) => {
      if (e.prevState === e.state) return;
      if (e.state === 'TRANSACTED') this.counters.ordersFilled++;
      else if (e.state === 'CANCELLED') this.counters.ordersCancelled++;
      else if (e.state === 'REJECTED') this.counters.ordersRejected++;
      else if (e.state === 'UNKNOWN') this.counters.unknownOutcome++;
    });
  }

  // ---------------------------------------------------------------- reference data

  /** Reads /case, /securities and /limits; takes the exchange's positions as the starting point. */
  async init(): Promise<void> {
    const [c, securities, limits] = await Promise.all([
      this.api.getCase(),
      this.api.getSecurities(),
      this.api.getLimits(),
    ]);
    this.initFrom({ case: c, securities, limits });
  }

  /** Start-up state from answers already read, with their case description when the caller has built it. */
  initFrom(
    a: { case: Case; securities: readonly Security[]; limits: readonly Limit[] },
    description: CaseDescription = buildCaseDescription(a),
  ): void {
    const { case: c, securities, limits } = a;
    this.updateCase(c);
    this.setSecurities(securities);
    this.setLimits(limits);
    this.closeRules = etfCloseRules(description);
    for (const s of securities) {
      if (s.position !== 0 && Number.isFinite(s.position)) this.keeper.correct(s.ticker, s.position, 'start');
    }
  }

  setSecurities(securities: readonly Security[]): void {
    for (const s of securities) {
      this.rawSecs[s.ticker] = s;
      this.secs[s.ticker] = toEngineSecurity(s, this.config.limitUnitsMeaning);
    }
  }

  setLimits(limits: readonly Limit[]): void {
    this.limitGroups = limits.map((l) => ({ name: l.name, grossLimit: l.gross_limit, netLimit: l.net_limit }));
  }

  updateCase(c: Case): void {
    const before = this.caseTick();
    this.caseInfo = c;
    this.gate.observeTick(c.tick);
    if (this.caseTick() !== before) this.queue.wake();
  }

  /** A tick seen by the feeds (faster than the /case poll): moves the case's tick forward. */
  observeFeedTick(period: number, tick: number): void {
    const c = this.caseInfo;
    if (!c || period !== c.period || !(tick > c.tick)) return;
    this.caseInfo = { ...c, tick };
    this.gate.observeTick(tick);
    this.queue.wake();
  }

  /** Ticks since the case began, over its periods. */
  private caseTick(): number {
    const c = this.caseInfo;
    return c ? (c.period - 1) * c.ticks_per_period + c.tick : 0;
  }

  get tick(): number {
    return this.caseInfo?.tick ?? 0;
  }
  get period(): number {
    return this.caseInfo?.period ?? 0;
  }
  get caseState(): Case | null {
    return this.caseInfo;
  }
  get securities(): Record<string, EngineSecurity> {
    return this.secs;
  }
  get limits(): LimitGroup[] {
    return this.limitGroups;
  }
  now(): number {
    return this.nowFn();
  }

  caseActive(): boolean {
    return this.caseInfo?.status === 'ACTIVE';
  }

  quote(ticker: string): Quote | null {
    const q = this.quoteFn?.(ticker) ?? this.exchangeQuote(ticker);
    if (q && q.bid != null && q.ask != null && q.bid > 0 && q.ask > 0) this.lastTwoSided.set(ticker, q);
    return q;
  }

  /**
   * The last two-sided quote seen of a ticker: the exchange clears its books when the case ends and
   * converts foreign cash at the mid it had, which only this remembers (the close-out booking uses it).
   */
  lastTwoSidedQuote(ticker: string): Quote | null {
    return this.lastTwoSided.get(ticker) ?? null;
  }

  private exchangeQuote(ticker: string): Quote | null {
    const s = this.rawSecs[ticker];
    if (!s) return null;
    return { bid: s.bid > 0 ? s.bid : null, ask: s.ask > 0 ? s.ask : null };
  }

  mids(): Record<string, number | null> {
    const out: Record<string, number | null> = {};
    for (const t of Object.keys(this.secs)) {
      const q = this.quote(t);
      out[t] = q && q.bid != null && q.ask != null ? (q.bid + q.ask) / 2 : (q?.bid ?? q?.ask ?? null);
    }
    return out;
  }

  // ---------------------------------------------------------------- orders (the execution room)

  createOrder = createOrder;
  splitOrder = splitOrder;

  /**
   * Splits, rounds and risk-checks `intents` (all attributed to `source`), then queues the admitted
   * children for sending; `settled` resolves when every child has its answer.
   */
  submit(
    intents: readonly OrderIntent[],
    source?: Source,
    arrivalNs: bigint = hrNowNs(),
    opts: { supersede?: boolean } = {},
  ): ExecutionReport {
    return this.orders.submit(intents, source, arrivalNs, opts);
  }
  /** Submits and waits for every answer; returns the exchange ids. */
  executeOrders(intents: readonly OrderIntent[], source?: Source): Promise<ExecutionReport & { orderIds: number[] }> {
    return this.orders.executeOrders(intents, source);
  }
  canExecuteOrders(intents: readonly OrderIntent[]): boolean {
    return this.orders.canExecuteOrders(intents);
  }
  pullOrders(orderIds: readonly number[]): Promise<number[]> {
    return this.orders.pullOrders(orderIds);
  }
  cancelPending(clientId: string, reason?: string): 'cancelled' | 'on-ack' | 'none' {
    return this.orders.cancelPending(clientId, reason);
  }
  cancelAll(reason: string): Promise<void> {
    return this.orders.cancelAll(reason);
  }
  isOrderTransacted(orderId: number): boolean {
    return this.orders.isOrderTransacted(orderId);
  }
  getOrderFilledQty(orderId: number): number | null {
    return this.orders.getOrderFilledQty(orderId);
  }
  requestPoll(): void {
    this.poller.requestPoll();
  }
  pollOrders(): Promise<void> {
    return this.poller.pollOrders();
  }
  openOrderViews(): OpenOrderView[] {
    return this.orders.openOrderViews();
  }
  liveOrders(): TrackedOrder[] {
    return this.orders.liveOrders();
  }
  drain(): Promise<void> {
    return this.orders.drain();
  }
  /** Stops sending (queued orders are dropped as 'not sent'). */
  close(): void {
    this.orders.close();
  }
  hasLiveOrders(): boolean {
    return this.orders.hasLiveOrders();
  }

  // ---------------------------------------------------------------- positions (the keeper)

  exposures(): Record<string, TickerExposure> {
    return this.keeper.exposures();
  }
  reconcilePositions(): Promise<Array<{ ticker: string; engine: number; exchange: number }>> {
    return this.keeper.reconcilePositions();
  }
  closeOut(): Promise<Array<{ ticker: string; engine: number; exchange: number }>> {
    return this.keeper.closeOut();
  }
  get isClosedOut(): boolean {
    return this.keeper.isClosedOut;
  }
  pnl(): Record<Source, SourcePnl> {
    return pnlBySource(this.positions, this.fees, this.secs, this.mids());
  }

  // ---------------------------------------------------------------- tenders (the desk)

  acceptTender(tender: Tender, price?: number, reason?: string, holdToClose = false): Promise<boolean> {
    return this.tenders.acceptTender(tender, price, reason, holdToClose);
  }
  declineTender(tender: Tender, reason?: string): Promise<boolean> {
    return this.tenders.declineTender(tender, reason);
  }
  tenderDecision(tenderId: number): 'ACCEPTED' | 'DECLINED' | undefined {
    return this.tenders.decision(tenderId);
  }

  assertKnown(ticker: string): EngineSecurity {
    const s = this.secs[ticker];
    if (!s) throw new EngineError('ENGINE_ERR_UNKNOWN_TICKER', `unknown ticker ${ticker}`);
    return s;
  }
}
