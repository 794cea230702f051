/**
 * Habit 6: a heat of several traders on one server (`sim --traders NAME=KEY,...`, its own process):
 * own accounts, private tender answers, per-trader rate limits, other traders' orders as ANON,
 * and /sim/account with every trader and the ranking by nlv.
 */
import { request } from 'undici';
import { spawnSim, type SimProcess } from './process';

type Body = ReturnType<typeof JSON.parse>;
async function call(p: SimProcess, key: string, method: 'GET' | 'POST' | 'DELETE', path: string) {
  const root = path.startsWith('/sim/') ? p.root : p.url;
  const r = await request(`${root}${path}`, { method, headers: { 'X-API-Key': key } });
  return { status: r.statusCode, body: JSON.parse(await r.body.text()) };
}

describe('a heat of traders (standalone process)', () => {
  let p: SimProcess;
  beforeAll(async () => {
    p = await spawnSim(['--tick-ms', '0', '--traders', 'ALPHA=ka,BETA=kb,GAMMA=kc', '--seed', '5']);
  });
  afterAll(async () => {
    p.proc.kill('SIGTERM');
    await p.exited();
  });

  it('each key is its own trader; a wrong key is 401', async () => {
    expect((await call(p, 'ka', 'GET', '/trader')).body.trader_id).toBe('ALPHA');
    expect((await call(p, 'kb', 'GET', '/trader')).body.trader_id).toBe('BETA');
    expect((await call(p, 'kc', 'GET', '/trader')).body.trader_id).toBe('GAMMA');
    expect((await call(p, 'nope', 'GET', '/trader')).status).toBe(401);
    expect(p.output()).toMatch(/traders ALPHA, BETA, GAMMA/);
  });

  it("own positions and orders; another trader's resting order shows as ANON", async () => {
    const o = await call(p, 'ka', 'POST', '/orders?ticker=BULL&type=LIMIT&action=BUY&quantity=300&price=9.00');
    expect(o.body).toMatchObject({ trader_id: 'ALPHA', status: 'OPEN' });
    const bookA = (await call(p, 'ka', 'GET', '/securities/book?ticker=BULL&limit=1000')).body;
    const bookB = (await call(p, 'kb', 'GET', '/securities/book?ticker=BULL&limit=1000')).body;
    const mine = (b: Body) => b.bids.find((x: { order_id: number }) => x.order_id === o.body.order_id);
    expect(mine(bookA).trader_id).toBe('ALPHA');
    expect(mine(bookB).trader_id).toBe('ANON');
    expect((await call(p, 'kb', 'GET', '/orders')).body).toEqual([]);
    expect((await call(p, 'kb', 'GET', `/orders/${o.body.order_id}`)).status).toBe(404);
    expect((await call(p, 'kb', 'DELETE', `/orders/${o.body.order_id}`)).status).toBe(404);
    await call(p, 'kb', 'POST', '/orders?ticker=BEAR&type=MARKET&action=SELL&quantity=500');
    const pos = async (key: string, t: string) =>
      (await call(p, key, 'GET', `/securities?ticker=${t}`)).body[0].position as number;
    expect(await pos('kb', 'BEAR')).toBe(-500);
    expect(await pos('ka', 'BEAR')).toBe(0);
    expect(await pos('kc', 'BEAR')).toBe(0);
  });

  it('the same tender reaches every trader at once; each answers privately', async () => {
    const t = (await call(p, 'ka', 'POST', '/sim/tender?action=BUY&quantity=10000&price=24.00')).body;
    for (const k of ['ka', 'kb', 'kc'])
      expect((await call(p, k, 'GET', '/tenders')).body.map((x: { tender_id: number }) => x.tender_id)).toEqual([
        t.tender_id,
      ]);
    expect((await call(p, 'ka', 'POST', `/tenders/${t.tender_id}`)).status).toBe(200);
    expect((await call(p, 'kb', 'DELETE', `/tenders/${t.tender_id}`)).status).toBe(200);
    expect((await call(p, 'ka', 'GET', '/tenders')).body).toEqual([]);
    expect((await call(p, 'kb', 'GET', '/tenders')).body).toEqual([]);
    expect((await call(p, 'kc', 'GET', '/tenders')).body).toHaveLength(1);
    expect((await call(p, 'ka', 'POST', `/tenders/${t.tender_id}`)).body.code).toBe('TENDER_NOT_ACTIVE');
    expect((await call(p, 'ka', 'GET', '/securities?ticker=RITC')).body[0].position).toBe(10_000);
    expect((await call(p, 'kc', 'GET', '/securities?ticker=RITC')).body[0].position).toBe(0);
    await call(p, 'ka', 'POST', '/sim/advance?ticks=10');
    expect((await call(p, 'kc', 'GET', '/tenders')).body).toEqual([]);
  });

  it('rate limits are per trader', async () => {
    const burst = async (key: string) => {
      const codes: number[] = [];
      for (let i = 0; i < 12; i++)
        codes.push((await call(p, key, 'POST', '/orders?ticker=USD&type=MARKET&action=BUY&quantity=1')).status);
      return codes;
    };
    const a = await burst('ka');
    expect(a).toContain(429);
    const c = await burst('kc');
    expect(c.slice(0, 10)).toEqual(new Array(10).fill(200));
  });

  it('/sim/account lists every trader and the ranking by nlv; the market nets to zero', async () => {
    const h = (await call(p, 'kb', 'GET', '/sim/account?agents=1')).body;
    expect(h.ranking.map((r: { trader_id: string }) => r.trader_id).sort()).toEqual(['ALPHA', 'BETA', 'GAMMA']);
    const nlvs = h.ranking.map((r: { nlv: number }) => r.nlv);
    expect([...nlvs].sort((x: number, y: number) => y - x)).toEqual(nlvs);
    expect(h.ranking[0].rank).toBe(1);
    for (const t of ['BULL', 'BEAR', 'RITC']) {
      let sum = 0;
      for (const a of h.traders) sum += a.securities.find((x: { ticker: string }) => x.ticker === t).position;
      // Tenders come from outside the market (an institution), so RITC nets to ALPHA's 10,000 tender.
      expect([t, sum]).toEqual([t, t === 'RITC' ? 10_000 : 0]);
    }
  });
});
