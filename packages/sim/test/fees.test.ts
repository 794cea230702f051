import type { Book, Order } from '@ritc/rit-client';
import type { SimServer } from '../src';
import { NO_RATE_LIMIT, QUIET, get, post, startSim, type JsonBody } from './helpers';

let s: SimServer;
beforeEach(async () => {
  s = await startSim({ seed: 4, scenario: { ...QUIET, ...NO_RATE_LIMIT } });
  s.advance(3);
});
afterEach(() => s.close());

const account = async () => (await get(s, '/sim/account')).body.traders[0];
const secOf = (a: JsonBody, t: string) => a.securities.find((x: { ticker: string }) => x.ticker === t);

describe('fees and rebates', () => {
  it('charges 0.02/share on a liquidity-taking fill, into realized and the quote currency', async () => {
    const r = await post<Order>(s, '/orders', { ticker: 'BULL', type: 'MARKET', quantity: 1000, action: 'BUY' });
    const a = await account();
    expect(secOf(a, 'BULL').fees).toBeCloseTo(20, 10);
    expect(secOf(a, 'BULL').rebates).toBe(0);
    expect(secOf(a, 'BULL').realized).toBeCloseTo(-20, 10);
    expect(a.cash.CAD).toBeCloseTo(-1000 * r.body.vwap! - 20, 6);
    const sec = (await get(s, '/securities', { ticker: 'BULL' })).body[0];
    expect(sec.realized).toBeCloseTo(-20, 10);
  });

  it('pays 0.01/share on a passive fill; RITC fees and rebates are in USD', async () => {
    const book = (await get<Book>(s, '/securities/book', { ticker: 'RITC' })).body;
    const price = Math.round((book.asks[0]!.price! - 0.01) * 100) / 100;
    expect(price).toBeGreaterThan(book.bids[0]!.price!);
    await post(s, '/orders', { ticker: 'RITC', type: 'LIMIT', quantity: 300, action: 'SELL', price });
    // Our own market buy takes our resting ask first (best price): taker fee + maker rebate, same account.
    const m = await post<Order>(s, '/orders', { ticker: 'RITC', type: 'MARKET', quantity: 300, action: 'BUY' });
    expect(m.body.vwap).toBeCloseTo(price, 10);
    const a = await account();
    const ritc = secOf(a, 'RITC');
    expect(ritc.fees).toBeCloseTo(6, 10);
    expect(ritc.rebates).toBeCloseTo(3, 10);
    expect(ritc.position).toBe(0);
    expect(ritc.realized).toBeCloseTo(-3, 10);
    expect(a.cash.USD).toBeCloseTo(-3, 10);
    expect(a.cash.CAD).toBe(0);
  });

  it('a passive fill from another trader earns the rebate', async () => {
    const sv = await startSim({
      seed: 4,
      scenario: { ...NO_RATE_LIMIT, noise: { BULL: { ordersPerTick: 6 } }, tenders: { enabled: false } },
    });
    try {
      sv.advance(2);
      const book = (await get<Book>(sv, '/securities/book', { ticker: 'BULL' })).body;
      const price = Math.round((book.bids[0]!.price! + 0.01) * 100) / 100;
      await post(sv, '/orders', { ticker: 'BULL', type: 'LIMIT', quantity: 2000, action: 'BUY', price });
      for (let i = 0; i < 40; i++) {
        const o = (await get<Order[]>(sv, '/orders', { status: 'OPEN' })).body;
        if (o.length === 0 || o[0]!.quantity_filled > 0) break;
        sv.advance(1);
      }
      const a = (await get(sv, '/sim/account')).body.traders[0];
      const bull = secOf(a, 'BULL');
      expect(bull.position).toBeGreaterThan(0);
      expect(bull.rebates).toBeCloseTo(0.01 * bull.position, 10);
      expect(bull.fees).toBe(0);
      expect(bull.realized).toBeCloseTo(0.01 * bull.position, 10);
    } finally {
      await sv.close();
    }
  });
});
