import type { Book, Case, Limit, News, Ohlc, Security, Tas, Trader } from '@ritc/rit-client';
import type { SimServer } from '../src';
import { call, get, post, startSim } from './helpers';

let s: SimServer;
beforeAll(async () => {
  s = await startSim({ seed: 3 });
  s.advance(60);
});
afterAll(() => s.close());

const SECURITY_KEYS = [
  'ticker',
  'type',
  'size',
  'position',
  'vwap',
  'nlv',
  'last',
  'bid',
  'bid_size',
  'ask',
  'ask_size',
  'volume',
  'unrealized',
  'realized',
  'currency',
  'total_volume',
  'limits',
  'interest_rate',
  'is_tradeable',
  'is_shortable',
  'start_period',
  'stop_period',
  'description',
  'unit_multiplier',
  'display_unit',
  'start_price',
  'min_price',
  'max_price',
  'quoted_decimals',
  'trading_fee',
  'limit_order_rebate',
  'min_trade_size',
  'max_trade_size',
  'required_tickers',
  'underlying_tickers',
  'bond_coupon',
  'interest_payments_per_period',
  'base_security',
  'fixing_ticker',
  'api_orders_per_second',
  'execution_delay_ms',
  'interest_rate_ticker',
  'otc_price_range',
];
const ORDER_KEYS = [
  'order_id',
  'period',
  'tick',
  'trader_id',
  'ticker',
  'quantity',
  'price',
  'type',
  'action',
  'quantity_filled',
  'vwap',
  'status',
];

