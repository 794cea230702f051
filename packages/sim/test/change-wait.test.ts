/**
 * GET /sim/wait: held until the case's clock or the security's book differs from what the caller
 * saw, so a feed on the virtual clock reads once per change instead of on every poll.
 */
import type { SimServer } from '../src';
import { call, get, post, QUIET, startSim } from './helpers';

interface Point {
  status: string;
  period: number;
  tick: number;
  version: number;
}

const wait = async (s: SimServer, ticker: string, seen: Point | null, timeout: number): Promise<Point> => {
  const q: Record<string, string | number> = { ticker, timeout };
  if (seen) Object.assign(q, { status: seen.status, period: seen.period, tick: seen.tick, version: seen.version });
  const r = await call<Point>(s, 'GET', '/sim/wait', q);
  expect([r.status, r.text]).toEqual([200, expect.any(String)]);
  return r.body;
};

describe('GET /sim/wait', () => {
  let s: SimServer | undefined;
  afterEach(async () => {
    await s?.close();
    s = undefined;
  });

  it('answers at once for a caller that saw nothing, with the case clock and the book version', async () => {
    s = await startSim({ scenario: QUIET });
    const p = await wait(s, 'RITC', null, 10_000);
    const c = (await get(s, '/case')).body;
    expect(p).toEqual({ status: c.status, period: c.period, tick: c.tick, version: expect.any(Number) });
  });

  it('answers unchanged after its timeout when nothing changed', async () => {
    s = await startSim({ scenario: QUIET });
    const seen = await wait(s, 'RITC', null, 0);
    expect(await wait(s, 'RITC', seen, 30)).toEqual(seen);
  });

  it('wakes on the next tick', async () => {
    s = await startSim({ scenario: QUIET });
    const seen = await wait(s, 'RITC', null, 0);
    const pending = wait(s, 'RITC', seen, 10_000);
    expect((await post(s, '/sim/advance', { ticks: 1 })).status).toBe(200);
    const p = await pending;
    expect(p.tick).toBe(seen.tick + 1);
  });

  it("wakes when an order changes the security's book, not another security's", async () => {
    s = await startSim({ scenario: QUIET });
    const ritc = await wait(s, 'RITC', null, 0);
    const bull = await wait(s, 'BULL', null, 0);
    const pending = wait(s, 'RITC', ritc, 10_000);
    const order = { ticker: 'RITC', type: 'LIMIT', quantity: 100, action: 'BUY', price: 1 };
    expect((await post(s, '/orders', order)).status).toBe(200);
    const p = await pending;
    expect(p.tick).toBe(ritc.tick);
    expect(p.version).not.toBe(ritc.version);
    expect(await wait(s, 'BULL', bull, 30)).toEqual(bull);
  });

  it('carries the book and the new time & sales when asked, as the /v1 reads answer them at that moment', async () => {
    s = await startSim({ scenario: QUIET });
    const buy = { ticker: 'RITC', type: 'MARKET', quantity: 100, action: 'BUY' };
    expect((await post(s, '/orders', buy)).status).toBe(200);
    const asked = { ticker: 'RITC', timeout: 0, book_limit: 5, tas_after: 0, tas_limit: 10_000 };
    const r = await call(s, 'GET', '/sim/wait', asked);
    expect(r.status).toBe(200);
    const book = (await get(s, '/securities/book', { ticker: 'RITC', limit: 5 })).body;
    const tas = (await get(s, '/securities/tas', { ticker: 'RITC', after: 0, limit: 10_000 })).body;
    expect(tas.length).toBeGreaterThan(0);
    expect(book.bids.length).toBeGreaterThan(0);
    expect(r.body).toEqual({
      status: 'ACTIVE',
      period: 1,
      tick: expect.any(Number),
      version: expect.any(Number),
      book,
      tas,
    });

    // Only the prints after the id given; the book's limit is the one asked for.
    const lastId = Math.max(...tas.map((t: { id: number }) => t.id));
    expect((await post(s, '/orders', buy)).status).toBe(200);
    const next = await call(s, 'GET', '/sim/wait', { ...asked, tas_after: lastId, book_limit: 1 });
    const fresh = (await get(s, '/securities/tas', { ticker: 'RITC', after: lastId })).body;
    expect(fresh.length).toBeGreaterThan(0);
    expect(next.body.tas).toEqual(fresh);
    expect(next.body.book).toEqual((await get(s, '/securities/book', { ticker: 'RITC', limit: 1 })).body);
    expect(next.body.book.asks.length).toBe(1);
  });

  it('carries only what was asked for, and takes it when the wait answers (after the change)', async () => {
    s = await startSim({ scenario: QUIET });
    const seen = await wait(s, 'RITC', null, 0);
    expect(Object.keys(seen).sort()).toEqual(['period', 'status', 'tick', 'version']);
    const pending = call(s, 'GET', '/sim/wait', {
      ticker: 'RITC',
      timeout: 10_000,
      ...seen,
      book_limit: 10_000,
    });
    const order = { ticker: 'RITC', type: 'LIMIT', quantity: 100, action: 'BUY', price: 1 };
    const placed = await post(s, '/orders', order);
    expect(placed.status).toBe(200);
    const r = await pending;
    expect(r.body).not.toHaveProperty('tas');
    const ids = [...r.body.book.bids].map((o: { order_id: number }) => o.order_id);
    expect(ids).toContain(placed.body.order_id);
  });

  it('refuses a negative time & sales id or a book limit out of range', async () => {
    s = await startSim({ scenario: QUIET });
    const bads: Record<string, number>[] = [{ tas_after: -1 }, { book_limit: -1 }, { book_limit: 1e9 }];
    for (const bad of bads) {
      const r = await call(s, 'GET', '/sim/wait', { ticker: 'RITC', timeout: 0, ...bad });
      expect(r.status).toBe(400);
    }
  });

  it('refuses an unknown security before waiting', async () => {
    s = await startSim({ scenario: QUIET });
    const r = await call(s, 'GET', '/sim/wait', { ticker: 'NOPE', timeout: 10_000 });
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(500);
  });
});

