import { createOrder } from '../src/execution/orders';
import { exchangePositions, setFaults, settle, startRig, type SimRig } from './sim-helpers';

let rig: SimRig | undefined;
afterEach(async () => {
  await rig?.close();
});

describe('simulator: 429 storm and 500s', () => {
  it('lose no fill and duplicate no order', async () => {
    rig = await startRig(
      {
        tickMs: 20,
        scenario: { securities: ['BULL', 'BEAR', 'RITC'].map((ticker) => ({ ticker, apiOrdersPerSecond: 50 })) },
      },
      { unknownOrderGraceMs: 300 },
    );
    const { em, client, sim } = rig;
    await setFaults(sim, { p429: 0.35, p500: 0.15 });
    const intents = Array.from({ length: 30 }, (_, i) =>
      createOrder(['BULL', 'BEAR', 'RITC'][i % 3]!, 'MARKET', i % 2 ? 'SELL' : 'BUY', 100 + i, undefined, 'ARBITRAGE'),
    );
    await em.executeOrders(intents);
    await setFaults(sim, { off: 1 });
    await settle(em);
    await new Promise((r) => setTimeout(r, 350));
    await em.pollOrders();
    const ours = [...em.store.all()];
    const exchangeOrders = [
      ...(await client.getOrders('TRANSACTED')),
      ...(await client.getOrders('CANCELLED')),
      ...(await client.getOrders('OPEN')),
    ];
    // every exchange order is one of ours, each matched to exactly one engine order: none duplicated
    const ids = ours.map((o) => o.orderId).filter((x): x is number => x != null);
    expect(new Set(ids).size).toBe(ids.length);
    expect(exchangeOrders.map((o) => o.order_id).sort()).toEqual([...ids].sort());
    expect(ours).toHaveLength(30);
    expect(ours.every((o) => o.state === 'TRANSACTED' || o.state === 'REJECTED')).toBe(true);
    expect(em.counters.rateLimited + em.counters.unknownOutcome).toBeGreaterThan(0);
    const ex = await exchangePositions(client);
    for (const t of ['BULL', 'BEAR', 'RITC']) expect(em.positions.position(t)).toBe(ex[t]);
    expect(em.positions.position('USD')).toBeCloseTo(ex.USD!, 2);
  });
});
