import type { Order } from '@ritc/rit-client';
import type { Source } from '@ritc/strategies';
import type { EngineEvent, OrderState } from '../events';
import { isLegalTransition, isTerminal, LIVE_STATES } from './state-machine';
import { type FillDelta, matchesExchangeOrder, type TrackedOrder } from './tracked-order';

export interface OrderStoreHooks {
  emit(e: EngineEvent): void;
  /** Coordinator clock (ms) and last known RIT tick. */
  now(): number;
  tick(): number;
  /** Called once per fill increment, in the order learned. */
  onFill(f: FillDelta): void;
}

export interface NewOrderInput {
  ticker: string;
  type: 'MARKET' | 'LIMIT';
  action: 'BUY' | 'SELL';
  price: number | null;
  quantity: number;
  source: Source;
  tag?: string;
}

/**
 * Every order the engine sent, by client id and exchange id, with its state machine. Fills are
 * de-duplicated by cumulative `quantity_filled` per order: a fill is `new − known`, never negative,
 * so the POST response and any number of polls of the same order count each share once.
 */
export class OrderStore {
  private readonly byClient = new Map<string, TrackedOrder>();
  private readonly byOrderId = new Map<number, TrackedOrder>();
  /** Exchange ids that are someone else's (or were never ours); remembered so we warn only once. */
  private readonly foreignIds = new Set<number>();
  private seq = 0;
  illegalTransitions = 0;

  constructor(private readonly hooks: OrderStoreHooks) {}

  create(input: NewOrderInput): TrackedOrder {
    const now = this.hooks.now();
    const o: TrackedOrder = {
      clientId: `c${++this.seq}`,
      orderId: null,
      ticker: input.ticker,
      type: input.type,
      action: input.action,
      price: input.type === 'LIMIT' ? input.price : null,
      quantity: input.quantity,
      filled: 0,
      vwap: null,
      state: 'PENDING_NEW',
      source: input.source,
      createdMs: now,
      sentMs: null,
      sentTick: this.hooks.tick(),
      updatedMs: now,
    };
    if (input.tag !== undefined) o.tag = input.tag;
    this.byClient.set(o.clientId, o);
    this.emitOrder(o, null, 'created');
    return o;
  }

  get(clientId: string): TrackedOrder | undefined {
    return this.byClient.get(clientId);
  }
  byId(orderId: number): TrackedOrder | undefined {
    return this.byOrderId.get(orderId);
  }
  all(): IterableIterator<TrackedOrder> {
    return this.byClient.values();
  }

  live(): TrackedOrder[] {
    const out: TrackedOrder[] = [];
    for (const o of this.byClient.values()) if (LIVE_STATES.has(o.state)) out.push(o);
    return out;
  }

  /** Orders resting on the exchange (have an id, not terminal). */
  open(): TrackedOrder[] {
    return this.live().filter((o) => o.orderId != null && o.state !== 'UNKNOWN' && o.state !== 'PENDING_NEW');
  }

  /** Moves an order to `to`; an illegal move is logged (a `log` event) and not applied. */
  transition(o: TrackedOrder, to: OrderState, reason?: string): boolean {
    const from = o.state;
    if (from === to && !isLegalTransition(from, to)) return true; // nothing changes
    if (!isLegalTransition(from, to)) {
      this.illegalTransitions++;
      this.hooks.emit({
        type: 'log',
        t: this.hooks.now(),
        level: 'warn',
        thread: 'main',
        message: `order ${o.clientId}/${o.orderId ?? '-'} ${o.ticker}: illegal transition ${from} -> ${to} ignored${reason ? ` (${reason})` : ''}`,
      });
      return false;
    }
    o.state = to;
    o.updatedMs = this.hooks.now();
    if (reason !== undefined) o.reason = reason;
    this.emitOrder(o, from, reason);
    return true;
  }

  markSent(o: TrackedOrder): void {
    o.sentMs = this.hooks.now();
    o.sentTick = this.hooks.tick();
  }

  /**
   * Applies the exchange's view of one of our orders (from the POST response or GET /orders):
   * learns its id, books the fill increment, and moves the state machine.
   */
  applyExchange(o: TrackedOrder, ex: Order, via: 'post' | 'poll'): FillDelta | null {
    if (o.orderId == null && ex.order_id != null) {
      o.orderId = ex.order_id;
      this.byOrderId.set(ex.order_id, o);
      this.foreignIds.delete(ex.order_id);
    }
    let fill: FillDelta | null = null;
    const newFilled = Number.isFinite(ex.quantity_filled) ? Math.min(ex.quantity_filled, o.quantity) : o.filled;
    if (newFilled > o.filled + 1e-9) {
      const delta = newFilled - o.filled;
      const price = fillPrice(o, ex, delta);
      fill = {
        order: o,
        quantity: delta,
        price,
        liquidity: o.type === 'MARKET' || via === 'post' ? 'TAKER' : 'MAKER',
      };
      o.filled = newFilled;
      if (ex.vwap != null && Number.isFinite(ex.vwap)) o.vwap = ex.vwap;
      else if (o.vwap == null) o.vwap = price;
    }
    const next = nextState(o, ex.status);
    // The fill is booked even when the state change is illegal (e.g. fills reported after our
    // CANCELLED): positions follow the exchange, the state machine only reports.
    if (fill) this.hooks.onFill(fill);
    if (next !== o.state || (fill && isLegalTransition(o.state, o.state))) {
      this.transition(o, next, via === 'post' ? 'ack' : `poll ${ex.status}`);
    } else if (fill) {
      this.emitOrder(o, o.state, 'fill');
    }
    return fill;
  }

