import { RitClient } from '@ritc/rit-client';
import { startSimServer, type SimServer } from '@ritc/sim';
import { Coordinator } from '../src/lifecycle/coordinator';
import { createOrder } from '../src/execution/orders';

let sim: SimServer | undefined;
let client: RitClient | undefined;
let c: Coordinator | undefined;
afterEach(async () => {
  await c?.shutdown();
  await client?.close();
  await sim?.close();
});

const waitFor = async (cond: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('simulator: kill switch', () => {
  it('halts on a loss, cancels everything, refuses orders, and resumes on command', async () => {
    sim = await startSimServer({ port: 0, seed: 5, tickMs: 25, ticks: 100_000, apiKey: 'k' });
    client = new RitClient({ baseUrl: sim.url, apiKey: sim.apiKey });
    c = new Coordinator({ api: client, config: { killSwitchLossCad: 50, traderPollMs: 20, orderPollMs: 20 } });
    await c.start();
    const bull = (await client.getSecurities('BULL'))[0]!;
    await c.em.executeOrders([createOrder('BULL', 'LIMIT', 'BUY', 500, bull.bid - 0.2, 'MARKET_MAKER')]);
    // Crossing the spread on 10,000 shares both ways loses the spread plus 0.02/share fees: > 50 CAD.
    await c.em.executeOrders([createOrder('BEAR', 'MARKET', 'BUY', 10_000, undefined, 'ARBITRAGE')]);
    await c.em.executeOrders([createOrder('BEAR', 'MARKET', 'SELL', 10_000, undefined, 'ARBITRAGE')]);
    await waitFor(() => c!.getState().riskState === 'HALTED');
    await waitFor(() => c!.em.openOrderViews().length === 0);
    expect(await client.getOrders('OPEN')).toEqual([]);
    const refused = await c.em.executeOrders([createOrder('BULL', 'MARKET', 'BUY', 1)]);
    expect(refused.refused[0]!.reason).toBe('trading halted');
    // Resume measures losses from the NLV of that moment: let the engine see the final (flat) NLV first.
    const nlvNow = (await client.getTrader()).nlv;
    await waitFor(() => c!.getState().nlvCad === nlvNow);
    c.resume();
    expect(c.getState().riskState).toBe('ACTIVE');
    const ok = await c.em.executeOrders([createOrder('BULL', 'MARKET', 'BUY', 1)]);
    expect(ok.orders).toHaveLength(1);
    expect(c.bus.events.flatMap((e) => (e.type === 'risk' ? [e.state] : []))).toEqual(['HALTED', 'ACTIVE']);
  });
});
