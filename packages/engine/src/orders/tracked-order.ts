import type { Order, OrderAction, OrderType } from '@ritc/rit-client';
import type { Source } from '@ritc/strategies';
import type { OrderState } from '../events';

/** The coordinator's record of one order it sent (one child after splitting). */
export interface TrackedOrder {
  /** Engine-side id, known before the exchange assigns `orderId`. */
  clientId: string;
  orderId: number | null;
  ticker: string;
  type: OrderType;
  action: OrderAction;
  /** null on MARKET orders. */
  price: number | null;
  quantity: number;
  /** Cumulative filled shares as last seen (POST response or GET /orders). */
  filled: number;
  /** Average fill price of `filled`, in the quote currency. */
  vwap: number | null;
  state: OrderState;
  source: Source;
  tag?: string;
  /** Coordinator clock (ms) when created and when the POST left. */
  createdMs: number;
  sentMs: number | null;
  /** RIT tick last known when the POST left (to reconcile orders whose POST timed out). */
  sentTick: number;
  /** Last state change, coordinator clock (ms). */
  updatedMs: number;
  reason?: string;
}

/** One fill learned from the exchange: the increase of an order's cumulative `quantity_filled`. */
export interface FillDelta {
  order: TrackedOrder;
  /** Shares, > 0. */
  quantity: number;
  /** Average price of this increment, quote currency. */
  price: number;
  /** Taker fills pay `trading_fee`, passive (resting) fills earn `limit_order_rebate`. */
  liquidity: 'TAKER' | 'MAKER';
}

export function remaining(o: Pick<TrackedOrder, 'quantity' | 'filled'>): number {
  return Math.max(0, o.quantity - o.filled);
}

/** Signed shares: + for BUY, − for SELL. */
export function signed(action: OrderAction, qty: number): number {
  return action === 'BUY' ? qty : -qty;
}

/** Whether an exchange order looks like the one we sent (for orders whose POST outcome is unknown). */
export function matchesExchangeOrder(t: TrackedOrder, o: Order): boolean {
  if (o.ticker !== t.ticker || o.action !== t.action || o.type !== t.type) return false;
  if (Math.abs(o.quantity - t.quantity) > 1e-9) return false;
  if (t.type === 'LIMIT' && (o.price == null || t.price == null || Math.abs(o.price - t.price) > 1e-9)) return false;
  // The exchange stamps the tick of arrival: not before the tick we sent it in (one tick of clock skew allowed).
  return o.tick >= t.sentTick - 1;
}
