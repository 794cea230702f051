import type { Book, Order } from '@ritc/rit-client';
import type { SimServer } from '../src';
import { NO_RATE_LIMIT, QUIET, del, get, post, startSim } from './helpers';

let s: SimServer;
beforeEach(async () => {
  s = await startSim({ seed: 9, scenario: { ...QUIET, ...NO_RATE_LIMIT } });
  s.advance(5);
});
afterEach(() => s.close());

const touch = async (ticker: string) => {
  const b = (await get<Book>(s, '/securities/book', { ticker, limit: 1000 })).body;
  return { bid: b.bids[0]!.price!, ask: b.asks[0]!.price!, book: b };
};

describe('orders', () => {
  it('a resting LIMIT order is OPEN, listed in /orders and shown with the own trader_id in the book', async () => {
    const { bid, ask } = await touch('BULL');
    const price = Math.round((bid + 0.01) * 100) / 100;
    expect(price).toBeLessThan(ask);
    const r = await post<Order>(s, '/orders', { ticker: 'BULL', type: 'LIMIT', quantity: 500, action: 'BUY', price });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      ticker: 'BULL',
      type: 'LIMIT',
      action: 'BUY',
      quantity: 500,
      price,
      quantity_filled: 0,
      vwap: null,
      status: 'OPEN',
      trader_id: 'TRADER1',
      tick: 5,
      period: 1,
    });
    expect(typeof r.body.order_id).toBe('number');
    expect(r.headers['x-wait-until']).toBeDefined();
    const list = await get<Order[]>(s, '/orders');
    expect(list.body.map((o) => o.order_id)).toEqual([r.body.order_id]);
    const book = await touch('BULL');
    expect(book.book.bids[0]).toMatchObject({ order_id: r.body.order_id, trader_id: 'TRADER1', price });
    const one = await get<Order>(s, `/orders/${r.body.order_id}`);
    expect(one.body).toEqual(r.body);
  });

  it('a MARKET order walks the book: TRANSACTED, price null, vwap = walk average', async () => {
    const { book } = await touch('RITC');
    let left = 10000;
    let notional = 0;
    for (const o of book.asks) {
      const x = Math.min(left, o.quantity - o.quantity_filled);
      notional += x * o.price!;
      left -= x;
      if (left === 0) break;
    }
    const dry = await post<Order>(s, '/orders', {
      ticker: 'RITC',
      type: 'MARKET',
      quantity: 10000,
      action: 'BUY',
      dry_run: 1,
    });
    expect(dry.body.order_id).toBeNull();
    expect(dry.body.vwap).toBeCloseTo(notional / 10000, 6);
    expect((await get<Order[]>(s, '/orders', { status: 'TRANSACTED' })).body).toEqual([]);
    const r = await post<Order>(s, '/orders', { ticker: 'RITC', type: 'MARKET', quantity: 10000, action: 'BUY' });
    expect(r.body).toMatchObject({
      status: 'TRANSACTED',
      price: null,
      quantity: 10000,
      quantity_filled: 10000,
      type: 'MARKET',
    });
    expect(r.body.vwap).toBeCloseTo(notional / 10000, 6);
    const sec = (await get(s, '/securities', { ticker: 'RITC' })).body[0];
    expect(sec.position).toBe(10000);
    expect(sec.vwap).toBeCloseTo(notional / 10000, 6);
  });

  it('a marketable LIMIT fills up to its price and rests the remainder', async () => {
    const { book } = await touch('BEAR');
    const level = book.asks[0]!.price!;
    const atLevel = book.asks.filter((o) => o.price === level).reduce((a, o) => a + o.quantity - o.quantity_filled, 0);
    const qty = Math.min(10000, atLevel + 300);
    const r = await post<Order>(s, '/orders', {
      ticker: 'BEAR',
      type: 'LIMIT',
      quantity: qty,
      action: 'BUY',
      price: level,
    });
    const filled = Math.min(qty, atLevel);
    expect(r.body.quantity_filled).toBe(filled);
    expect(r.body.vwap).toBeCloseTo(level, 6);
    expect(r.body.status).toBe(filled === qty ? 'TRANSACTED' : 'OPEN');
    if (filled < qty) {
      const after = await touch('BEAR');
      expect(after.bid).toBe(level);
      expect(after.book.bids[0]).toMatchObject({ order_id: r.body.order_id, quantity: qty, quantity_filled: filled });
    }
  });

  it('DELETE /orders/{id} cancels and keeps quantity_filled; cancelling again is a 4xx', async () => {
    const { bid } = await touch('BULL');
    const o = (
      await post<Order>(s, '/orders', {
        ticker: 'BULL',
        type: 'LIMIT',
        quantity: 100,
        action: 'BUY',
        price: bid - 0.05,
      })
    ).body;
    const d = await del(s, `/orders/${o.order_id}`);
    expect(d.body).toEqual({ success: true });
    expect((await get<Order>(s, `/orders/${o.order_id}`)).body.status).toBe('CANCELLED');
    expect((await get<Order[]>(s, '/orders', { status: 'CANCELLED' })).body).toHaveLength(1);
    const again = await del(s, `/orders/${o.order_id}`);
    expect(again.status).toBe(400);
    expect(again.body.code).toBe('ORDER_NOT_OPEN');
    expect((await get(s, '/orders/999999')).status).toBe(404);
  });

  it('POST /commands/cancel: all, ticker, ids (comma list and repeated), query', async () => {
    const { bid } = await touch('BULL');
    const r2 = await touch('RITC');
    const place = async (ticker: string, action: string, price: number) =>
      (
        await post<Order>(s, '/orders', {
          ticker,
          type: 'LIMIT',
          quantity: 100,
          action,
          price: Math.round(price * 100) / 100,
        })
      ).body.order_id!;
    const a = await place('BULL', 'BUY', bid - 0.1);
    const b = await place('BULL', 'BUY', bid - 0.2);
    const c = await place('RITC', 'SELL', r2.ask + 0.3);
    const d = await place('RITC', 'BUY', r2.bid - 0.3);
    const e = await place('RITC', 'BUY', r2.bid - 0.4);
    const q = await post(s, '/commands/cancel', { query: `Ticker='RITC' AND Volume<0` });
    expect(q.body).toEqual({ cancelled_order_ids: [c] });
    const q2 = await post(s, '/commands/cancel', { query: `Ticker<>'BULL' AND Price>${r2.bid - 0.35}` });
    expect(q2.body.cancelled_order_ids).toEqual([d]);
    const ids = await post(s, '/commands/cancel', { ids: `${a},999` });
    expect(ids.body.cancelled_order_ids).toEqual([a]);
    const t = await post(s, '/commands/cancel', { ticker: 'RITC' });
    expect(t.body.cancelled_order_ids).toEqual([e]);
    const f = await place('BULL', 'SELL', bid + 0.5);
    const rep = await post(s, '/commands/cancel', { ids: [String(b), String(f)] });
    expect(rep.body.cancelled_order_ids.sort()).toEqual([b, f].sort());
    const g = await place('BEAR', 'BUY', 1);
    const all = await post(s, '/commands/cancel', { all: 1 });
    expect(all.body.cancelled_order_ids).toEqual([g]);
    expect((await get<Order[]>(s, '/orders')).body).toEqual([]);
    const bad = await post(s, '/commands/cancel', { query: 'Ticker LIKE x' });
    expect(bad.status).toBe(400);
    const none = await post(s, '/commands/cancel');
    expect(none.status).toBe(400);
  });

  it('lists own orders newest first', async () => {
    const { bid } = await touch('BULL');
    const ids: number[] = [];
    for (let i = 0; i < 3; i++)
      ids.push(
        (
          await post<Order>(s, '/orders', {
            ticker: 'BULL',
            type: 'LIMIT',
            quantity: 100,
            action: 'BUY',
            price: bid - 0.1 - i / 100,
          })
        ).body.order_id!,
      );
    expect((await get<Order[]>(s, '/orders')).body.map((o) => o.order_id)).toEqual(ids.reverse());
  });

  it('rounds a LIMIT price to the quoted decimals and trades USD without fees', async () => {
    const { bid } = await touch('BULL');
    const r = await post<Order>(s, '/orders', {
      ticker: 'BULL',
      type: 'LIMIT',
      quantity: 100,
      action: 'BUY',
      price: bid - 0.10004,
    });
    expect(r.body.price).toBeCloseTo(Math.round((bid - 0.10004) * 100) / 100, 10);
    const u = await post<Order>(s, '/orders', { ticker: 'USD', type: 'MARKET', quantity: 100000, action: 'BUY' });
    expect(u.body.status).toBe('TRANSACTED');
    const acct = (await get(s, '/sim/account')).body.traders[0];
    const usd = acct.securities.find((x: { ticker: string }) => x.ticker === 'USD');
    expect(usd.position).toBe(100000);
    expect(usd.fees).toBe(0);
    expect(acct.cash.CAD).toBeCloseTo(-100000 * u.body.vwap!, 4);
  });
});
