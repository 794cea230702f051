import {
  RateLimitedError,
  RejectedError,
  UnauthorizedError,
  type Case,
  type Limit,
  type Order,
  type OrderRequest,
  type RitApi,
  type Security,
  type Tender,
} from '@ritc/rit-client';
import type { OpenOrderView, OrderIntent, Source } from '@ritc/strategies';
import { resolveConfig, type EngineConfig } from '../config';
import { classifyPostError, errorCode, errorMessage, errorWaitSec, EngineError } from '../errors';
import type { EngineEvent } from '../events';
import { hedgeIntents } from '../hedging/hedge';
import { OrderStore } from '../orders/order-store';
import { isTerminal, LIVE_STATES } from '../orders/state-machine';
import { type FillDelta, remaining, signed, type TrackedOrder } from '../orders/tracked-order';
import { PositionBook, SOURCES, UNATTRIBUTED } from '../positions/position-book';
import { FeeLedger, pnlBySource, type SourcePnl } from '../positions/pnl';
import { RiskGate, type GateOrder, type Quote } from '../risk/risk-gate';
import type { LimitGroup, TickerExposure } from '../risk/worst-case';
import { EventBus } from '../runtime/event-bus';
import { hrNowNs, monoNowMs } from '../runtime/clock';
import { LatencyRecorder } from '../runtime/latency';
import { type EngineLogger, silentLogger } from '../runtime/logger';
import { markCad, roundPrice, toEngineSecurity, type EngineSecurity } from '../securities';
import { newCounters, type ExecutionCounters } from './counters';
import { createOrder, splitOrder } from './orders';
import { type QueueJob, SubmissionQueue } from './submission-queue';

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

export interface ExecutionReport {
  /** Child orders admitted and queued/sent, in submission order. */
  orders: TrackedOrder[];
  refused: Array<{ order: OrderIntent; reason: string }>;
  /** Resolves when every admitted child has an answer (acked, rejected, unknown, or dropped unsent). */
  settled: Promise<void>;
}

