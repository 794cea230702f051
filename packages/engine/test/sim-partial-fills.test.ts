import { createOrder } from '../src/execution/orders';
import { exchangePositions, settle, sleep, startRig, type SimRig } from './sim-helpers';

let rig: SimRig | undefined;
afterEach(async () => {
  await rig?.close();
});

describe('simulator: partial executions', () => {
  it('fills of resting orders, learned by polling, add up to the exchange positions exactly', async () => {
    rig = await startRig({ tickMs: 20 });
    const { em, client } = rig;
    const secs = await client.getSecurities();
    const q = (t: string) => secs.find((s) => s.ticker === t)!;
    // Quotes at the touch on both sides of three securities: the simulated flow fills them partly.
    const intents = ['BULL', 'BEAR', 'RITC'].flatMap((t) => [
      createOrder(t, 'LIMIT', 'BUY', 5000, q(t).bid, 'MARKET_MAKER'),
      createOrder(t, 'LIMIT', 'SELL', 5000, q(t).ask, 'MARKET_MAKER'),
    ]);
    await em.executeOrders(intents);
    for (let i = 0; i < 30; i++) {
      await sleep(40);
      await em.pollOrders();
    }
    await em.cancelAll('test over');
    await settle(em);
    const ex = await exchangePositions(client);
    const fills = em.bus.events.flatMap((e) => (e.type === 'fill' ? [e] : []));
    expect(fills.length).toBeGreaterThan(0);
    for (const t of ['BULL', 'BEAR', 'RITC']) {
      const sum = fills.reduce((s, e) => s + (e.ticker === t ? (e.action === 'BUY' ? e.quantity : -e.quantity) : 0), 0);
      expect(em.positions.position(t)).toBe(sum);
      expect(em.positions.position(t)).toBe(ex[t]);
    }
    expect(em.positions.position('USD')).toBeCloseTo(ex.USD!, 2);
    expect(await em.reconcilePositions()).toEqual([]);
    expect(em.counters.reconcileCorrections).toBe(0);
  });
});
