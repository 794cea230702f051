/** Habit 2: a fractional quantity (the API types quantity as a number) — truncated by default; 'round' and 'reject' switches. */
import type { SimServer } from '../src';
import { NO_RATE_LIMIT, QUIET, get, post, startSim } from './helpers';

const order = (s: SimServer, quantity: number | string) =>
  post(s, '/orders', { ticker: 'BULL', type: 'MARKET', action: 'BUY', quantity });

describe('fractional quantities', () => {
  let s: SimServer | undefined;
  afterEach(async () => {
    await s?.close();
    s = undefined;
  });

  it('default: truncates to whole shares (687.5 trades 687; 1111.111 trades 1111), 0.5 is refused', async () => {
    s = await startSim({ scenario: { ...QUIET, ...NO_RATE_LIMIT } });
    const a = await order(s, 687.5);
    expect(a.status).toBe(200);
    expect(a.body).toMatchObject({ quantity: 687, quantity_filled: 687, status: 'TRANSACTED' });
    const b = await order(s, '1111.111111111111');
    expect(b.body).toMatchObject({ quantity: 1111, quantity_filled: 1111 });
    const limit = await post(s, '/orders', { ticker: 'BULL', type: 'LIMIT', action: 'BUY', quantity: 99.9, price: 9 });
    expect(limit.body).toMatchObject({ quantity: 99, status: 'OPEN' });
    const tiny = await order(s, 0.5);
    expect(tiny.status).toBe(400);
    expect(tiny.body.message).toMatch(/less than one whole share/);
    const acct = (await get(s, '/sim/account')).body;
    const bull = acct.traders[0].securities.find((x: { ticker: string }) => x.ticker === 'BULL');
    expect(bull.position).toBe(687 + 1111);
  });

  it("orders.fractionalQuantity 'round' rounds to the nearest whole share", async () => {
    s = await startSim({ scenario: { ...QUIET, ...NO_RATE_LIMIT, orders: { fractionalQuantity: 'round' } } });
    expect((await order(s, 687.5)).body).toMatchObject({ quantity: 688 });
    expect((await order(s, 687.4)).body).toMatchObject({ quantity: 687 });
  });

  it("orders.fractionalQuantity 'reject' answers 400 with a message", async () => {
    s = await startSim({ scenario: { ...QUIET, ...NO_RATE_LIMIT, orders: { fractionalQuantity: 'reject' } } });
    const r = await order(s, 1.5);
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ code: 'BAD_REQUEST' });
    expect(r.body.message).toMatch(/whole number/);
    expect((await order(s, 2)).status).toBe(200);
  });
});
