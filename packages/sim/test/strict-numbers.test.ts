/** Habit 3: numbers are parsed as a strict server would; every other form is a 400 with a message, over HTTP. */
import type { SimServer } from '../src';
import { NO_RATE_LIMIT, QUIET, get, post, startSim } from './helpers';

let s: SimServer;
beforeAll(async () => {
  s = await startSim({ scenario: { ...QUIET, ...NO_RATE_LIMIT } });
});
afterAll(() => s.close());

const BAD = [
  '0x10',
  '0X10',
  '0b11',
  '0o17',
  '010',
  ' 16',
  '16 ',
  '+16',
  '-16',
  '',
  '1_000',
  'Infinity',
  'NaN',
  '1,5',
  '.5',
  '5.',
  '16abc',
];

describe('strict number parsing', () => {
  it.each(BAD)('quantity=%j is refused with 400 and nothing trades', async (q) => {
    const before = (await get(s, '/securities', { ticker: 'BULL' })).body[0].position;
    const r = await post(s, '/orders', { ticker: 'BULL', type: 'MARKET', action: 'BUY', quantity: q });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('BAD_REQUEST');
    expect(r.body.message).toMatch(/quantity/);
    expect((await get(s, '/securities', { ticker: 'BULL' })).body[0].position).toBe(before);
  });

  it.each(BAD.filter((x) => x !== ''))('price=%j on a LIMIT order is refused with 400', async (p) => {
    const r = await post(s, '/orders', { ticker: 'BULL', type: 'LIMIT', action: 'BUY', quantity: 100, price: p });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('BAD_REQUEST');
    expect(r.body.message).toMatch(/price/);
  });

  it('an empty optional number is refused too (limit=)', async () => {
    const r = await get(s, '/securities/book', { ticker: 'BULL', limit: '' });
    expect(r.status).toBe(400);
    expect(r.body.message).toMatch(/limit/);
  });

  it.each(['100', '100.0', '1e2', '1E+2'])('quantity=%j is a plain decimal and trades 100', async (q) => {
    const r = await post(s, '/orders', { ticker: 'BULL', type: 'MARKET', action: 'BUY', quantity: q });
    expect(r.status).toBe(200);
    expect(r.body.quantity).toBe(100);
  });

  it('price=9.50 and 0.5e1 are accepted as decimals', async () => {
    for (const p of ['9.50', '0.5e1']) {
      const r = await post(s, '/orders', { ticker: 'BULL', type: 'LIMIT', action: 'BUY', quantity: 100, price: p });
      expect(r.status).toBe(200);
      expect(r.body.price).toBe(Number(p));
    }
  });

  it('a signed number stays valid where the API means a sign: cancel query Volume<-50', async () => {
    const r = await post(s, '/commands/cancel', { query: 'Volume<-50' });
    expect(r.status).toBe(200);
  });
});
