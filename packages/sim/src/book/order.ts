import type { OrderAction, OrderStatus, OrderType } from '@ritc/rit-client';

/** Buy = 0, Sell = 1 (numbers keep the hot path free of string compares). */
export type Side = 0 | 1;
export const BUY: Side = 0;
export const SELL: Side = 1;

/** One order, as the exchange keeps it. Prices are integers on the security's grid (price × 10^decimals). */
export class SimOrder {
  filled = 0;
  /** Σ fill priceInt × qty, for the order's vwap. */
  fillNotional = 0;
  status: OrderStatus = 'OPEN';
  /** True while resting in a book. */
  live = false;

  constructor(
    readonly id: number,
    /** Index of the owning account. */
    readonly owner: number,
    readonly sec: number,
    readonly side: Side,
    readonly type: OrderType,
    /** Limit price on the grid; NaN for MARKET. */
    readonly priceInt: number,
    readonly quantity: number,
    readonly period: number,
    readonly tick: number,
  ) {}

  get remaining(): number {
    return this.quantity - this.filled;
  }

  get action(): OrderAction {
    return this.side === BUY ? 'BUY' : 'SELL';
  }
}
