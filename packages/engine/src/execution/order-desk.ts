import { RejectedError, type Order, type OrderRequest, type RitApi } from '@ritc/rit-client';
import type { OpenOrderView, OrderIntent, Source } from '@ritc/strategies';
import type { EngineConfig } from '../config';
import { classifyPostError, errorCode, errorMessage, errorWaitSec } from '../errors';
import type { EngineEvent } from '../events';
import type { OrderStore } from '../orders/order-store';
import { LIVE_STATES } from '../orders/state-machine';
import type { OrderPoller } from './order-poller';
import type { TrackedOrder } from '../orders/tracked-order';
import { orderViews } from '../orders/order-views';
import type { GateOrder, RiskGate } from '../risk/risk-gate';
import { hrNowNs } from '../runtime/clock';
import type { LatencyRecorder } from '../runtime/latency';
import type { EngineLogger } from '../runtime/logger';
import { roundPrice, type EngineSecurity } from '../securities';
import type { ExecutionCounters } from './counters';
import { splitOrder } from './orders';
import type { QueueJob, SubmissionQueue } from './submission-queue';

/** What the order desk needs from the rest of the engine. */
export interface OrderDeskDeps {
  api: Pick<RitApi, 'postOrder' | 'deleteOrder' | 'cancelOrders'>;
  config: EngineConfig;
  store: OrderStore;
  gate: RiskGate;
  queue: SubmissionQueue;
  securities(): Record<string, EngineSecurity>;
  tick(): number;
  now(): number;
  emit(e: EngineEvent): void;
  log: EngineLogger;
  counters: ExecutionCounters;
  latency: { decisionToSendUs: LatencyRecorder; roundTripUs: LatencyRecorder };
  /** GET /orders, applied to the store (shared with everyone who needs a fresh view). */
  poller: Pick<OrderPoller, 'pollOrders' | 'requestPoll'>;
}

export interface ExecutionReport {
  /** Child orders admitted and queued/sent, in submission order. */
  orders: TrackedOrder[];
  refused: Array<{ order: OrderIntent; reason: string }>;
  /** Resolves when every admitted child has an answer (acked, rejected, unknown, or dropped unsent). */
  settled: Promise<void>;
}

/**
 * Execution: splits, rounds and risk-checks intents, queues and sends them (POST /orders), cancels
 * (by id, pending, or all), and follows every order with GET /orders.
 */
export class OrderDesk {
  private readonly settling = new Set<Promise<void>>();
  /** Orders whose source withdrew them while their POST was in flight: cancelled on the ack. */
  private readonly cancelOnAck = new Set<string>();
  /** Cancels of an order the exchange could not confirm (no answer), by client id. */
  private readonly cancelTries = new Map<string, number>();

