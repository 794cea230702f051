/** Habit 5: the case data bots read at start-up, over HTTP, and the switches around it. */
import type { SimServer } from '../src';
import { NO_RATE_LIMIT, QUIET, get, post, startSim } from './helpers';

describe('case data at start-up', () => {
  let s: SimServer | undefined;
  afterEach(async () => {
    await s?.close();
    s = undefined;
  });

  it('a welcome news item (id 1, tick 0), a list of limits, an empty-but-valid CAD book', async () => {
    s = await startSim({ scenario: QUIET });
    const news = (await get(s, '/news')).body;
    expect(news).toHaveLength(1);
    expect(news[0]).toMatchObject({ news_id: 1, period: 1, tick: 0, ticker: '' });
    expect(news[0].headline).toMatch(/Welcome/);
    expect((await get(s, '/news', { since: 1 })).body).toEqual([]);
    const limits = (await get(s, '/limits')).body;
    expect(limits.map((l: { name: string }) => l.name)).toEqual(['LIMIT-STOCK']);
    const cad = await get(s, '/securities/book', { ticker: 'CAD' });
    expect(cad.status).toBe(200);
    expect(cad.body).toEqual({ bids: [], asks: [] });
  });

  it('limits.cashGroup adds a LIMIT-CASH group over the USD balance', async () => {
    s = await startSim({
      scenario: {
        ...QUIET,
        ...NO_RATE_LIMIT,
        limits: { cashGroup: true, cashGrossLimit: 50_000, cashNetLimit: 50_000 },
      },
    });
    const limits = (await get(s, '/limits')).body;
    expect(limits.map((l: { name: string }) => l.name)).toEqual(['LIMIT-STOCK', 'LIMIT-CASH']);
    expect(limits[1]).toMatchObject({ gross: 0, net: 0, gross_limit: 50_000, net_limit: 50_000 });
    expect((await post(s, '/orders', { ticker: 'USD', type: 'MARKET', action: 'BUY', quantity: 40_000 })).status).toBe(
      200,
    );
    expect((await get(s, '/limits')).body[1]).toMatchObject({ gross: 40_000, net: 40_000 });
    const refused = await post(s, '/orders', { ticker: 'USD', type: 'MARKET', action: 'BUY', quantity: 20_000 });
    expect(refused.status).toBe(422);
    expect(refused.body.message).toMatch(/LIMIT-CASH/);
  });

  it("limits.restingOrders 'position' lets a quoting bot rest both sides at the limit", async () => {
    const grp = [
      {
        name: 'LIMIT-STOCK',
        grossLimit: 10_000,
        netLimit: 10_000,
        grossFine: 1,
        netFine: 1,
        weights: { BULL: 1, BEAR: 1, RITC: 2 },
      },
    ];
    const quote = async (srv: SimServer) => [
      (await post(srv, '/orders', { ticker: 'BULL', type: 'LIMIT', action: 'BUY', quantity: 8_000, price: 1 })).status,
      (await post(srv, '/orders', { ticker: 'BULL', type: 'LIMIT', action: 'BUY', quantity: 8_000, price: 1 })).status,
    ];
    s = await startSim({ scenario: { ...QUIET, ...NO_RATE_LIMIT, limits: { groups: grp } } });
    expect(await quote(s)).toEqual([200, 422]);
    await s.close();
    s = await startSim({
      scenario: { ...QUIET, ...NO_RATE_LIMIT, limits: { groups: grp, restingOrders: 'position' } },
    });
    expect(await quote(s)).toEqual([200, 200]);
  });

  it("converters.quantityRule 'proRata' converts part of a lot with the fee pro rata; 'exact' refuses it", async () => {
    const run = async (rule: 'exact' | 'proRata') => {
      const srv = await startSim({
        scenario: { ...QUIET, ...NO_RATE_LIMIT, converters: { apiEnabled: true, quantityRule: rule } },
      });
      await post(srv, '/orders', { ticker: 'BULL', type: 'MARKET', action: 'BUY', quantity: 5_000 });
      await post(srv, '/orders', { ticker: 'BEAR', type: 'MARKET', action: 'BUY', quantity: 5_000 });
      const r = await post(srv, '/leases', {
        ticker: 'ETF-Creation',
        from1: 'BULL',
        quantity1: 5_000,
        from2: 'BEAR',
        quantity2: 5_000,
        from3: 'USD',
        quantity3: 750,
      });
      return { srv, r };
    };
    const exact = await run('exact');
    expect(exact.r.status).toBe(400);
    expect(exact.r.body.message).toMatch(/converts exactly/);
    await exact.srv.close();
    const pr = await run('proRata');
    s = pr.srv;
    expect(pr.r.status).toBe(200);
    expect(pr.r.body.convert_to).toEqual([{ ticker: 'RITC', quantity: 5_000 }]);
    await post(s, '/sim/advance', { ticks: 3 });
    const secs = (await get(s, '/securities')).body as { ticker: string; position: number }[];
    const pos = Object.fromEntries(secs.map((x) => [x.ticker, x.position]));
    expect(pos).toMatchObject({ BULL: 0, BEAR: 0, RITC: 5_000 });
    expect((await get(s, '/sim/account')).body.traders[0].converter_costs_usd).toBe(750);
  });
});
