import type { Limit, Order } from '@ritc/rit-client';
import type { SimServer } from '../src';
import { NO_RATE_LIMIT, QUIET, get, post, startSim } from './helpers';

const small = (enforce: boolean) => ({
  ...QUIET,
  ...NO_RATE_LIMIT,
  limits: {
    enforce,
    groups: [
      {
        name: 'LIMIT-STOCK',
        grossLimit: 30_000,
        netLimit: 25_000,
        grossFine: 0.5,
        netFine: 0.25,
        weights: { BULL: 1, BEAR: 1, RITC: 2 },
      },
    ],
  },
});

describe('trading limits', () => {
  let s: SimServer;
  afterEach(() => s.close());

  it('counts RITC twice in gross and net', async () => {
    s = await startSim({ scenario: { ...QUIET, ...NO_RATE_LIMIT } });
    await post(s, '/orders', { ticker: 'RITC', type: 'MARKET', quantity: 1000, action: 'BUY' });
    await post(s, '/orders', { ticker: 'BULL', type: 'MARKET', quantity: 500, action: 'SELL' });
    const l = (await get<Limit[]>(s, '/limits')).body[0]!;
    expect(l.gross).toBe(2500);
    expect(l.net).toBe(1500);
  });

  it('refuses an order whose worst case (open orders included) would breach, with LIMIT_EXCEEDED', async () => {
    s = await startSim({ scenario: small(true) });
    const ok = await post<Order>(s, '/orders', { ticker: 'RITC', type: 'MARKET', quantity: 10_000, action: 'BUY' });
    expect(ok.status).toBe(200);
    expect((await get<Limit[]>(s, '/limits')).body[0]).toMatchObject({ gross: 20_000, net: 20_000 });
    // 3,000 more RITC = 6,000 units: net 26,000 > 25,000.
    const refused = await post(s, '/orders', {
      ticker: 'RITC',
      type: 'LIMIT',
      quantity: 3_000,
      action: 'BUY',
      price: 1,
    });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('LIMIT_EXCEEDED');
    expect(refused.body.message).toMatch(/net limit 25000/);
    // A resting buy of 2,000 RITC (worst case net 24,000) is accepted...
    const rest = await post<Order>(s, '/orders', {
      ticker: 'RITC',
      type: 'LIMIT',
      quantity: 2_000,
      action: 'BUY',
      price: 1,
    });
    expect(rest.status).toBe(200);
    expect(rest.body.status).toBe('OPEN');
    // ...and then 1,000 BULL more would make the worst case 25,000 + ... : gross 25,000 ok, 6,000 BULL breaches.
    expect(
      (await post(s, '/orders', { ticker: 'BULL', type: 'LIMIT', quantity: 1_000, action: 'BUY', price: 1 })).status,
    ).toBe(200);
    const over = await post(s, '/orders', { ticker: 'BEAR', type: 'LIMIT', quantity: 5_000, action: 'BUY', price: 1 });
    expect(over.status).toBe(422);
    // Reducing orders are always allowed.
    expect((await post(s, '/orders', { ticker: 'RITC', type: 'MARKET', quantity: 5_000, action: 'SELL' })).status).toBe(
      200,
    );
    expect((await get(s, '/sim/account')).body.traders[0].limit_refusals).toBe(2);
  });

  it('counts the gross worst case on both sides', async () => {
    s = await startSim({ scenario: small(true) });
    expect(
      (await post(s, '/orders', { ticker: 'BULL', type: 'LIMIT', quantity: 10_000, action: 'BUY', price: 1 })).status,
    ).toBe(200);
    expect(
      (await post(s, '/orders', { ticker: 'BEAR', type: 'LIMIT', quantity: 10_000, action: 'SELL', price: 100 }))
        .status,
    ).toBe(200);
    expect(
      (await post(s, '/orders', { ticker: 'RITC', type: 'LIMIT', quantity: 5_000, action: 'SELL', price: 200 })).status,
    ).toBe(200);
    const r = await post(s, '/orders', { ticker: 'RITC', type: 'LIMIT', quantity: 1, action: 'SELL', price: 200 });
    expect(r.status).toBe(422);
    expect(r.body.message).toMatch(/gross limit 30000/);
  });

  it('emits limits[].units 0.5 for RITC with unitsStyle inverse, with the same x2 meaning', async () => {
    s = await startSim({ scenario: { ...QUIET, limits: { unitsStyle: 'inverse' } } });
    const ritc = (await get(s, '/securities', { ticker: 'RITC' })).body[0];
    expect(ritc.limits).toEqual([{ name: 'LIMIT-STOCK', units: 0.5 }]);
    await post(s, '/orders', { ticker: 'RITC', type: 'MARKET', quantity: 100, action: 'BUY' });
    expect((await get<Limit[]>(s, '/limits')).body[0]!.gross).toBe(200);
  });

  it('charges a fine per unit over the limit each tick when limits are not enforced', async () => {
    s = await startSim({ scenario: small(false) });
    expect((await get(s, '/case')).body.is_enforce_trading_limits).toBe(false);
    for (let i = 0; i < 2; i++)
      expect(
        (await post(s, '/orders', { ticker: 'RITC', type: 'MARKET', quantity: 10_000, action: 'BUY' })).status,
      ).toBe(200);
    // gross = net = 40,000: 10,000 over gross (x0.5) and 15,000 over net (x0.25) = 8,750 CAD per tick.
    const before = (await get(s, '/sim/account')).body.traders[0];
    s.advance(2);
    const after = (await get(s, '/sim/account')).body.traders[0];
    expect(after.fines).toBeCloseTo(2 * 8_750, 6);
    expect(after.cash.CAD - before.cash.CAD).toBeCloseTo(-2 * 8_750, 6);
    expect(after.limit_breach_ticks).toBe(2);
    expect(after.limits[0].breached).toBe(true);
  });
});
