import type { Order, Security } from '@ritc/rit-client';
import type { SimServer } from '../src';
import { NO_RATE_LIMIT, get, post, startSim } from './helpers';

let s: SimServer;
afterEach(() => s.close());

describe('close-out at the end of the case', () => {
  it('closes stocks at last, RITC at (BULL+BEAR)/USD, converts USD, and stops', async () => {
    s = await startSim({ seed: 12, ticks: 40, scenario: { ...NO_RATE_LIMIT, tenders: { enabled: false } } });
    s.advance(5);
    const fills: Record<string, { qty: number; cost: number; fee: number }> = {};
    const trade = async (ticker: string, action: 'BUY' | 'SELL', quantity: number) => {
      const o = (await post<Order>(s, '/orders', { ticker, type: 'MARKET', quantity, action })).body;
      expect(o.quantity_filled).toBe(quantity);
      const f = (fills[ticker] ??= { qty: 0, cost: 0, fee: 0 });
      const sign = action === 'BUY' ? 1 : -1;
      f.qty += sign * quantity;
      f.cost += sign * quantity * o.vwap!;
      f.fee += ticker === 'USD' ? 0 : 0.02 * quantity;
    };
    await trade('BULL', 'BUY', 7_000);
    await trade('BEAR', 'SELL', 3_000);
    await trade('RITC', 'BUY', 9_000);
    await trade('USD', 'SELL', 50_000);
    s.advance(33); // tick 38
    await trade('RITC', 'SELL', 1_000);
    s.advance(1); // tick 39: the last tick with a market
    const secs = Object.fromEntries((await get<Security[]>(s, '/securities')).body.map((x) => [x.ticker, x]));
    const usdRate = Math.round(((secs.USD!.bid + secs.USD!.ask) / 2) * 10_000) / 10_000;
    const bullLast = secs.BULL!.last;
    const bearLast = secs.BEAR!.last;
    const fair = Math.round(((bullLast + bearLast) / usdRate) * 10_000) / 10_000;
    const cad =
      -fills.BULL!.cost -
      fills.BULL!.fee -
      fills.BEAR!.cost -
      fills.BEAR!.fee +
      fills.BULL!.qty * bullLast +
      fills.BEAR!.qty * bearLast -
      fills.USD!.cost;
    const usd = -fills.RITC!.cost - fills.RITC!.fee + fills.RITC!.qty * fair + fills.USD!.qty;
    const expected = cad + usd * usdRate;

    s.advance(1); // tick 40 = end
    const c = (await get(s, '/case')).body;
    expect(c.status).toBe('STOPPED');
    expect(c.tick).toBe(40);
    const a = (await get(s, '/sim/account')).body.traders[0];
    for (const x of a.securities) if (x.ticker !== 'CAD') expect(x.position).toBe(0);
    expect(a.cash.USD).toBe(0);
    expect(a.cash.CAD).toBeCloseTo(expected, 3);
    expect(a.nlv).toBeCloseTo(expected, 3);
    expect((await get(s, '/trader')).body.nlv).toBeCloseTo(expected, 3);
    const rejected = await post(s, '/orders', { ticker: 'BULL', type: 'MARKET', quantity: 1, action: 'BUY' });
    expect(rejected.status).toBe(409);
    expect(rejected.body.code).toBe('CASE_NOT_ACTIVE');
    await s.waitForEnd();
  });

  it('cancels open orders and expires tenders at the end', async () => {
    s = await startSim({ ticks: 10 });
    const o = (
      await post<Order>(s, '/orders', { ticker: 'BULL', type: 'LIMIT', quantity: 100, action: 'BUY', price: 1 })
    ).body;
    await post(s, '/sim/tender', { action: 'BUY', quantity: 10_000, window: 50 });
    s.advance(20);
    expect((await get<Order>(s, `/orders/${o.order_id}`)).body.status).toBe('CANCELLED');
    expect((await get(s, '/tenders')).body).toEqual([]);
    expect((await get(s, '/case')).body.tick).toBe(10);
  });
});