  constructor(private readonly d: OrderDeskDeps) {}

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
        this.d.counters.ordersSuperseded += this.d.queue.supersede(src, i.ticker, i.action);
      }
    }
    const children: Array<GateOrder & { intent: OrderIntent; tag?: string }> = [];
    for (const intent of intents) {
      const src = source ?? intent.source;
      const sec = this.d.securities()[intent.ticker];
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
    const verdict = this.d.gate.admit(children);
    for (const r of verdict.refused) {
      this.d.counters.ordersRefusedByGate++;
      refused.push({ order: { ...r.order.intent, quantity: r.order.quantity }, reason: r.reason });
      this.d.emit({
        type: 'reject',
        t: this.d.now(),
        tick: this.d.tick(),
        ticker: r.order.ticker,
        source: r.order.source,
        reason: `risk gate: ${r.reason}`,
      });
    }
    const orders: TrackedOrder[] = [];
    const answers: Promise<void>[] = [];
    for (const c of verdict.admitted) {
      const o = this.d.store.create({
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
          const job: QueueJob = {
            ticker: o.ticker,
            source: o.source,
            action: o.action,
            id: o.clientId,
            // Every send, a re-send after a 429 too, is timed from the decision: the latency
            // figure is the wait the order really had (queue, pacing window, 429 blocks).
            run: () => this.send(o, arrivalNs, () => this.d.queue.enqueue(job, true), resolve),
            // Withdrawn by us before it left (superseded, cancel-all, shutdown): cancelled, not rejected.
            drop: (reason: string) => {
              this.d.store.transition(o, 'CANCELLED', `not sent: ${reason}`);
              resolve();
            },
          };
          this.d.queue.enqueue(job);
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
      const sec = this.d.securities()[i.ticker];
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
    return this.d.gate.canExecuteOrders(children);
  }

  /**
   * Sends one order now. The queue has already paced it, so the client is told to send it at once
   * and exactly once (`pacing: 'caller'`): a 429 comes back here, blocks the ticker's lane and
   * re-queues the order at the front of its source's line.
   */
  private send(o: TrackedOrder, arrivalNs: bigint, requeue: () => void, done: () => void): void {
    if (this.d.gate.state === 'HALTED') {
      this.d.store.transition(o, 'REJECTED', 'not sent: trading halted');
      done();
      return;
    }
    const req: OrderRequest = { ticker: o.ticker, type: o.type, quantity: o.quantity, action: o.action };
    if (o.type === 'LIMIT' && o.price != null) req.price = o.price;
    this.d.store.markSent(o);
    this.d.counters.ordersSent++;
    const t0 = hrNowNs();
    this.d.latency.decisionToSendUs.record(Number(t0 - arrivalNs) / 1000);
    let p: Promise<{ order: Order; waitUntilSec: number | null }>;
    try {
      p = this.d.api.postOrder(req, { pacing: 'caller' });
    } catch (err) {
      // A client that throws instead of rejecting is treated as one that rejected.
      p = Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    p.then((posted) => {
      this.d.latency.roundTripUs.record(Number(hrNowNs() - t0) / 1000);
      if (posted.waitUntilSec != null && posted.waitUntilSec > 0)
        this.d.queue.block(o.ticker, posted.waitUntilSec * 1000);
      if (posted.order.order_id == null)
        throw Object.assign(new Error('POST /orders answered without an order id'), { code: 'RIT_ERR_MALFORMED' });
      this.d.store.applyExchange(o, posted.order, 'post');
      if (
        this.cancelOnAck.delete(o.clientId) &&
        o.orderId != null &&
        (o.state === 'OPEN' || o.state === 'PARTIALLY_FILLED')
      ) {
        void this.pullOrders([o.orderId]).catch((err: unknown) =>
          this.d.log.warn('cancel after ack failed', { error: errorMessage(err) }),
        );
      }
      done();
    }).catch((err: unknown) => {
      const kind = classifyPostError(err);
      if (kind === 'retry') {
        this.d.counters.rateLimited++;
        this.d.queue.block(o.ticker, (errorWaitSec(err) ?? 0.1) * 1000);
        requeue(); // a 429 was not accepted: the only case we send again
        return;
      }
      if (kind === 'rejected') {
        this.d.store.transition(o, 'REJECTED', `${errorCode(err) ?? 'error'}: ${errorMessage(err)}`);
        this.d.emit({
          type: 'reject',
          t: this.d.now(),
          tick: this.d.tick(),
          ticker: o.ticker,
          source: o.source,
          reason: errorMessage(err),
        });
      } else if (o.state === 'PENDING_NEW') {
        this.d.store.transition(o, 'UNKNOWN', `${errorCode(err) ?? 'error'}: ${errorMessage(err)}`);
        this.d.poller.requestPoll();
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
      const o = this.d.store.byId(id);
      if (!o) {
        this.d.log.warn('pullOrders: not our order', { orderId: id });
        continue;
      }
      if (o.state === 'OPEN' || o.state === 'PARTIALLY_FILLED') {
        this.d.store.transition(o, 'PENDING_CANCEL', 'cancel requested');
        targets.push(o);
      }
    }
    if (!targets.length) return [];
    this.d.counters.cancelRequests++;
    const ids = targets.flatMap((o) => (o.orderId !== null ? [o.orderId] : []));
    let cancelled: number[] = [];
    try {
      const [only, ...more] = ids;
      if (only !== undefined && more.length === 0) {
        const r = await this.d.api.deleteOrder(only);
        if (r.success) cancelled = ids;
      } else {
        cancelled = (await this.d.api.cancelOrders({ ids })).cancelled_order_ids;
      }
    } catch (err) {
      // A refusal is almost always the order filling while the cancel was on its way (RIT: not
      // open): routine, and the poll below settles it. Other failures are worth a warning.
      const level = err instanceof RejectedError ? 'debug' : 'warn';
      this.d.log[level]('cancel failed; the next poll decides', {
        ids,
        error: errorMessage(err),
        code: errorCode(err),
      });
    }
    const answered = await this.d.poller.pollOrders().then(
      () => true,
      (err: unknown) => {
        this.d.log.warn('poll after cancel failed', { error: errorMessage(err) });
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
      if (tries >= this.d.config.cancelMaxTries) {
        // The exchange cannot say: stop asking. UNKNOWN still counts in the gate's worst case, and
        // the first /orders answer settles it by its id.
        this.cancelTries.delete(o.clientId);
        this.d.store.transition(o, 'UNKNOWN', `cancel not confirmed after ${tries} tries`);
        continue;
      }
      if (tries > 0) this.cancelTries.set(o.clientId, tries);
      else this.cancelTries.delete(o.clientId);
      this.d.store.transition(o, o.filled > 0 ? 'PARTIALLY_FILLED' : 'OPEN', 'cancel not confirmed');
    }
    return cancelled;
  }

  /**
   * Withdraws one of our orders that has no exchange id yet: still queued → cancelled unsent;
   * POST in flight → cancelled as soon as the exchange acknowledges it. Returns what happened.
   */
  cancelPending(clientId: string, reason = 'cancelled before sending'): 'cancelled' | 'on-ack' | 'none' {
    if (this.d.queue.cancel(clientId, reason)) return 'cancelled';
    const o = this.d.store.get(clientId);
    if (o && (o.state === 'PENDING_NEW' || o.state === 'UNKNOWN')) {
      this.cancelOnAck.add(clientId);
      return 'on-ack';
    }
    return 'none';
  }

  /** Cancels everything: drops queued orders, POST commands/cancel all, and polls the result. */
  async cancelAll(reason: string): Promise<void> {
    this.d.queue.flush(reason);
    for (const o of this.d.store.open())
      if (o.state === 'OPEN' || o.state === 'PARTIALLY_FILLED') this.d.store.transition(o, 'PENDING_CANCEL', reason);
    this.d.counters.cancelRequests++;
    try {
      await this.d.api.cancelOrders({ all: true });
    } catch (err) {
      this.d.log.warn('cancel all failed', { error: errorMessage(err), code: errorCode(err) });
    }
    await this.d.poller
      .pollOrders()
      .catch((err: unknown) => this.d.log.warn('poll after cancel all failed', { error: errorMessage(err) }));
  }

  isOrderTransacted(orderId: number): boolean {
    return this.d.store.byId(orderId)?.state === 'TRANSACTED';
  }

  /** Filled shares of one of our orders, or null if the id is not ours (never a −1 sentinel). */
  getOrderFilledQty(orderId: number): number | null {
    return this.d.store.byId(orderId)?.filled ?? null;
  }

  /** What strategies see of our orders (see orderViews). */
  openOrderViews(): OpenOrderView[] {
    return orderViews(this.d.store.live(), this.cancelOnAck);
  }

  liveOrders(): TrackedOrder[] {
    return this.d.store.live();
  }

  /** Waits until every submitted order has its POST answer. */
  async drain(): Promise<void> {
    await Promise.all([...this.settling]);
  }

  /** Stops sending (queued orders are dropped as REJECTED 'not sent'). */
  close(): void {
    this.d.queue.close();
  }

  hasLiveOrders(): boolean {
    return this.d.store.live().some((o) => LIVE_STATES.has(o.state));
  }
}
