import type { SimServer } from '../src';
import { QUIET, get, post, startSim } from './helpers';

let s: SimServer;
beforeAll(async () => {
  s = await startSim({ scenario: { ...QUIET, securities: [{ ticker: 'BULL', apiOrdersPerSecond: 3 }] } });
});
afterAll(() => s.close());

describe('rate limiting', () => {
  it('answers 429 RATE_LIMIT_EXCEEDED with wait and Retry-After past api_orders_per_second, per ticker', async () => {
    const sec = (await get(s, '/securities', { ticker: 'BULL' })).body[0];
    expect(sec.api_orders_per_second).toBe(3);
    const order = { ticker: 'BULL', type: 'LIMIT', quantity: 100, action: 'BUY', price: 5 };
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await post(s, '/orders', order));
    const statuses = results.map((r) => r.status);
    expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
    const limited = results.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThanOrEqual(1);
    for (const r of limited) {
      expect(r.body.code).toBe('RATE_LIMIT_EXCEEDED');
      expect(r.body.wait).toBeGreaterThan(0);
      expect(r.body.wait).toBeLessThanOrEqual(1);
      expect(Number(r.headers['retry-after'])).toBe(r.body.wait);
    }
    // The third accepted order filled the window: X-Wait-Until says how long to wait.
    expect(Number(results[2]!.headers['x-wait-until'])).toBeGreaterThan(0);
    expect(Number(results[0]!.headers['x-wait-until'])).toBe(0);
    // Another ticker has its own budget (default 10/s).
    const other = await post(s, '/orders', { ...order, ticker: 'BEAR' });
    expect(other.status).toBe(200);
    const stats = (await get(s, '/sim/stats')).body;
    expect(stats.rate_limited_429).toBe(limited.length);
  });

  it('lets orders through again after the wait', async () => {
    const order = { ticker: 'BULL', type: 'LIMIT', quantity: 100, action: 'BUY', price: 5 };
    let r = await post(s, '/orders', order);
    while (r.status === 429) {
      await new Promise((res) => setTimeout(res, r.body.wait * 1000 + 5));
      r = await post(s, '/orders', order);
    }
    expect(r.status).toBe(200);
  });
});
