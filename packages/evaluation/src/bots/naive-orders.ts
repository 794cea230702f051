/**
 * The naive bot's order sending: one order at a time, reported with the engine's order and fill
 * events so the harness reads it like the engine. On the virtual clock it counts the order rate
 * in case time (naive-rate.ts) and leaves the pacing to itself.
 */
import { OrderOutcomeUnknownError, type RitClient } from '@ritc/rit-client';
import type { EngineEvent, OrderState } from '@ritc/engine';
import type { CaseTimeRate } from './naive-rate';

/** The order counts of the bot's final account. */
export interface NaiveOrderCounts {
  sent: number;
  filled: number;
  cancelled: number;
  rejected: number;
  rateLimited: number;
}

export interface NaiveOrderDeps {
  rit: Pick<RitClient, 'postOrder'>;
  emit(e: EngineEvent): void;
  fail(what: string, e: unknown): void;
  /** The tick the bot last read. */
  tick(): number;
  /** What the orders are for: the market making or a tender's unwind. */
  source(): 'MARKET_MAKER' | 'TENDER';
  /** An order's outcome is unknown (the exchange's positions must be read before trusting ours). */
  onUnknown(): void;
  /** Virtual clock: the rate counted in case time; null: the client paces in wall time. */
  rate: CaseTimeRate | null;
}

/** What an order is sent on: the position it changes, and the security's order rate. */
export interface NaiveOrderTarget {
  position: number;
  ordersPerSecond: number;
}

export class NaiveOrders {
  readonly counts: NaiveOrderCounts = { sent: 0, filled: 0, cancelled: 0, rejected: 0, rateLimited: 0 };
  private seq = 0;

  constructor(private readonly d: NaiveOrderDeps) {}

  /**
   * Sends one order (a market order, or a limit order at `price`) and reports it like the engine
   * does; false when it failed. An order the case-time rate holds is not sent and counts as no
   * failure: it goes on a later pass.
   */
  async send(
    ticker: string,
    sec: NaiveOrderTarget,
    action: 'BUY' | 'SELL',
    quantity: number,
    price?: number,
  ): Promise<boolean> {
    const rate = this.d.rate;
    const tick = this.d.tick();
    if (rate !== null) {
      if (!rate.allows(ticker, tick, sec.ordersPerSecond)) return true;
      rate.record(ticker, tick);
    }
    const base = {
      type: 'order' as const,
      clientId: `naive-${++this.seq}`,
      ticker,
      action,
      orderType: price === undefined ? ('MARKET' as const) : ('LIMIT' as const),
      price: price ?? null,
      quantity,
      source: this.d.source(),
    };
    const at = () => ({ t: Date.now(), tick: this.d.tick() });
    this.d.emit({ ...base, ...at(), orderId: null, filled: 0, vwap: null, state: 'PENDING_NEW', prevState: null });
    this.counts.sent++;
    try {
      const { order } = await this.d.rit.postOrder(
        { ticker, type: base.orderType, quantity, action, price },
        rate !== null ? { pacing: 'caller' } : {},
      );
      sec.position += (action === 'BUY' ? 1 : -1) * order.quantity_filled;
      const state: OrderState =
        order.status === 'TRANSACTED' ? 'TRANSACTED' : order.status === 'CANCELLED' ? 'CANCELLED' : 'OPEN';
      if (state === 'TRANSACTED') this.counts.filled++;
      this.d.emit({
        ...base,
        ...at(),
        orderId: order.order_id,
        filled: order.quantity_filled,
        vwap: order.vwap,
        state,
        prevState: 'PENDING_NEW',
      });
      if (order.quantity_filled > 0 && order.order_id !== null) {
        this.d.emit({
          type: 'fill',
          ...at(),
          orderId: order.order_id,
          ticker,
          action,
          quantity: order.quantity_filled,
          price: order.vwap ?? 0,
          source: base.source,
        });
      }
      return true;
    } catch (e) {
      const unknown = e instanceof OrderOutcomeUnknownError;
      const code = (e as { code?: string }).code;
      if (code === 'RIT_ERR_RATE_LIMITED') this.counts.rateLimited++;
      if (!unknown) this.counts.rejected++;
      else this.d.onUnknown();
      this.d.emit({
        ...base,
        ...at(),
        orderId: null,
        filled: 0,
        vwap: null,
        state: unknown ? 'UNKNOWN' : 'REJECTED',
        prevState: 'PENDING_NEW',
        reason: e instanceof Error ? e.message : String(e),
      });
      this.d.fail('market order', e);
      return false;
    }
  }
}
