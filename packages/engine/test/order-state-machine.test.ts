import { isLegalTransition, TRANSITIONS } from '../src/orders/state-machine';
import type { OrderState } from '../src/events';
import { createOrder } from '../src/execution/orders';
import { setup } from './helpers';

describe('order state machine', () => {
  it('terminal states have no way out; every state is in the table', () => {
    const all: OrderState[] = [
      'PENDING_NEW',
      'OPEN',
      'PARTIALLY_FILLED',
      'TRANSACTED',
      'PENDING_CANCEL',
      'CANCELLED',
      'REJECTED',
      'UNKNOWN',
    ];
    for (const s of all) expect(TRANSITIONS[s]).toBeDefined();
    for (const s of ['TRANSACTED', 'CANCELLED', 'REJECTED'] as const)
      for (const t of all) expect(isLegalTransition(s, t)).toBe(false);
    expect(isLegalTransition('PENDING_NEW', 'UNKNOWN')).toBe(true);
    expect(isLegalTransition('OPEN', 'PENDING_NEW')).toBe(false);
  });

  it('emits one order event per transition: resting, partial, cancel', async () => {
    const { ex, em } = await setup();
    const r = await em.executeOrders([createOrder('BULL', 'LIMIT', 'BUY', 300, 9.5)], 'MARKET_MAKER');
    const id = r.orderIds[0]!;
    ex.fillResting(id, 100);
    await em.pollOrders();
    await em.pullOrders([id]);
    const states = em.bus.events
      .filter(
        (e) => (e.type === 'order' && e.orderId === id) || (e.type === 'order' && e.clientId === r.orders[0]!.clientId),
      )
      .map((e) => (e.type === 'order' ? e.state : ''));
    expect(states).toEqual(['PENDING_NEW', 'OPEN', 'PARTIALLY_FILLED', 'PENDING_CANCEL', 'CANCELLED']);
    expect(em.getOrderFilledQty(id)).toBe(100);
    expect(em.getOrderFilledQty(99999)).toBeNull();
    expect(em.isOrderTransacted(id)).toBe(false);
    expect(em.counters.ordersCancelled).toBe(1);
  });

  it('logs an illegal transition instead of throwing, and leaves the state alone', async () => {
    const { em } = await setup();
    const r = await em.executeOrders([createOrder('BULL', 'MARKET', 'BUY', 10)], 'HEDGE');
    const o = r.orders[0]!;
    expect(o.state).toBe('TRANSACTED');
    expect(em.store.transition(o, 'OPEN', 'test')).toBe(false);
    expect(o.state).toBe('TRANSACTED');
    expect(em.store.illegalTransitions).toBe(1);
    expect(
      em.bus.events.some((e) => e.type === 'log' && e.message.includes('illegal transition TRANSACTED -> OPEN')),
    ).toBe(true);
  });
});
