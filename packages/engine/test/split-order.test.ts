import fc from 'fast-check';
import { splitOrder, createOrder } from '../src/execution/orders';
import { ExecutionManager } from '../src/execution/execution-manager';
import { FakeExchange } from './fake-exchange';

describe('splitOrder', () => {
  it('gives whole children, none above max, summing exactly to the parent (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20_000 }),
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 0, max: 20_000 }),
        (max, n, extra) => {
          const q = Math.max(1, max * (n - 1) + Math.min(extra, max)); // up to 300 children
          const kids = splitOrder({ ticker: 'RITC', quantity: q }, max);
          expect(kids.reduce((s, k) => s + k.quantity, 0)).toBe(q);
          for (const k of kids) {
            expect(Number.isInteger(k.quantity)).toBe(true);
            expect(k.quantity).toBeGreaterThan(0);
            expect(k.quantity).toBeLessThanOrEqual(max);
          }
          expect(kids.length).toBe(Math.ceil(q / max));
          expect(new Set(kids).size).toBe(kids.length); // distinct objects, not one shared n times
        },
      ),
    );
  });

  it('refuses fractional or non-positive quantities', () => {
    expect(() => splitOrder({ quantity: 10.5 }, 3)).toThrow(RangeError);
    expect(() => splitOrder({ quantity: 0 }, 3)).toThrow(RangeError);
  });

  it('executeOrders sends an oversized order as max-size children that fill the parent exactly', async () => {
    const ex = new FakeExchange();
    const em = new ExecutionManager({ api: ex });
    await em.init();
    const r = await em.executeOrders([createOrder('BULL', 'MARKET', 'BUY', 25_001)], 'ARBITRAGE');
    expect(ex.posts.map((p) => p.quantity)).toEqual([8334, 8334, 8333]);
    expect(r.orderIds).toHaveLength(3);
    expect(em.positions.position('BULL')).toBe(25_001);
    expect(ex.position('BULL')).toBe(25_001);
    expect(em.positions.bySource('BULL').ARBITRAGE).toBe(25_001);
  });

  it('rounds LIMIT prices to quoted_decimals', async () => {
    const ex = new FakeExchange();
    const em = new ExecutionManager({ api: ex });
    await em.init();
    await em.executeOrders([createOrder('BULL', 'LIMIT', 'BUY', 100, 9.876543)], 'MARKET_MAKER');
    await em.executeOrders([createOrder('USD', 'LIMIT', 'BUY', 100, 0.999949)], 'HEDGE');
    expect(ex.posts.map((p) => p.price)).toEqual([9.88, 0.9999]);
  });
});