/**
 * The main thread's single writer of orders and
 * positions: it splits and rounds intents, passes them through the risk gate, paces them per ticker,
 * follows every order through its state machine, books fills once (by cumulative filled), keeps
 * positions per source reconciled with the exchange, and hedges.
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
  /** Intent arriving at executeOrders → the POST being handed to the client, µs. */
  readonly latencyDecisionToSendUs = new LatencyRecorder();
  /** POST sent → response, µs. */
  readonly latencyRoundTripUs = new LatencyRecorder();

  private readonly api: RitApi;
  private readonly tenderApi: RitApi;
  private readonly log: EngineLogger;
  private readonly nowFn: () => number;
  private readonly quoteFn: ((t: string) => Quote | null) | undefined;
  private secs: Record<string, EngineSecurity> = {};
  private rawSecs: Record<string, Security> = {};
  private limitGroups: LimitGroup[] = [];
  private caseInfo: Case | null = null;
  private pollInFlight: Promise<void> | null = null;
  private pollAgain = false;
  private tenderSeq = 0;
  private readonly settling = new Set<Promise<void>>();
  private readonly decidedTenders = new Map<number, 'ACCEPTED' | 'DECLINED'>();
  /** Orders whose source withdrew them while their POST was in flight: cancelled on the ack. */
  private readonly cancelOnAck = new Set<string>();
  private closedOut = false;
  /** Cancels of an order the exchange could not confirm (no answer), by client id. */
  private readonly cancelTries = new Map<string, number>();
  /** Tenders whose accept/decline is on its way (a second answer would only fail). */
  private readonly answering = new Set<number>();

  constructor(o: ExecutionManagerOptions) {
    this.api = o.api;
    this.tenderApi = o.tenderApi ?? o.api;
    this.config = resolveConfig(o.config);
    this.bus = o.bus ?? new EventBus(this.config.maxEvents);
    this.log = o.logger ?? silentLogger;
    this.nowFn = o.now ?? monoNowMs;
    this.quoteFn = o.quote;
    this.positions = new PositionBook(() => this.secs);
    this.store = new OrderStore({
      emit: (e) => this.bus.emit(e),
      now: this.nowFn,
      tick: () => this.tick,
      onFill: (f) => this.bookFill(f),
    });
    this.gate = new RiskGate({
      config: this.config,
      securities: () => this.secs,
      limits: () => this.limitGroups,
      exposures: () => this.exposures(),
      quote: (t) => this.quote(t),
      caseActive: () => this.caseActive(),
      emit: (e) => this.bus.emit(e),
      now: this.nowFn,
      tick: () => this.tick,
    });
    this.queue = new SubmissionQueue({
      ratePerSec: (t) => this.secs[t]?.apiOrdersPerSecond ?? 10,
      burst: this.config.pacingBurst,
      windowMs: this.config.pacingWindowMs,
      now: this.nowFn,
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
    this.updateCase(c);
    this.setSecurities(securities);
    this.setLimits(limits);
    for (const s of securities) {
      if (s.position !== 0 && Number.isFinite(s.position)) this.correct(s.ticker, s.position, 'start');
    }
  }

  setSecurities(securities: readonly Security[]): void {
    for (const s of securities) {
      if (!this.secs[s.ticker]) {
        // The submission queue is the one pacer: a client that paces too (RitClient spaces orders
        // 1/rate apart) would hold a POST the queue already let go, hiding the wait from the
        // decision→send latency and delaying the second side of every requote.
        (this.api as RitApi & { setOrderRate?: (ticker: string, perSec: number) => void }).setOrderRate?.(s.ticker, 0);
      }
      this.rawSecs[s.ticker] = s;
      this.secs[s.ticker] = toEngineSecurity(s, this.config.limitUnitsMeaning);
    }
  }

  setLimits(limits: readonly Limit[]): void {
    this.limitGroups = limits.map((l) => ({ name: l.name, grossLimit: l.gross_limit, netLimit: l.net_limit }));
  }

  updateCase(c: Case): void {
    this.caseInfo = c;
    this.gate.observeTick(c.tick);
  }

  /** A tick seen by the feeds (faster than the /case poll): moves the case's tick forward. */
  observeFeedTick(period: number, tick: number): void {
    const c = this.caseInfo;
    if (!c || period !== c.period || !(tick > c.tick)) return;
    this.caseInfo = { ...c, tick };
    this.gate.observeTick(tick);
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
    const q = this.quoteFn?.(ticker);
    if (q) return q;
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

  // ---------------------------------------------------------------- orders

  createOrder = createOrder;
  splitOrder = splitOrder;

  /**
   * Splits, rounds and risk-checks `intents` (all attributed to `source`), then queues the admitted
   * children for sending. Synchronous up to the first POST of each ticker; `settled` resolves when
   * every child has its answer.
   */
  submit(
    intents: readonly OrderIntent[],
    source?: Source,
    arrivalNs: bigint = hrNowNs(),
    opts: { supersede?: boolean } = {},
  ): ExecutionReport {
    const refused: ExecutionReport['refused'] = [];
    if (opts.supersede) {
      // A newer decision replaces what the same source still has waiting on the same ticker and
      // side: the queue never works through stale quotes, and the gate does not count them.
      const seen = new Set<string>();
      for (const i of intents) {
        const src = source ?? i.source;
        const key = `${src}|${i.ticker}|${i.action}`;
        if (seen.has(key)) continue;
        seen.add(key);
        this.counters.ordersSuperseded += this.queue.supersede(src, i.ticker, i.action);
      }
    }
    const children: Array<GateOrder & { intent: OrderIntent; tag?: string }> = [];
    for (const intent of intents) {
      const src = source ?? intent.source;
      const sec = this.secs[intent.ticker];
      if (!sec) {
        refused.push({ order: intent, reason: `unknown ticker ${intent.ticker}` });
        continue;
      }
      const qty = Number.isFinite(intent.quantity) ? Math.floor(intent.quantity) : NaN;
      if (!(qty >= 1)) {
        refused.push({ order: intent, reason: `quantity ${intent.quantity} is not ≥ 1 whole share` });
        continue;
      }
      let price: number | null = null;
      if (intent.type === 'LIMIT') {
        if (intent.price == null || !Number.isFinite(intent.price) || intent.price <= 0) {
          refused.push({ order: intent, reason: `LIMIT price ${String(intent.price)} invalid` });
          continue;
        }
        price = roundPrice(intent.price, sec.quotedDecimals);
      }
      const parent = {
        ticker: intent.ticker,
        type: intent.type,
        action: intent.action,
        quantity: qty,
        price,
        source: src,
        intent,
      } as GateOrder & { intent: OrderIntent; tag?: string };
      if (intent.tag !== undefined) parent.tag = intent.tag;
      children.push(...splitOrder(parent, sec.maxTradeSize));
    }
    const verdict = this.gate.admit(children);
    for (const r of verdict.refused) {
      this.counters.ordersRefusedByGate++;
      refused.push({ order: { ...r.order.intent, quantity: r.order.quantity }, reason: r.reason });
      this.bus.emit({
        type: 'reject',
        t: this.nowFn(),
        tick: this.tick,
        ticker: r.order.ticker,
        source: r.order.source,
        reason: `risk gate: ${r.reason}`,
      });
    }
    const orders: TrackedOrder[] = [];
    const answers: Promise<void>[] = [];
    for (const c of verdict.admitted) {
      const o = this.store.create({
        ticker: c.ticker,
        type: c.type,
        action: c.action,
        price: c.price ?? null,
        quantity: c.quantity,
        source: c.source,
        ...(c.tag !== undefined ? { tag: c.tag } : {}),
      });
      orders.push(o);
      answers.push(
        new Promise<void>((resolve) => {
          let first = true;
          const job: QueueJob = {
            ticker: o.ticker,
            source: o.source,
            action: o.action,
            id: o.clientId,
            run: () => {
              this.send(o, first ? arrivalNs : null, () => this.queue.enqueue(job, true), resolve);
              first = false;
            },
            // Withdrawn by us before it left (superseded, cancel-all, shutdown): cancelled, not rejected.
            drop: (reason: string) => {
              this.store.transition(o, 'CANCELLED', `not sent: ${reason}`);
              resolve();
            },
          };
          this.queue.enqueue(job);
        }),
      );
    }
    const settled = Promise.all(answers).then(() => undefined);
    this.settling.add(settled);
    void settled.then(() => this.settling.delete(settled));
    return { orders, refused, settled };
  }

  /** Submits and waits for every answer; returns the exchange ids. */
  async executeOrders(
    intents: readonly OrderIntent[],
    source?: Source,
  ): Promise<ExecutionReport & { orderIds: number[] }> {
    const r = this.submit(intents, source);
    await r.settled;
    return { ...r, orderIds: r.orders.map((o) => o.orderId).filter((id): id is number => id != null) };
  }

  /** Whether the orders (split and rounded as executeOrders would) would all pass the gate now. */
  canExecuteOrders(intents: readonly OrderIntent[]): boolean {
    const children: GateOrder[] = [];
    for (const i of intents) {
      const sec = this.secs[i.ticker];
      if (!sec || !(i.quantity >= 1)) return false;
      const price = i.type === 'LIMIT' && i.price != null ? roundPrice(i.price, sec.quotedDecimals) : null;
      children.push(
        ...splitOrder(
          {
            ticker: i.ticker,
            type: i.type,
            action: i.action,
            quantity: Math.floor(i.quantity),
            price,
            source: i.source,
          },
          sec.maxTradeSize,
        ),
      );
    }
    return this.gate.canExecuteOrders(children);
  }

  private send(o: TrackedOrder, arrivalNs: bigint | null, requeue: () => void, done: () => void): void {
    if (this.gate.state === 'HALTED') {
      this.store.transition(o, 'REJECTED', 'not sent: trading halted');
      done();
      return;
    }
    const req: OrderRequest = { ticker: o.ticker, type: o.type, quantity: o.quantity, action: o.action };
    if (o.type === 'LIMIT' && o.price != null) req.price = o.price;
    this.store.markSent(o);
    this.counters.ordersSent++;
    const t0 = hrNowNs();
    if (arrivalNs != null) this.latencyDecisionToSendUs.record(Number(t0 - arrivalNs) / 1000);
    let p: Promise<{ order: Order; waitUntilSec: number | null }>;
    try {
      p = this.api.postOrder(req);
    } catch (err) {
      // A client that throws instead of rejecting is treated as one that rejected.
      p = Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    p.then((posted) => {
      this.latencyRoundTripUs.record(Number(hrNowNs() - t0) / 1000);
      if (posted.waitUntilSec != null && posted.waitUntilSec > 0)
        this.queue.block(o.ticker, posted.waitUntilSec * 1000);
      if (posted.order.order_id == null)
        throw Object.assign(new Error('POST /orders answered without an order id'), { code: 'RIT_ERR_MALFORMED' });
      this.store.applyExchange(o, posted.order, 'post');
      if (
        this.cancelOnAck.delete(o.clientId) &&
        o.orderId != null &&
        (o.state === 'OPEN' || o.state === 'PARTIALLY_FILLED')
      ) {
        void this.pullOrders([o.orderId]).catch((err: unknown) =>
          this.log.warn('cancel after ack failed', { error: errorMessage(err) }),
        );
      }
      done();
    }).catch((err: unknown) => {
      const kind = classifyPostError(err);
      if (kind === 'retry') {
        this.counters.rateLimited++;
        this.queue.block(o.ticker, (errorWaitSec(err) ?? 0.1) * 1000);
        requeue(); // a 429 was not accepted: the only case we send again
        return;
      }
      if (kind === 'rejected') {
        this.store.transition(o, 'REJECTED', `${errorCode(err) ?? 'error'}: ${errorMessage(err)}`);
        this.bus.emit({
          type: 'reject',
          t: this.nowFn(),
          tick: this.tick,
          ticker: o.ticker,
          source: o.source,
          reason: errorMessage(err),
        });
      } else if (o.state === 'PENDING_NEW') {
        this.store.transition(o, 'UNKNOWN', `${errorCode(err) ?? 'error'}: ${errorMessage(err)}`);
        this.requestPoll();
      }
      done();
    });
  }

  /**
   * Cancels own orders by exchange id (DELETE /orders/{id} for one, commands/cancel ids for
   * several). Orders go PENDING_CANCEL; the following /orders poll confirms CANCELLED or TRANSACTED
   * with the final filled quantity. Returns the ids the exchange said it cancelled.
   */
  async pullOrders(orderIds: readonly number[]): Promise<number[]> {
    const targets: TrackedOrder[] = [];
    for (const id of orderIds) {
      const o = this.store.byId(id);
      if (!o) {
        this.log.warn('pullOrders: not our order', { orderId: id });
        continue;
      }
      if (o.state === 'OPEN' || o.state === 'PARTIALLY_FILLED') {
        this.store.transition(o, 'PENDING_CANCEL', 'cancel requested');
        targets.push(o);
      }
    }
    if (!targets.length) return [];
    this.counters.cancelRequests++;
    const ids = targets.flatMap((o) => (o.orderId !== null ? [o.orderId] : []));
    let cancelled: number[] = [];
    try {
      const [only, ...more] = ids;
      if (only !== undefined && more.length === 0) {
        const r = await this.api.deleteOrder(only);
        if (r.success) cancelled = ids;
      } else {
        cancelled = (await this.api.cancelOrders({ ids })).cancelled_order_ids;
      }
    } catch (err) {
      // A refusal is almost always the order filling while the cancel was on its way (RIT: not
      // open): routine, and the poll below settles it. Other failures are worth a warning.
      const level = err instanceof RejectedError ? 'debug' : 'warn';
      this.log[level]('cancel failed; the next poll decides', { ids, error: errorMessage(err), code: errorCode(err) });
    }
    const answered = await this.pollOrders().then(
      () => true,
      (err: unknown) => {
        this.log.warn('poll after cancel failed', { error: errorMessage(err) });
        return false;
      },
    );
    for (const o of targets) {
      if (o.state !== 'PENDING_CANCEL' || (o.orderId !== null && cancelled.includes(o.orderId))) {
        this.cancelTries.delete(o.clientId);
        continue;
      }
      // The poll answered and still shows it open: the order is live again (the source may retry).
      const tries = answered ? 0 : (this.cancelTries.get(o.clientId) ?? 0) + 1;
      if (tries >= this.config.cancelMaxTries) {
        // The exchange cannot say: stop asking. UNKNOWN still counts in the gate's worst case, and
        // the first /orders answer settles it by its id.
        this.cancelTries.delete(o.clientId);
        this.store.transition(o, 'UNKNOWN', `cancel not confirmed after ${tries} tries`);
        continue;
      }
      if (tries > 0) this.cancelTries.set(o.clientId, tries);
      else this.cancelTries.delete(o.clientId);
      this.store.transition(o, o.filled > 0 ? 'PARTIALLY_FILLED' : 'OPEN', 'cancel not confirmed');
    }
    return cancelled;
  }

  /**
   * Withdraws one of our orders that has no exchange id yet: still queued → cancelled unsent;
   * POST in flight → cancelled as soon as the exchange acknowledges it. Returns what happened.
   */
  cancelPending(clientId: string, reason = 'cancelled before sending'): 'cancelled' | 'on-ack' | 'none' {
    if (this.queue.cancel(clientId, reason)) return 'cancelled';
    const o = this.store.get(clientId);
    if (o && (o.state === 'PENDING_NEW' || o.state === 'UNKNOWN')) {
      this.cancelOnAck.add(clientId);
      return 'on-ack';
    }
    return 'none';
  }

  /** Cancels everything: drops queued orders, POST commands/cancel all, and polls the result. */
  async cancelAll(reason: string): Promise<void> {
    this.queue.flush(reason);
    for (const o of this.store.open())
      if (o.state === 'OPEN' || o.state === 'PARTIALLY_FILLED') this.store.transition(o, 'PENDING_CANCEL', reason);
    this.counters.cancelRequests++;
    try {
      await this.api.cancelOrders({ all: true });
    } catch (err) {
      this.log.warn('cancel all failed', { error: errorMessage(err), code: errorCode(err) });
    }
    await this.pollOrders().catch((err: unknown) =>
      this.log.warn('poll after cancel all failed', { error: errorMessage(err) }),
    );
  }

  isOrderTransacted(orderId: number): boolean {
    return this.store.byId(orderId)?.state === 'TRANSACTED';
  }

  /** Filled shares of one of our orders, or null if the id is not ours (never a −1 sentinel). */
  getOrderFilledQty(orderId: number): number | null {
    return this.store.byId(orderId)?.filled ?? null;
  }

  // ---------------------------------------------------------------- fills and positions

  private bookFill(f: FillDelta): void {
    const o = f.order;
    let price = f.price;
    if (!Number.isFinite(price) || price <= 0) {
      price = o.price ?? this.mids()[o.ticker] ?? NaN;
      this.log.warn('fill without a usable price; valued at limit/mid', { ticker: o.ticker, orderId: o.orderId });
    }
    this.positions.applyTrade(o.ticker, signed(o.action, f.quantity), price, o.source);
    const sec = this.secs[o.ticker];
    if (sec) {
      // Commissions and rebates settle in the quote currency's cash (the exchange's balance includes them).
      const fx = sec.currency ? (markCad(sec.currency, this.secs, this.mids()) ?? 1) : 1;
      const taker = f.liquidity === 'TAKER';
      const amount = f.quantity * (taker ? sec.tradingFee : sec.limitOrderRebate);
      if (amount !== 0 && sec.currency && sec.currency !== o.ticker)
        this.positions.add(sec.currency, o.source, taker ? -amount : amount);
      this.fees.book(o.source, amount * fx, taker ? 'fee' : 'rebate');
    }
    this.counters.fills++;
    this.counters.sharesFilled += f.quantity;
    this.bus.emit({
      type: 'fill',
      t: this.nowFn(),
      tick: this.tick,
      orderId: o.orderId ?? -1,
      ticker: o.ticker,
      action: o.action,
      quantity: f.quantity,
      price,
      source: o.source,
    });
  }

  /** Live orders' remaining shares on top of filled positions, per ticker (the gate's worst case). */
  exposures(): Record<string, TickerExposure> {
    const out: Record<string, TickerExposure> = {};
    for (const [t, p] of Object.entries(this.positions.totals())) out[t] = { position: p, buys: 0, sells: 0 };
    for (const o of this.store.live()) {
      const x = (out[o.ticker] ??= { position: 0, buys: 0, sells: 0 });
      if (o.action === 'BUY') x.buys += remaining(o);
      else x.sells += remaining(o);
    }
    return out;
  }

  /** Requests a poll soon (coalesced with one already running). */
  requestPoll(): void {
    void this.pollOrders().catch((err: unknown) =>
      this.log.debug('requested order poll failed; the orders loop polls again', { error: errorMessage(err) }),
    );
  }

  /**
   * Reads GET /orders (OPEN; plus TRANSACTED and CANCELLED when one of ours left the open list or
   * an outcome is unknown) and applies it. Concurrent calls share one poll, plus at most one more.
   */
  pollOrders(): Promise<void> {
    if (this.pollInFlight) {
      this.pollAgain = true;
      return this.pollInFlight;
    }
    const run = async (): Promise<void> => {
      do {
        this.pollAgain = false;
        await this.pollOnce();
        // A call made while this poll ran asked for one more (read afresh after the await).
      } while (this.pollRequested());
    };
    this.pollInFlight = run().finally(() => {
      this.pollInFlight = null;
    });
    return this.pollInFlight;
  }

  private pollRequested(): boolean {
    return this.pollAgain;
  }

  private async pollOnce(): Promise<void> {
    const open = await this.api.getOrders('OPEN');
    const openIds = new Set(open.map((o) => o.order_id));
    const live = this.store.live();
    const missing = live.some((o) => o.orderId != null && !openIds.has(o.orderId));
    const unknown = live.some((o) => o.state === 'UNKNOWN');
    let all: Order[] = open;
    if (missing || unknown) {
      const [tx, cx] = await Promise.all([this.api.getOrders('TRANSACTED'), this.api.getOrders('CANCELLED')]);
      all = [...open, ...tx, ...cx];
    }
    this.store.reconcile(all.filter((ex) => !this.isStale(ex)));
    if (unknown) this.store.expireUnknown(this.config.unknownOrderGraceMs);
  }

  /** An OPEN answer about an order we already know is finished is an older read: ignore it. */
  private isStale(ex: Order): boolean {
    if (ex.status !== 'OPEN' || ex.order_id == null) return false;
    const o = this.store.byId(ex.order_id);
    return !!o && isTerminal(o.state);
  }

  /**
   * Compares positions with GET /securities (the truth) and corrects differences into the
   * unattributed bucket. To avoid "correcting" a fill that is merely not polled yet, it polls orders
   * before and after reading /securities and only trusts tickers whose engine position did not move
   * in between and that have no order awaiting its POST answer.
   */
  async reconcilePositions(): Promise<Array<{ ticker: string; engine: number; exchange: number }>> {
    await this.pollOrders();
    const before = this.positions.totals();
    const tenderSeq = this.tenderSeq;
    const securities = await this.api.getSecurities();
    // Read after the positions: if the case is still running now, it was running when they were
    // read. A stopped case has closed every position: that is the close-out's to book, per source,
    // not a correction into the unattributed bucket.
    const c = await this.api.getCase();
    this.updateCase(c);
    if (c.status === 'STOPPED' || this.closedOut) return [];
    await this.pollOrders();
    const after = this.positions.totals();
    this.setSecurities(securities);
    if (tenderSeq !== this.tenderSeq) return [];
    const pending = this.store.live().filter((o) => o.state === 'PENDING_NEW' || o.state === 'UNKNOWN');
    const out: Array<{ ticker: string; engine: number; exchange: number }> = [];
    for (const s of securities) {
      const t = s.ticker;
      if (!Number.isFinite(s.position)) continue;
      if ((before[t] ?? 0) !== (after[t] ?? 0)) continue;
      const sec = this.secs[t];
      const touches = (o: TrackedOrder) => o.ticker === t || this.secs[o.ticker]?.currency === t;
      if (pending.some(touches)) continue;
      const engine = after[t] ?? 0;
      const eps = sec?.isCurrency ? 0.01 : 1e-6;
      if (Math.abs(s.position - engine) > eps) {
        this.correct(t, s.position, 'reconcile');
        out.push({ ticker: t, engine, exchange: s.position });
      }
    }
    return out;
  }

  private correct(ticker: string, exchange: number, why: 'start' | 'reconcile'): void {
    const engine = this.positions.position(ticker);
    const sec = this.secs[ticker];
    // Shares are whole: a fractional share count from anywhere is a bug to see, not to carry.
    const target = sec && !sec.isCurrency ? Math.round(exchange) : exchange;
    this.positions.correctTo(ticker, target, UNATTRIBUTED);
    if (why !== 'start') this.counters.reconcileCorrections++;
    this.bus.emit({
      type: 'reconcile',
      t: this.nowFn(),
      tick: this.tick,
      ticker,
      engine,
      exchange: target,
      reason: why === 'start' ? 'start' : 'correction',
    });
    if (why !== 'start') this.log.warn('position differs from the exchange; corrected', { ticker, engine, exchange });
  }

  /**
   * The case is over (STOPPED): the exchange has cancelled every order, closed each share position
   * at its closing price and converted foreign cash into the base currency. The engine books that
   * close-out as trades of each source (so P&L by source includes it) at the closing price it can
   * see (last trade, else mid), converts each source's foreign cash at the currency's mid, then
   * takes the exchange's balances (a residual from a different closing price is booked to the
   * unattributed bucket). Every ticker gets a `reconcile` event with reason 'case close-out'.
   * Idempotent; returns the tickers it changed.
   */
  async closeOut(): Promise<Array<{ ticker: string; engine: number; exchange: number }>> {
    if (this.closedOut) return [];
    await this.pollOrders().catch((err: unknown) =>
      this.log.warn('poll before close-out failed', { error: errorMessage(err) }),
    );
    const securities = await this.api.getSecurities();
    // Another close-out may have finished while this one was reading (the getter is read afresh).
    if (this.isClosedOut) return [];
    this.closedOut = true;
    this.setSecurities(securities);
    const exchange = new Map(securities.map((s) => [s.ticker, s]));
    const lastOrMid = (t: string): number | null => {
      const s = exchange.get(t);
      if (s && s.last > 0) return s.last;
      const q = this.quote(t);
      return q && q.bid != null && q.ask != null ? (q.bid + q.ask) / 2 : null;
    };
    const midOf = (t: string): number | null => {
      const s = exchange.get(t);
      if (s && s.bid > 0 && s.ask > 0) return (s.bid + s.ask) / 2;
      return lastOrMid(t);
    };
    const out: Array<{ ticker: string; engine: number; exchange: number }> = [];
    const emit = (ticker: string, engine: number, exch: number, closedQuantity: number, closePrice: number | null) => {
      this.bus.emit({
        type: 'reconcile',
        t: this.nowFn(),
        tick: this.tick,
        ticker,
        engine,
        exchange: exch,
        reason: 'case close-out',
        closedQuantity,
        closePrice,
      });
      out.push({ ticker, engine, exchange: exch });
    };
    // 1. Shares closed by the exchange.
    for (const t of this.positions.tickers()) {
      const sec = this.secs[t];
      const ex = exchange.get(t);
      if (!sec || sec.isCurrency || !ex || !Number.isFinite(ex.position)) continue;
      const before = this.positions.position(t);
      if (before === 0 && ex.position === 0) continue;
      const px = lastOrMid(t);
      const by = this.positions.bySource(t);
      if (ex.position === 0 && px != null) {
        for (const src of SOURCES) if (by[src] !== 0) this.positions.applyTrade(t, -by[src], px, src);
      } else {
        this.positions.correctTo(t, Math.round(ex.position), UNATTRIBUTED);
      }
      emit(t, this.positions.position(t), ex.position, -before, px);
    }
    // 2. Foreign cash converted into the base currency at the currency's mid.
    for (const t of this.positions.tickers()) {
      const sec = this.secs[t];
      const ex = exchange.get(t);
      if (!sec || !sec.isCurrency || !sec.currency || sec.currency === t || !ex || ex.position !== 0) continue;
      const fx = midOf(t);
      if (fx == null) continue;
      const by = this.positions.bySource(t);
      for (const src of SOURCES) {
        if (by[src] === 0) continue;
        this.positions.add(t, src, -by[src]);
        this.positions.add(sec.currency, src, by[src] * fx);
      }
    }
    // 3. Every cash balance as the exchange has it.
    for (const s of securities) {
      const sec = this.secs[s.ticker];
      if (!sec?.isCurrency || !Number.isFinite(s.position)) continue;
      const before = this.positions.position(s.ticker);
      if (Math.abs(before - s.position) > 0.005) this.positions.correctTo(s.ticker, s.position, UNATTRIBUTED);
      emit(s.ticker, this.positions.position(s.ticker), s.position, 0, null);
    }
    this.log.info('case close-out booked', { tickers: out.map((o) => o.ticker) });
    return out;
  }

  get isClosedOut(): boolean {
    return this.closedOut;
  }

  // ---------------------------------------------------------------- tenders

  /** Accepts a tender after checking its limit impact; books the position directly (tenders are not orders). */
  async acceptTender(tender: Tender, price?: number, reason = 'accepted'): Promise<boolean> {
    if (this.decidedTenders.has(tender.tender_id) || this.answering.has(tender.tender_id)) return false;
    this.answering.add(tender.tender_id);
    try {
      return await this.doAcceptTender(tender, price, reason);
    } finally {
      this.answering.delete(tender.tender_id);
    }
  }

  private async doAcceptTender(tender: Tender, price: number | undefined, reason: string): Promise<boolean> {
    const sec = this.secs[tender.ticker];
    if (!sec) {
      this.tenderEvent(tender, 'DECLINED', `unknown ticker ${tender.ticker}`);
      return false;
    }
    const qty = Math.round(tender.quantity);
    const px = price ?? tender.price ?? NaN;
    if (!Number.isFinite(px) || px <= 0) {
      this.tenderEvent(tender, 'SEEN', 'accept refused: no price');
      return false;
    }
    if (tender.expires < this.tick) {
      this.tenderEvent(tender, 'EXPIRED', `expired at tick ${tender.expires}`);
      return false;
    }
    const sq = signed(tender.action, qty);
    const why = this.gate.checkOutright(tender.ticker, sq);
    if (why) {
      this.tenderEvent(tender, 'SEEN', `accept refused by risk gate: ${why}`);
      return false;
    }
    this.tenderSeq++;
    try {
      const r = await this.tenderApi.acceptTender(tender.tender_id, roundPrice(px, sec.quotedDecimals));
      if (!r.success) throw new Error('exchange answered success=false');
    } catch (err) {
      // A refusal (4xx, 429, 401) is definite. A timeout, a dropped connection, a 5xx or a
      // malformed answer is not: the exchange may have booked the tender, so ask it before
      // calling the accept failed (else the reconcile would book it as unattributed, or a
      // position of tens of thousands of shares would go untracked until then).
      const definite =
        err instanceof RejectedError || err instanceof RateLimitedError || err instanceof UnauthorizedError;
      if (definite || !(await this.tenderWasBooked(tender.ticker, sq))) {
        this.tenderSeq++;
        this.tenderEvent(tender, 'SEEN', `accept failed: ${errorMessage(err)}`);
        return false;
      }
      this.log.warn('tender accept answer lost; the exchange shows it booked', {
        tender: tender.tender_id,
        error: errorMessage(err),
      });
    }
    this.positions.applyTrade(tender.ticker, sq, px, 'TENDER');
    this.tenderSeq++;
    this.decidedTenders.set(tender.tender_id, 'ACCEPTED');
    this.counters.tendersAccepted++;
    const fx = markCad(sec.currency, this.secs, this.mids());
    this.tenderEvent(tender, 'ACCEPTED', reason, fx != null ? qty * px * fx : undefined);
    return true;
  }

  /**
   * After an accept with no usable answer: does the exchange's position show the tender's `sq`
   * shares beyond what the engine tracks? (Orders are polled first so fills do not count.)
   */
  private async tenderWasBooked(ticker: string, sq: number): Promise<boolean> {
    for (let i = 0; i < 3; i++) {
      try {
        await this.pollOrders();
        const [sec] = await this.api.getSecurities(ticker);
        if (!sec || !Number.isFinite(sec.position)) continue;
        const diff = sec.position - this.positions.position(ticker);
        // Closer to "booked" than to "not booked": concurrent fills move it by far less than a tender.
        return Math.abs(diff - sq) < Math.abs(diff);
      } catch {
        /* the same faults may still be on: ask again */
      }
    }
    return false;
  }

  async declineTender(tender: Tender, reason = 'declined'): Promise<boolean> {
    if (this.decidedTenders.has(tender.tender_id) || this.answering.has(tender.tender_id)) return false;
    this.answering.add(tender.tender_id);
    try {
      return await this.doDeclineTender(tender, reason);
    } finally {
      this.answering.delete(tender.tender_id);
    }
  }

  private async doDeclineTender(tender: Tender, reason: string): Promise<boolean> {
    try {
      const r = await this.tenderApi.declineTender(tender.tender_id);
      if (!r.success) throw new Error('exchange answered success=false');
    } catch (err) {
      this.tenderEvent(tender, 'SEEN', `decline failed: ${errorMessage(err)}`);
      return false;
    }
    this.decidedTenders.set(tender.tender_id, 'DECLINED');
    this.counters.tendersDeclined++;
    this.tenderEvent(tender, 'DECLINED', reason);
    return true;
  }

  tenderDecision(tenderId: number): 'ACCEPTED' | 'DECLINED' | undefined {
    return this.decidedTenders.get(tenderId);
  }

  private tenderEvent(
    tender: Tender,
    decision: 'ACCEPTED' | 'DECLINED' | 'EXPIRED' | 'SEEN',
    reason: string,
    valueCad?: number,
  ): void {
    const e: EngineEvent = { type: 'tender', t: this.nowFn(), tick: this.tick, tender, decision, reason };
    if (valueCad !== undefined) e.valueCad = valueCad;
    this.bus.emit(e);
  }

  // ---------------------------------------------------------------- hedging

  /** A source's holdings counting its live orders as if filled (so repeated hedges don't stack). */
  projectedHoldings(source: Source): Record<string, number> {
    const out: Record<string, number> = {};
    for (const t of this.positions.tickers()) out[t] = this.positions.bySource(t)[source];
    for (const o of this.store.live()) {
      if (o.source !== source) continue;
      out[o.ticker] = (out[o.ticker] ?? 0) + signed(o.action, remaining(o));
    }
    return out;
  }

  /** Neutralises the exposure `source` has built (see hedgeIntents); hedge orders carry that source. */
  hedgePosition(source: Source): ExecutionReport {
    const intents = hedgeIntents({
      source,
      holdings: this.projectedHoldings(source),
      securities: this.secs,
      mids: this.mids(),
      config: this.config,
    });
    return this.submit(intents, source);
  }

  // ---------------------------------------------------------------- views

  /**
   * Orders a strategy must take into account: resting ones, and those not acknowledged yet (queued
   * or in flight: `pending`, with a negative id, `pendingOrderId`) so a strategy does not stack a
   * second quote on one it cannot see. A cancel of a pending id withdraws it (`cancelPending`).
   */
  openOrderViews(): OpenOrderView[] {
    const out: OpenOrderView[] = [];
    for (const o of this.store.live()) {
      const resting = o.orderId != null && (o.state === 'OPEN' || o.state === 'PARTIALLY_FILLED');
      const pending = o.state === 'PENDING_NEW' && !this.cancelOnAck.has(o.clientId);
      if (!resting && !pending) continue;
      const v: OpenOrderView = {
        orderId: resting ? o.orderId! : pendingOrderId(o.clientId),
        ticker: o.ticker,
        type: o.type,
        action: o.action,
        price: o.price,
        quantity: o.quantity,
        filled: o.filled,
        source: o.source,
      };
      if (pending) v.pending = true;
      if (o.tag !== undefined) v.tag = o.tag;
      out.push(v);
    }
    return out;
  }

  liveOrders(): TrackedOrder[] {
    return this.store.live();
  }

  pnl(): Record<Source, SourcePnl> {
    return pnlBySource(this.positions, this.fees, this.secs, this.mids());
  }

  /** Waits until every submitted order has its POST answer. */
  async drain(): Promise<void> {
    await Promise.all([...this.settling]);
  }

  /** Stops sending (queued orders are dropped as REJECTED 'not sent'). */
  close(): void {
    this.queue.close();
  }

  hasLiveOrders(): boolean {
    return this.store.live().some((o) => LIVE_STATES.has(o.state));
  }

  assertKnown(ticker: string): EngineSecurity {
    const s = this.secs[ticker];
    if (!s) throw new EngineError('ENGINE_ERR_UNKNOWN_TICKER', `unknown ticker ${ticker}`);
    return s;
  }
}

/** The id a pending order shows to strategies: minus its client sequence number (exchange ids are positive). */
export function pendingOrderId(clientId: string): number {
  const n = Number(clientId.slice(1));
  return Number.isFinite(n) && n > 0 ? -n : 0;
}

/** The client id behind a pending order id (inverse of pendingOrderId), or null for an exchange id. */
export function clientIdOfPending(orderId: number): string | null {
  return Number.isInteger(orderId) && orderId < 0 ? `c${-orderId}` : null;
}