  /**
   * Reconciles GET /orders answers (any statuses): known ids are applied; unknown ids are matched
   * to our UNKNOWN orders (ticker/action/type/quantity/price/tick), oldest first. Orders with no
   * match are foreign (manual orders): left to position reconciliation.
   */
  reconcile(exchange: readonly Order[]): FillDelta[] {
    const fills: FillDelta[] = [];
    const unmatched: Order[] = [];
    for (const ex of exchange) {
      if (ex.order_id == null) continue;
      const o = this.byOrderId.get(ex.order_id);
      if (o) {
        const f = this.applyExchange(o, ex, 'poll');
        if (f) fills.push(f);
      } else unmatched.push(ex);
    }
    const unknown = this.live()
      .filter((o) => o.state === 'UNKNOWN')
      .sort((a, b) => a.createdMs - b.createdMs);
    if (unknown.length) {
      const pending = this.live().filter((o) => o.state === 'PENDING_NEW');
      unmatched.sort((a, b) => (a.order_id ?? 0) - (b.order_id ?? 0));
      for (const o of unknown) {
        // While a twin is still awaiting its POST answer we cannot tell the two apart: wait.
        if (pending.some((p) => sameShape(p, o))) continue;
        const i = unmatched.findIndex((ex) => matchesExchangeOrder(o, ex));
        if (i < 0) continue;
        const ex = unmatched.splice(i, 1)[0]!;
        const f = this.applyExchange(o, ex, 'poll');
        if (f) fills.push(f);
      }
    }
    for (const ex of unmatched) this.foreignIds.add(ex.order_id!);
    return fills;
  }

  /** UNKNOWN orders never seen on the exchange within `graceMs` of their POST are declared rejected. */
  expireUnknown(graceMs: number): TrackedOrder[] {
    const now = this.hooks.now();
    const out: TrackedOrder[] = [];
    for (const o of this.live()) {
      // Only a POST without an answer: an order with an exchange id exists and is found by its id.
      if (o.state === 'UNKNOWN' && o.orderId == null && now - (o.sentMs ?? o.createdMs) >= graceMs) {
        this.transition(o, 'REJECTED', 'POST outcome unknown and never seen in /orders');
        out.push(o);
      }
    }
    return out;
  }

  /** Drops terminal orders beyond the newest `keep` (memory bound for long runs). */
  pruneTerminal(keep: number): void {
    const terminal = [...this.byClient.values()].filter((o) => isTerminal(o.state));
    const excess = terminal.length - keep;
    for (let i = 0; i < excess; i++) {
      const o = terminal[i]!;
      this.byClient.delete(o.clientId);
      if (o.orderId != null) this.byOrderId.delete(o.orderId);
    }
  }

  private emitOrder(o: TrackedOrder, prev: OrderState | null, reason?: string): void {
    const e: EngineEvent = {
      type: 'order',
      t: this.hooks.now(),
      tick: this.hooks.tick(),
      clientId: o.clientId,
      orderId: o.orderId,
      ticker: o.ticker,
      action: o.action,
      orderType: o.type,
      price: o.price,
      quantity: o.quantity,
      filled: o.filled,
      vwap: o.vwap,
      state: o.state,
      prevState: prev,
      source: o.source,
    };
    if (reason !== undefined) e.reason = reason;
    this.hooks.emit(e);
  }
}

function sameShape(a: TrackedOrder, b: TrackedOrder): boolean {
  return (
    a.ticker === b.ticker &&
    a.action === b.action &&
    a.type === b.type &&
    a.quantity === b.quantity &&
    a.price === b.price
  );
}

/** Exchange status + fills → our state (a pending cancel stays pending until the exchange confirms). */
function nextState(o: TrackedOrder, status: Order['status']): OrderState {
  if (status === 'TRANSACTED' || o.filled >= o.quantity - 1e-9) return 'TRANSACTED';
  if (status === 'CANCELLED') return 'CANCELLED';
  if (o.state === 'PENDING_CANCEL') return 'PENDING_CANCEL';
  return o.filled > 0 ? 'PARTIALLY_FILLED' : 'OPEN';
}

/** Price of a fill increment from the change in cumulative vwap × filled (falls back to the limit price). */
function fillPrice(o: TrackedOrder, ex: Order, delta: number): number {
  if (ex.vwap != null && Number.isFinite(ex.vwap) && ex.vwap > 0) {
    const prevNotional = (o.vwap ?? 0) * o.filled;
    const p = (ex.vwap * (o.filled + delta) - prevNotional) / delta;
    if (Number.isFinite(p) && p > 0) return p;
    return ex.vwap;
  }
  return ex.price ?? o.price ?? NaN;
}
