import { RitClient } from '@ritc/rit-client';
import { startSimServer, type SimServer } from '@ritc/sim';
import { Coordinator } from '../src/lifecycle/coordinator';
import { createOrder } from '../src/execution/orders';

let sim: SimServer | undefined;
let client: RitClient | undefined;
afterEach(async () => {
  await client?.close();
  await sim?.close();
});

describe('simulator: shutdown', () => {
  it('leaves zero open orders on the exchange (and flattens when asked)', async () => {
    sim = await startSimServer({ port: 0, seed: 3, tickMs: 25, ticks: 100_000, apiKey: 'k' });
    client = new RitClient({ baseUrl: sim.url, apiKey: sim.apiKey });
    const c = new Coordinator({ api: client, config: { orderPollMs: 20, reconcileMs: 200 } });
    await c.start();
    const secs = await client.getSecurities();
    const px = (t: string) => secs.find((s) => s.ticker === t)!;
    await c.em.executeOrders([
      createOrder('BULL', 'LIMIT', 'BUY', 1000, px('BULL').bid - 0.05, 'MARKET_MAKER'),
      createOrder('BEAR', 'LIMIT', 'SELL', 1000, px('BEAR').ask + 0.05, 'MARKET_MAKER'),
      createOrder('RITC', 'MARKET', 'BUY', 2000, undefined, 'ARBITRAGE'),
    ]);
    expect((await client.getOrders('OPEN')).length).toBeGreaterThanOrEqual(2);
    const report = await c.shutdown({ flatten: true });
    expect(report.openOrdersLeft).toBe(0);
    expect(await client.getOrders('OPEN')).toEqual([]);
    const pos = Object.fromEntries((await client.getSecurities()).map((s) => [s.ticker, s.position]));
    expect(pos.RITC).toBe(0);
    expect(Math.abs(pos.USD!)).toBeLessThan(100);
  });
});
