import type { OpenOrderView } from '@ritc/strategies';
import type { TrackedOrder } from './tracked-order';

/**
 * Orders a strategy must take into account: resting ones, and those not acknowledged yet (queued
 * or in flight: `pending`, with a negative id, `pendingOrderId`) so a strategy does not stack a
 * second quote on one it cannot see. A cancel of a pending id withdraws it (`cancelPending`);
 * `withdrawn` are those already withdrawn while their POST is in flight (hidden).
 */
export function orderViews(live: readonly TrackedOrder[], withdrawn: ReadonlySet<string>): OpenOrderView[] {
  const out: OpenOrderView[] = [];
  for (const o of live) {
    const id = o.orderId;
    const resting = id !== null && (o.state === 'OPEN' || o.state === 'PARTIALLY_FILLED');
    const pending = o.state === 'PENDING_NEW' && !withdrawn.has(o.clientId);
    if (!resting && !pending) continue;
    const v: OpenOrderView = {
      orderId: resting ? id : pendingOrderId(o.clientId),
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

/** The id a pending order shows to strategies: minus its client sequence number (exchange ids are positive). */
export function pendingOrderId(clientId: string): number {
  const n = Number(clientId.slice(1));
  return Number.isFinite(n) && n > 0 ? -n : 0;
}

/** The client id behind a pending order id (inverse of pendingOrderId), or null for an exchange id. */
export function clientIdOfPending(orderId: number): string | null {
  return Number.isInteger(orderId) && orderId < 0 ? `c${-orderId}` : null;
}
