import fc from 'fast-check';
import { request } from 'undici';
import type { SimServer } from '../src';
import { KEY, NO_RATE_LIMIT, get, post, startSim, type JsonBody } from './helpers';

let s: SimServer;
beforeAll(async () => {
  s = await startSim({ scenario: { ...NO_RATE_LIMIT } });
});
afterAll(() => s.close());

const expectError = (r: { status: number; body: JsonBody }, status: number, code?: string) => {
  expect(r.status).toBe(status);
  expect(typeof r.body.code).toBe('string');
  expect(typeof r.body.message).toBe('string');
  expect(r.body.message.length).toBeGreaterThan(5);
  if (code) expect(r.body.code).toBe(code);
};

describe('malformed requests', () => {
  it.each([
    [{ ticker: 'NOPE', type: 'MARKET', quantity: 1, action: 'BUY' }, /Unknown ticker/],
    [{ ticker: 'ritc', type: 'MARKET', quantity: 1, action: 'BUY' }, /case-sensitive/],
    [{ ticker: 'CAD', type: 'MARKET', quantity: 1, action: 'BUY' }, /not tradeable/],
    [{ ticker: 'BULL', type: 'LIMIT', quantity: 1, action: 'BUY' }, /price is required/],
    [{ ticker: 'BULL', type: 'MARKET', quantity: 0, action: 'BUY' }, /positive/],
    [{ ticker: 'BULL', type: 'MARKET', quantity: -5, action: 'BUY' }, /positive/],
    [{ ticker: 'BULL', type: 'MARKET', quantity: 0.5, action: 'BUY' }, /less than one whole/],
    [{ ticker: 'BULL', type: 'MARKET', quantity: 'abc', action: 'BUY' }, /number/],
    [{ ticker: 'BULL', type: 'MARKET', quantity: 10001, action: 'BUY' }, /maximum trade size 10000/],
    [{ ticker: 'USD', type: 'MARKET', quantity: 2500001, action: 'BUY' }, /maximum trade size 2500000/],
    [{ ticker: 'BULL', type: 'STOP', quantity: 1, action: 'BUY' }, /MARKET, LIMIT/],
    [{ ticker: 'BULL', type: 'MARKET', quantity: 1, action: 'HOLD' }, /BUY, SELL/],
    [{ ticker: 'BULL', type: 'LIMIT', quantity: 1, action: 'BUY', price: 'NaN' }, /number/],
    [{ ticker: 'BULL', type: 'LIMIT', quantity: 1, action: 'BUY', price: -3 }, /positive/],
    [{ ticker: 'BULL', type: 'LIMIT', quantity: 1, action: 'BUY', price: 5000 }, /band/],
    [{ ticker: 'BULL', type: 'LIMIT', quantity: 1, action: 'BUY', price: 9, dry_run: 1 }, /dry_run/],
    [{ type: 'MARKET', quantity: 1, action: 'BUY' }, /ticker/],
  ])('POST /orders %j answers 400 with a clear message', async (params, msg) => {
    const r = await post(s, '/orders', params as Record<string, string | number>);
    expectError(r, 400);
    expect(r.body.message).toMatch(msg);
  });

  it('refuses orders while the case is PAUSED with CASE_NOT_ACTIVE', async () => {
    s.pause();
    try {
      const r = await post(s, '/orders', { ticker: 'BULL', type: 'MARKET', quantity: 1, action: 'BUY' });
      expectError(r, 409, 'CASE_NOT_ACTIVE');
    } finally {
      s.resume();
    }
  });

  it('rejects bad ids, bad numbers and missing parameters on other endpoints', async () => {
    expectError(await get(s, '/orders/abc'), 400);
    expectError(await get(s, '/orders', { status: 'FOO' }), 400);
    expectError(await get(s, '/securities/book'), 400);
    expectError(await get(s, '/securities/book', { ticker: 'BULL', limit: -1 }), 400);
    expectError(await get(s, '/securities/tas', { ticker: 'BULL', after: 'x' }), 400);
    expectError(await get(s, '/securities', { ticker: 'XYZ' }), 400);
    expectError(await get(s, '/news', { limit: 1.5 }), 400);
  });

  it('survives raw garbage: bad encodings, huge queries, bodies, odd methods', async () => {
    const base = s.url;
    const paths = [
      '/orders?ticker=%ZZ',
      '/securities/book?ticker=%E0%A4%A',
      `/case?${'a'.repeat(20000)}=1`,
      '/orders/%',
      '/..%2f..%2fetc/passwd',
    ];
    for (const p of paths) {
      const res = await request(base + p, { method: 'POST', headers: { 'X-API-Key': KEY } });
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
      await res.body.text();
    }
    const withBody = await request(`${base}/case`, { method: 'GET', headers: { 'X-API-Key': KEY }, body: undefined });
    expect(withBody.statusCode).toBe(200);
    await withBody.body.text();
    const posted = await request(`${base}/orders`, {
      method: 'POST',
      headers: { 'X-API-Key': KEY, 'content-type': 'application/json' },
      body: '{"ticker":"BULL"',
    });
    expect(posted.statusCode).toBe(400);
    await posted.body.text();
    const patch = await request(`${base}/case`, { method: 'PATCH', headers: { 'X-API-Key': KEY } });
    expect(patch.statusCode).toBe(405);
    await patch.body.text();
  });

  it('never answers 5xx or crashes on fuzzed requests', async () => {
    const paths = [
      '/case',
      '/orders',
      '/orders/1',
      '/securities/book',
      '/securities/tas',
      '/commands/cancel',
      '/tenders/1',
      '/leases',
      '/leases/1',
      '/news',
      '/securities/history',
      '/assets/history',
      '/limits',
    ];
    const names = [
      'ticker',
      'type',
      'quantity',
      'action',
      'price',
      'dry_run',
      'limit',
      'after',
      'since',
      'period',
      'ids',
      'query',
      'all',
      'status',
      'from1',
      'quantity1',
    ];
    const value = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.integer({ min: -1e9, max: 1e9 }).map(String),
      fc.double().map(String),
      fc.constantFrom('BULL', 'RITC', 'USD', 'LIMIT', 'MARKET', 'BUY', 'SELL', '1', "Ticker='BULL' AND Price>1"),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'DELETE'),
        fc.constantFrom(...paths),
        fc.dictionary(fc.constantFrom(...names), value, { maxKeys: 6 }),
        async (method, path, params) => {
          const qs = new URLSearchParams(params).toString();
          const res = await request(`${s.url}${path}?${qs}`, {
            method: method as 'GET',
            headers: { 'X-API-Key': KEY },
          });
          const text = await res.body.text();
          expect(res.statusCode).toBeLessThan(500);
          const body = JSON.parse(text);
          if (res.statusCode >= 400) expect(typeof body.code).toBe('string');
        },
      ),
      { numRuns: 300, seed: 42 },
    );
    expect((await get(s, '/sim/stats')).body.internal_errors).toBe(0);
  });
});