describe('GET /sim/batch', () => {
  let s: SimServer | undefined;
  afterEach(async () => {
    await s?.close();
    s = undefined;
  });

  it('answers each /v1 GET as its own request does, in the order asked, errors included', async () => {
    s = await startSim({ scenario: QUIET });
    const order = { ticker: 'RITC', type: 'LIMIT', quantity: 100, action: 'BUY', price: 1 };
    expect((await post(s, '/orders', order)).status).toBe(200);
    const reads = ['/case', '/orders?status=OPEN', '/limits', '/trader', '/securities/book?ticker=BULL&limit=3'];
    const r = await call(s, 'GET', '/sim/batch', { read: [...reads, '/securities/book?ticker=NOPE', '/nope'] });
    expect(r.status).toBe(200);
    const own = [
      await get(s, '/case'),
      await get(s, '/orders', { status: 'OPEN' }),
      await get(s, '/limits'),
      await get(s, '/trader'),
      await get(s, '/securities/book', { ticker: 'BULL', limit: 3 }),
      await get(s, '/securities/book', { ticker: 'NOPE' }),
    ];
    expect(r.body.slice(0, 6)).toEqual(own.map((a) => ({ status: a.status, body: a.body })));
    expect(own[1]!.body).toHaveLength(1);
    expect(own[5]!.status).toBe(400);
    expect(r.body[6]).toEqual({
      status: 404,
      body: { code: 'NOT_FOUND', message: expect.stringContaining('/v1/nope') },
    });
  });

  it('refuses a batch without reads, and reads nothing but GETs of /v1', async () => {
    s = await startSim({ scenario: QUIET });
    expect((await call(s, 'GET', '/sim/batch')).status).toBe(400);
    expect((await call(s, 'POST', '/sim/batch', { read: '/case' })).status).toBe(405);
    // A POST route under a GET read is not found: a batch never trades.
    const r = await call(s, 'GET', '/sim/batch', { read: '/orders?ticker=RITC&type=MARKET&quantity=1&action=BUY' });
    expect(r.body[0].status).toBe(200);
    expect(r.body[0].body).toEqual([]);
  });
});
