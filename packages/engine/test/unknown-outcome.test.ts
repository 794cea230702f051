import { createOrder } from '../src/execution/orders';
import { setup } from './helpers';

describe('orders whose POST outcome is unknown', () => {
  it('are UNKNOWN, reconciled through /orders, never sent twice', async () => {
    const { ex, em } = await setup();
    ex.faults.push('timeout-accepted');
    const whileUnknown: number[] = [];
    em.bus.on('order', (e) => {
      if (e.state === 'UNKNOWN') whileUnknown.push(em.exposures().BEAR!.buys);
    });
    const r = await em.executeOrders([createOrder('BEAR', 'LIMIT', 'BUY', 500, 14.5)], 'ARBITRAGE');
    const o = r.orders[0]!;
    await em.pollOrders();
    const states = em.bus.events.flatMap((e) => (e.type === 'order' ? [e.state] : []));
    expect(states).toEqual(['PENDING_NEW', 'UNKNOWN', 'OPEN']);
    expect(ex.posts).toHaveLength(1);
    // the risk gate counted it while unknown
    expect(whileUnknown).toEqual([500]);
    const exId = [...ex.orders.keys()][0]!;
    ex.fillResting(exId, 200);
    await em.pollOrders();
    expect(o.orderId).toBe(exId);
    expect(o.state).toBe('PARTIALLY_FILLED');
    expect(em.positions.position('BEAR')).toBe(200);
    expect(ex.posts).toHaveLength(1);
  });

  it('are declared REJECTED if they never show up within the grace period', async () => {
    let now = 1000;
    const { ex, em } = await setup({ now: () => now, config: { unknownOrderGraceMs: 500 } });
    ex.faults.push('timeout-lost');
    const r = await em.executeOrders([createOrder('BULL', 'MARKET', 'SELL', 100)], 'HEDGE');
    const o = r.orders[0]!;
    expect(o.state).toBe('UNKNOWN');
    await em.pollOrders();
    expect(o.state).toBe('UNKNOWN');
    now += 600;
    await em.pollOrders();
    expect(o.state).toBe('REJECTED');
    expect(ex.posts).toHaveLength(1);
    expect(em.positions.position('BULL')).toBe(0);
  });

  it('a 429 is re-queued and sent again; a refusal is REJECTED; a 500 is UNKNOWN (not re-sent)', async () => {
    const { ex, em } = await setup();
    ex.faults.push('429', '429');
    const a = await em.executeOrders([createOrder('BULL', 'MARKET', 'BUY', 10)], 'HEDGE');
    expect(ex.posts).toHaveLength(3);
    expect(a.orders[0]!.state).toBe('TRANSACTED');
    expect(em.counters.rateLimited).toBe(2);
    ex.faults.push('reject');
    const b = await em.executeOrders([createOrder('BULL', 'MARKET', 'BUY', 10)], 'HEDGE');
    expect(b.orders[0]!.state).toBe('REJECTED');
    ex.faults.push('500-rejected');
    const c = await em.executeOrders([createOrder('BULL', 'MARKET', 'BUY', 10)], 'HEDGE');
    expect(c.orders[0]!.state).toBe('UNKNOWN');
    expect(ex.posts).toHaveLength(5);
    expect(em.positions.position('BULL')).toBe(10);
  });
});
