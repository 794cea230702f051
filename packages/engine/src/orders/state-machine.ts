import type { OrderState } from '../events';

/**
 * Legal order-state transitions. A self-transition is legal where the order can receive more fills
 * (the event then reports the new cumulative `filled`).
 *
 *   PENDING_NEW ──ack──▶ OPEN ──fill──▶ PARTIALLY_FILLED ──fill──▶ TRANSACTED
 *        │  └─timeout/5xx─▶ UNKNOWN ──seen in /orders──▶ OPEN | PARTIALLY_FILLED | TRANSACTED | CANCELLED
 *        │                     └──never seen──▶ REJECTED
 *        └─refused─▶ REJECTED
 *   OPEN | PARTIALLY_FILLED ──cancel sent──▶ PENDING_CANCEL ──▶ CANCELLED | TRANSACTED
 *                                      (cancel failed) ├──▶ OPEN | PARTIALLY_FILLED
 *                      (unconfirmed after cancelMaxTries) └──▶ UNKNOWN (reconciled by id when /orders answers)
 */
export const TRANSITIONS: Readonly<Record<OrderState, readonly OrderState[]>> = {
  PENDING_NEW: ['OPEN', 'PARTIALLY_FILLED', 'TRANSACTED', 'CANCELLED', 'REJECTED', 'UNKNOWN'],
  UNKNOWN: ['OPEN', 'PARTIALLY_FILLED', 'TRANSACTED', 'CANCELLED', 'REJECTED'],
  OPEN: ['PARTIALLY_FILLED', 'TRANSACTED', 'PENDING_CANCEL', 'CANCELLED'],
  PARTIALLY_FILLED: ['PARTIALLY_FILLED', 'TRANSACTED', 'PENDING_CANCEL', 'CANCELLED'],
  PENDING_CANCEL: ['PENDING_CANCEL', 'CANCELLED', 'TRANSACTED', 'OPEN', 'PARTIALLY_FILLED', 'UNKNOWN'],
  TRANSACTED: [],
  CANCELLED: [],
  REJECTED: [],
};

export const TERMINAL_STATES: ReadonlySet<OrderState> = new Set(['TRANSACTED', 'CANCELLED', 'REJECTED']);

/** States in which an order may still add to a position (it counts in the risk gate's worst case). */
export const LIVE_STATES: ReadonlySet<OrderState> = new Set([
  'PENDING_NEW',
  'UNKNOWN',
  'OPEN',
  'PARTIALLY_FILLED',
  'PENDING_CANCEL',
]);

export function isLegalTransition(from: OrderState, to: OrderState): boolean {
  return TRANSITIONS[from].includes(to);
}

export function isTerminal(s: OrderState): boolean {
  return TERMINAL_STATES.has(s);
}