describe('RIT v1 endpoints', () => {
  it('GET /case', async () => {
    const r = await get<Case>(s, '/case');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      name: expect.any(String),
      period: 1,
      tick: 60,
      ticks_per_period: 300,
      total_periods: 1,
      status: 'ACTIVE',
      is_enforce_trading_limits: true,
    });
  });

  it('GET /trader', async () => {
    const r = await get<Trader>(s, '/trader');
    expect(Object.keys(r.body)).toEqual(['trader_id', 'first_name', 'last_name', 'nlv']);
    expect(r.body.nlv).toBe(0);
  });

  it('GET /limits is a list', async () => {
    const r = await get<Limit[]>(s, '/limits');
    expect(r.body).toEqual([
      { name: 'LIMIT-STOCK', gross: 0, net: 0, gross_limit: 300000, net_limit: 200000, gross_fine: 1, net_fine: 1 },
    ]);
  });

  it('GET /securities lists the ETF case with every Security key in RIT order', async () => {
    const r = await get<Security[]>(s, '/securities');
    expect(r.body.map((x) => x.ticker)).toEqual(['CAD', 'USD', 'BULL', 'BEAR', 'RITC']);
    for (const sec of r.body) expect(Object.keys(sec)).toEqual(SECURITY_KEYS);
    const by = Object.fromEntries(r.body.map((x) => [x.ticker, x]));
    expect(by.CAD!.is_tradeable).toBe(false);
    expect(by.USD).toMatchObject({
      type: 'CURRENCY',
      currency: 'CAD',
      quoted_decimals: 4,
      max_trade_size: 2500000,
      trading_fee: 0,
      limit_order_rebate: 0,
    });
    expect(by.RITC).toMatchObject({
      type: 'STOCK',
      currency: 'USD',
      start_price: 25,
      trading_fee: 0.02,
      limit_order_rebate: 0.01,
      max_trade_size: 10000,
      limits: [{ name: 'LIMIT-STOCK', units: 2 }],
    });
    expect(by.BULL).toMatchObject({ currency: 'CAD', start_price: 10, limits: [{ name: 'LIMIT-STOCK', units: 1 }] });
    expect(by.BEAR!.start_price).toBe(15);
    expect(by.USD!.ask - by.USD!.bid).toBeCloseTo(0.0002, 8);
    expect(by.BULL!.bid).toBeLessThan(by.BULL!.ask);
    expect(by.BULL!.required_tickers).toBeNull();
    const one = await get<Security[]>(s, '/securities', { ticker: 'BEAR' });
    expect(one.body).toHaveLength(1);
    expect(one.body[0]!.ticker).toBe('BEAR');
  });

  it('GET /securities/book: individual orders, bids desc, asks asc, default limit 20, ANON', async () => {
    const r = await get<Book>(s, '/securities/book', { ticker: 'BULL' });
    expect(r.body.bids).toHaveLength(20);
    expect(r.body.asks).toHaveLength(20);
    for (const o of [...r.body.bids, ...r.body.asks]) {
      expect(Object.keys(o)).toEqual(ORDER_KEYS);
      expect(o.trader_id).toBe('ANON');
      expect(o.type).toBe('LIMIT');
      expect(o.status).toBe('OPEN');
    }
    for (let i = 1; i < 20; i++) {
      const [a, b] = [r.body.bids[i - 1]!, r.body.bids[i]!];
      expect(a.price!).toBeGreaterThanOrEqual(b.price!);
      if (a.price === b.price) expect(a.order_id!).toBeLessThan(b.order_id!);
      expect(r.body.asks[i - 1]!.price!).toBeLessThanOrEqual(r.body.asks[i]!.price!);
    }
    expect(r.body.bids[0]!.price!).toBeLessThan(r.body.asks[0]!.price!);
    const deep = await get<Book>(s, '/securities/book', { ticker: 'BULL', limit: 1000 });
    expect(deep.body.bids.length).toBeGreaterThan(20);
    const usd = await get<Book>(s, '/securities/book', { ticker: 'USD' });
    expect(usd.body.bids).toHaveLength(1);
    expect(usd.body.bids[0]!.quantity).toBe(2147480000);
  });

  it('GET /securities/history: one OHLC bar per tick, newest first, limit = ticks back', async () => {
    const r = await get<Ohlc[]>(s, '/securities/history', { ticker: 'RITC' });
    expect(r.body[0]!.tick).toBe(60);
    expect(r.body[1]!.tick).toBe(59);
    expect(r.body).toHaveLength(61);
    for (const b of r.body) expect(b.low).toBeLessThanOrEqual(Math.min(b.open, b.close));
    const lim = await get<Ohlc[]>(s, '/securities/history', { ticker: 'RITC', limit: 5 });
    expect(lim.body.map((b) => b.tick)).toEqual([60, 59, 58, 57, 56, 55]);
  });

  it('GET /securities/tas: newest first, after and limit filters', async () => {
    const r = await get<Tas[]>(s, '/securities/tas', { ticker: 'BULL' });
    expect(r.body.length).toBeGreaterThan(10);
    expect(Object.keys(r.body[0]!)).toEqual(['id', 'period', 'tick', 'price', 'quantity']);
    for (let i = 1; i < r.body.length; i++) expect(r.body[i - 1]!.id).toBeGreaterThan(r.body[i]!.id);
    const after = r.body[5]!.id;
    const a = await get<Tas[]>(s, '/securities/tas', { ticker: 'BULL', after });
    expect(a.body).toHaveLength(5);
    const l = await get<Tas[]>(s, '/securities/tas', { ticker: 'BULL', limit: 0 });
    for (const t of l.body) expect(t.tick).toBe(60);
  });

  it('GET /news: newest first, since/after, limit', async () => {
    const sv = await startSim({ seed: 5, scenario: { fundamentals: { BULL: { jumpProbPerTick: 0.2 } } } });
    try {
      sv.advance(120);
      const r = await get<News[]>(sv, '/news', { limit: 100 });
      expect(r.body.length).toBeGreaterThanOrEqual(3);
      expect(Object.keys(r.body[0]!)).toEqual(['news_id', 'period', 'tick', 'ticker', 'headline', 'body']);
      for (let i = 1; i < r.body.length; i++) expect(r.body[i - 1]!.news_id).toBeGreaterThan(r.body[i]!.news_id);
      expect(r.body[r.body.length - 1]!.news_id).toBe(1);
      const since = await get<News[]>(sv, '/news', { since: 2 });
      const after = await get<News[]>(sv, '/news', { after: 2 });
      expect(since.body).toEqual(after.body);
      expect(since.body.every((n) => n.news_id > 2)).toBe(true);
      const lim = await get<News[]>(sv, '/news', { limit: 2 });
      expect(lim.body).toHaveLength(2);
    } finally {
      await sv.close();
    }
  });

  it('GET /tenders, /assets, /assets/history, /leases', async () => {
    expect((await get(s, '/tenders')).body).toEqual([]);
    const assets = await get(s, '/assets');
    expect(assets.body.map((a: { ticker: string }) => a.ticker)).toEqual(['ETF-Creation', 'ETF-Redemption']);
    expect(assets.body[0]).toMatchObject({
      type: 'REFINERY',
      ticks_per_conversion: 2,
      convert_to: [{ ticker: 'RITC', quantity: 10000 }],
    });
    expect((await get(s, '/assets', { ticker: 'ETF-Redemption' })).body).toHaveLength(1);
    expect((await get(s, '/assets/history')).body).toEqual([]);
    expect((await get(s, '/leases')).body).toEqual([]);
  });

  it('answers 404 for unknown routes and 405 for a wrong method', async () => {
    const a = await get(s, '/nope');
    expect(a.status).toBe(404);
    expect(a.body.code).toBe('NOT_FOUND');
    const b = await call(s, 'PUT', '/orders');
    expect(b.status).toBe(405);
    expect(b.body.message).toMatch(/PUT/);
    const c = await post(s, '/case');
    expect(c.status).toBe(405);
  });

  it('treats parameter names case-insensitively', async () => {
    const r = await get<Book>(s, '/securities/book', { TICKER: 'RITC', Limit: 3 });
    expect(r.status).toBe(200);
    expect(r.body.bids).toHaveLength(3);
  });
});
