import type { Book } from '@ritc/rit-client';
import type { SimServer } from '../src';
import { NO_RATE_LIMIT, QUIET, get, post, startSim } from './helpers';

let s: SimServer;
afterEach(() => s.close());

describe('/sim control surface', () => {
  it('pause, resume, advance, reset', async () => {
    s = await startSim({ seed: 2 });
    expect((await post(s, '/sim/advance', { ticks: 5 })).body).toEqual({ tick: 5, status: 'ACTIVE' });
    expect((await post(s, '/sim/pause')).body.status).toBe('PAUSED');
    expect((await get(s, '/case')).body.status).toBe('PAUSED');
    expect((await post(s, '/sim/advance', { ticks: 2 })).body).toEqual({ tick: 7, status: 'PAUSED' });
    expect((await post(s, '/sim/resume')).body.status).toBe('ACTIVE');
    const book1 = (await get<Book>(s, '/securities/book', { ticker: 'RITC' })).body;
    const r = await post(s, '/sim/reset', { seed: 99 });
    expect(r.body).toEqual({ seed: 99, tick: 0, status: 'ACTIVE' });
    expect((await get(s, '/case')).body.tick).toBe(0);
    await post(s, '/sim/advance', { ticks: 7 });
    expect((await get<Book>(s, '/securities/book', { ticker: 'RITC' })).body).not.toEqual(book1);
    expect((await post(s, '/sim/advance', { ticks: 0 })).status).toBe(400);
  });

  it('stats count requests per endpoint, orders and fills; account matches /securities', async () => {
    s = await startSim({ scenario: { ...QUIET, ...NO_RATE_LIMIT } });
    await post(s, '/orders', { ticker: 'BULL', type: 'MARKET', quantity: 100, action: 'BUY' });
    await post(s, '/orders', { ticker: 'BULL', type: 'MARKET', quantity: 0, action: 'BUY' });
    await get(s, '/securities');
    const st = (await get(s, '/sim/stats')).body;
    expect(st.requests['POST /v1/orders']).toBe(2);
    expect(st.requests['GET /v1/securities']).toBe(1);
    expect(st.orders_accepted).toBe(1);
    expect(st.orders_rejected).toBe(1);
    expect(st.trader_fills).toBeGreaterThanOrEqual(1);
    const acct = (await get(s, '/sim/account')).body;
    expect(acct.traders).toHaveLength(1);
    const sec = (await get(s, '/securities', { ticker: 'BULL' })).body[0];
    const bull = acct.traders[0].securities.find((x: { ticker: string }) => x.ticker === 'BULL');
    expect(bull).toMatchObject({
      position: sec.position,
      vwap: sec.vwap,
      realized: sec.realized,
      unrealized: sec.unrealized,
    });
    expect(acct.traders[0].nlv).toBe((await get(s, '/trader')).body.nlv);
    expect(s.account()).toEqual(acct.traders[0]);
    const withAgents = (await get(s, '/sim/account', { agents: 1 })).body;
    expect(withAgents.traders.length).toBeGreaterThan(3);
  });

  it('shock pushes RITC away from fair value now and is recorded for the latency benchmark', async () => {
    s = await startSim({ scenario: { ...QUIET, ...NO_RATE_LIMIT, etf: { noiseSd: 0 } } });
    s.advance(2);
    const before = (await get(s, '/securities', { ticker: 'RITC' })).body[0];
    const r = (await post(s, '/sim/shock', { ticker: 'RITC', size: 0.5 })).body;
    expect(r.ritc_reference - r.etf_fair_value).toBeCloseTo(0.5, 3);
    const after = (await get(s, '/securities', { ticker: 'RITC' })).body[0];
    expect(after.bid).toBeGreaterThan(before.ask + 0.3);
    await post(s, '/orders', { ticker: 'RITC', type: 'MARKET', quantity: 100, action: 'SELL' });
    const ev = (await get(s, '/sim/latency')).body.events.find((e: { kind: string }) => e.kind === 'shock');
    expect(ev.posted_at_ms).toBeGreaterThan(0);
    expect(ev.first_order_at_ms).toBeGreaterThanOrEqual(ev.posted_at_ms);
    expect(ev.order_reaction_ms).toBeCloseTo(ev.first_order_at_ms - ev.posted_at_ms, 2);
    expect((await post(s, '/sim/shock', { ticker: 'CAD', size: 1 })).status).toBe(400);
    expect((await post(s, '/sim/shock', { ticker: 'RITC' })).status).toBe(400);
  });

  it('fundamentals endpoint shows hidden values (debugging)', async () => {
    s = await startSim();
    const f = (await get(s, '/sim/fundamentals')).body;
    expect(f.values).toMatchObject({ BULL: 10, BEAR: 15, USD: 1 });
    expect(f.etf_fair_value).toBe(25);
  });
});
