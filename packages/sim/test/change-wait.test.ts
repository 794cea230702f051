/**
 * GET /sim/wait: held until the case's clock or the security's book differs from what the caller
 * saw, so a feed on the virtual clock reads once per change instead of on every poll.
 */
import type { SimServer } from '../src';
import { call, get, post, QUIET, startSim } from './helpers';

interface Point {
  status: string;
  period: number;
  tick: number;
  version: number;
}

const wait = async (s: SimServer, ticker: string, seen: Point | null, timeout: number): Promise<Point> => {
  const q: Record<string, string | number> = { ticker, timeout };
  if (seen) Object.assign(q, { status: seen.status, period: seen.period, tick: seen.tick, version: seen.version });
  const r = await call<Point>(s, 'GET', '/sim/wait', q);
  expect([r.status, r.text]).toEqual([200, expect.any(String)]);
  return r.body;
};

describe('GET /sim/wait', () => {
  let s: SimServer | undefined;
  afterEach(async () => {
    await s?.close();
    s = undefined;
  });

  it('answers at once for a caller that saw nothing, with the case clock and the book version', async () => {
    s = await startSim({ scenario: QUIET });
    const p = await wait(s, 'RITC', null, 10_000);
    const c = (await get(s, '/case')).body;
    expect(p).toEqual({ status: c.status, period: c.period, tick: c.tick, version: expect.any(Number) });
  });

  it('answers unchanged after its timeout when nothing changed', async () => {
    s = await startSim({ scenario: QUIET });
    const seen = await wait(s, 'RITC', null, 0);
    expect(await wait(s, 'RITC', seen, 30)).toEqual(seen);
  });

  it('wakes on the next tick', async () => {
    s = await startSim({ scenario: QUIET });
    const seen = await wait(s, 'RITC', null, 0);
    const pending = wait(s, 'RITC', seen, 10_000);
    expect((await post(s, '/sim/advance', { ticks: 1 })).status).toBe(200);
    const p = await pending;
    expect(p.tick).toBe(seen.tick + 1);
  });

  it("wakes when an order changes the security's book, not another security's", async () => {
    s = await startSim({ scenario: QUIET });
    const ritc = await wait(s, 'RITC', null, 0);
    const bull = await wait(s, 'BULL', null, 0);
    const pending = wait(s, 'RITC', ritc, 10_000);
    const order = { ticker: 'RITC', type: 'LIMIT', quantity: 100, action: 'BUY', price: 1 };
    expect((await post(s, '/orders', order)).status).toBe(200);
    const p = await pending;
    expect(p.tick).toBe(ritc.tick);
    expect(p.version).not.toBe(ritc.version);
    expect(await wait(s, 'BULL', bull, 30)).toEqual(bull);
  });

  it('refuses an unknown security before waiting', async () => {
    s = await startSim({ scenario: QUIET });
    const r = await call(s, 'GET', '/sim/wait', { ticker: 'NOPE', timeout: 10_000 });
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(500);
  });
});
