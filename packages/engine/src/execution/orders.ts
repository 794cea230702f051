import type { OrderAction, OrderType } from '@ritc/rit-client';
import type { OrderIntent, Source } from '@ritc/strategies';

/** An order intent, typed: an intent with whole shares (price only on LIMIT). */
export function createOrder(
  ticker: string,
  type: OrderType,
  action: OrderAction,
  quantity: number,
  price?: number,
  source: Source = 'HEDGE',
  tag?: string,
): OrderIntent {
  const o: OrderIntent = { ticker, type, action, quantity, source };
  if (type === 'LIMIT' && price !== undefined) o.price = price;
  if (tag !== undefined) o.tag = tag;
  return o;
}

/**
 * Splits an order into children of at most `maxQty` whole shares that sum exactly to the parent:
 * n = ceil(q / max) children of near-equal size (the first q mod n get one more share).
 * Each child is a fresh object (never one object shared n times).
 */
export function splitOrder<T extends { quantity: number }>(order: T, maxQty: number): T[] {
  const q = order.quantity;
  if (!Number.isInteger(q) || q <= 0)
    throw new RangeError(`splitOrder: quantity must be a positive whole number, got ${q}`);
  if (!Number.isFinite(maxQty) || maxQty < 1) throw new RangeError(`splitOrder: maxQty must be ≥ 1, got ${maxQty}`);
  const max = Math.floor(maxQty);
  if (q <= max) return [{ ...order }];
  const n = Math.ceil(q / max);
  const base = Math.floor(q / n);
  const extra = q - base * n;
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push({ ...order, quantity: base + (i < extra ? 1 : 0) });
  return out;
}
