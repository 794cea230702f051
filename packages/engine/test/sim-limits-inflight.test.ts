import { createOrder } from '../src/execution/orders';
import { settle, startRig, type SimRig } from './sim-helpers';

let rig: SimRig | undefined;
afterEach(async () => {
  await rig?.close();
});

describe('simulator: limits count in-flight and resting orders', () => {
  it('a burst of resting orders that together would breach is cut at the limit, never sent past it', async () => {
    rig = await startRig({
      scenario: {
        limits: {
          unitsStyle: 'inverse',
          groups: [
            {
              name: 'LIMIT-STOCK',
              grossLimit: 20_000,
              netLimit: 20_000,
              grossFine: 1,
              netFine: 1,
              weights: { BULL: 1, BEAR: 1, RITC: 2 },
            },
          ],
        },
        securities: [{ ticker: 'RITC', apiOrdersPerSecond: 100 }],
      },
    });
    const { em, client, sim } = rig;
    expect(em.securities.RITC!.limitWeights['LIMIT-STOCK']).toBe(2); // units 0.5 read as ×2 ('auto')
    const bid = (await client.getSecurities('RITC'))[0]!.bid;
    // 12 × 1,000 RITC far below the touch: weight 2 → 24,000 > 20,000; all sent at once, none filled.
    const burst = Array.from({ length: 12 }, () => createOrder('RITC', 'LIMIT', 'BUY', 1000, Math.max(0.05, bid - 1)));
    const a = em.submit(burst.slice(0, 6), 'MARKET_MAKER');
    const b = em.submit(burst.slice(6), 'ARBITRAGE');
    expect(a.orders.length + b.orders.length).toBe(10);
    expect(b.refused).toHaveLength(2);
    await settle(em);
    const open = await client.getOrders('OPEN');
    expect(open.filter((o) => o.ticker === 'RITC')).toHaveLength(10);
    expect(sim.account().limit_refusals).toBe(0); // the exchange never had to refuse one of ours
    // cancelling frees room again
    await em.pullOrders([a.orders[0]!.orderId!]);
    expect(em.canExecuteOrders([createOrder('RITC', 'LIMIT', 'BUY', 1000, Math.max(0.05, bid - 1))])).toBe(true);
  });
});
