import type { Lease } from '@ritc/rit-client';
import type { SimServer } from '../src';
import { NO_RATE_LIMIT, QUIET, get, post, startSim, type JsonBody } from './helpers';

let s: SimServer;
afterEach(() => s.close());

const account = async () => (await get(s, '/sim/account')).body.traders[0];
const pos = (a: JsonBody, t: string) => a.securities.find((x: { ticker: string }) => x.ticker === t).position;
const CREATE = { from1: 'BULL', quantity1: 10000, from2: 'BEAR', quantity2: 10000, from3: 'USD', quantity3: 1500 };

describe('ETF converters', () => {
  it('are listed but refuse API use by default (403 API_DISABLED)', async () => {
    s = await startSim();
    const r = await post(s, '/leases', { ticker: 'ETF-Creation' });
    expect(r.status).toBe(403);
    expect(r.body.code).toBe('API_DISABLED');
    expect(r.body.message).toMatch(/manually/);
    expect((await get(s, '/leases')).body).toEqual([]);
  });

  it('create 10k RITC from 10k BULL + 10k BEAR + 1,500 USD in 2 ticks when enabled', async () => {
    s = await startSim({ scenario: { ...QUIET, ...NO_RATE_LIMIT, converters: { apiEnabled: true } } });
    await post(s, '/orders', { ticker: 'BULL', type: 'MARKET', quantity: 10000, action: 'BUY' });
    await post(s, '/orders', { ticker: 'BEAR', type: 'MARKET', quantity: 10000, action: 'BUY' });
    const nlvBefore = (await account()).nlv;
    const lease = (await post<Lease>(s, '/leases', { ticker: 'ETF-Creation' })).body;
    expect(lease).toMatchObject({ ticker: 'ETF-Creation', type: 'REFINERY', convert_finish_tick: null });
    const wrong = await post(s, `/leases/${lease.id}`, { from1: 'BULL', quantity1: 10000 });
    expect(wrong.status).toBe(400);
    expect(wrong.body.message).toMatch(/converts exactly/);
    const used = await post<Lease>(s, `/leases/${lease.id}`, CREATE);
    expect(used.status).toBe(200);
    expect(used.body.convert_finish_tick).toBe(2);
    let a = await account();
    expect([pos(a, 'BULL'), pos(a, 'BEAR'), pos(a, 'RITC'), pos(a, 'USD')]).toEqual([0, 0, 0, -1500]);
    expect((await post(s, `/leases/${lease.id}`, CREATE)).status).toBe(400); // busy
    s.advance(1);
    expect(pos(await account(), 'RITC')).toBe(0);
    s.advance(1);
    a = await account();
    expect(pos(a, 'RITC')).toBe(10000);
    expect(a.converter_costs_usd).toBe(1500);
    expect(Math.abs(a.nlv - nlvBefore)).toBeLessThan(3000); // value-neutral but for the 1,500 USD cost and quote moves
    const hist = (await get(s, '/assets/history')).body;
    expect(hist[0]).toMatchObject({ ticker: 'ETF-Creation', action: 'CONVERT' });
    expect((await get(s, '/leases')).body).toHaveLength(1);
  });

  it('redeem needs the RITC in the position; lease & use in one call', async () => {
    s = await startSim({ scenario: { ...QUIET, ...NO_RATE_LIMIT, converters: { apiEnabled: true } } });
    const short = await post(s, '/leases', {
      ticker: 'ETF-Redemption',
      from1: 'RITC',
      quantity1: 10000,
      from2: 'USD',
      quantity2: 1500,
    });
    expect(short.status).toBe(400);
    expect(short.body.code).toBe('INSUFFICIENT_INPUTS');
    await post(s, '/orders', { ticker: 'RITC', type: 'MARKET', quantity: 10000, action: 'BUY' });
    const l = await post<Lease>(s, '/leases', {
      ticker: 'ETF-Redemption',
      from1: 'RITC',
      quantity1: 10000,
      from2: 'USD',
      quantity2: 1500,
    });
    expect(l.status).toBe(200);
    s.advance(2);
    const a = await account();
    expect([pos(a, 'BULL'), pos(a, 'BEAR'), pos(a, 'RITC')]).toEqual([10000, 10000, 0]);
    expect((await post(s, '/leases', { ticker: 'NOPE' })).status).toBe(400);
  });
});
