/** 429 handling over real HTTP: Retry-After (fractional seconds) is honoured, then the call succeeds. */
import { RateLimitedError, RitClient } from '@ritc/rit-client';
import * as F from './fixtures/rit-responses';
import { type FakeRit, sendJson, startFakeRit } from './helpers/fake-rit';
import { item } from './helpers/checked';

let rit: FakeRit;
let client: RitClient;
const rateLimitedOnce = new Set<string>();

function limitOnce(key: string, ok: () => unknown, headers: Record<string, string> = { 'Retry-After': '0.2' }) {
  return (_q: unknown, res: import('node:http').ServerResponse) => {
    if (!rateLimitedOnce.has(key)) {
      rateLimitedOnce.add(key);
      return sendJson(res, 429, { code: 'RATE_LIMIT_EXCEEDED', wait: 0.2 }, headers);
    }
    sendJson(res, 200, ok());
  };
}

beforeAll(async () => {
  rit = await startFakeRit({
    'GET /securities/book': limitOnce('book', () => F.books.RITC),
    'POST /orders': (req, res) => {
      const t = req.query.get('ticker') ?? '';
      if (t === 'ALWAYS')
        return sendJson(res, 429, { code: 'RATE_LIMIT_EXCEEDED', wait: 0.01 }, { 'Retry-After': '0.01' });
      if (t === 'BODYWAIT') return limitOnce(t, () => F.limitOrder, {})(req, res);
      return limitOnce(t, () => F.limitOrder)(req, res);
    },
  });
  client = new RitClient({ baseUrl: rit.baseUrl, apiKey: 'rate-key', orderRetries: 2 });
});

afterAll(async () => {
  await client.close();
  await rit.close();
});

test('GET: 429 with Retry-After: 0.2, then success after waiting >= ~0.2 s', async () => {
  const t0 = performance.now();
  const book = await client.getBook('RITC');
  const waited = performance.now() - t0;
  expect(book.asks.length).toBe(F.books.RITC.asks.length);
  const hits = rit.hits('GET /securities/book');
  expect(hits).toHaveLength(2);
  expect(item(hits, 1).at - item(hits, 0).at).toBeGreaterThanOrEqual(190);
  expect(waited).toBeGreaterThanOrEqual(190);
  expect(client.stats().byEndpoint['GET /securities/book']).toMatchObject({
    requests: 2,
    retries: 1,
    rateLimited: 1,
    errors: 0,
  });
});

test('POST /orders: 429 with Retry-After: 0.2 -> re-sent after the wait, succeeds', async () => {
  const posted = await client.postOrder({ ticker: 'BULL', type: 'LIMIT', quantity: 100, action: 'BUY', price: 9.7 });
  expect(posted.order.order_id).toBe(639);
  const hits = rit.hits('POST /orders').filter((q) => q.query.get('ticker') === 'BULL');
  expect(hits).toHaveLength(2);
  expect(item(hits, 1).at - item(hits, 0).at).toBeGreaterThanOrEqual(190);
});

test('POST /orders: body `wait` is used when Retry-After is absent', async () => {
  await client.postOrder({ ticker: 'BODYWAIT', type: 'MARKET', quantity: 1, action: 'SELL' });
  const hits = rit.hits('POST /orders').filter((q) => q.query.get('ticker') === 'BODYWAIT');
  expect(hits).toHaveLength(2);
  expect(item(hits, 1).at - item(hits, 0).at).toBeGreaterThanOrEqual(190);
});

test('POST /orders: bounded re-sends, then RateLimitedError with waitSec', async () => {
  const err = await client
    .postOrder({ ticker: 'ALWAYS', type: 'MARKET', quantity: 1, action: 'BUY' })
    .catch((e: unknown) => e);
  expect(err).toBeInstanceOf(RateLimitedError);
  expect(err).toMatchObject({ code: 'RIT_ERR_RATE_LIMITED', waitSec: 0.01, status: 429 });
  expect(rit.hits('POST /orders').filter((q) => q.query.get('ticker') === 'ALWAYS')).toHaveLength(3);
});

describe("POST /orders with pacing: 'caller' (the caller waits and re-sends)", () => {
  test('a 429 rejects at once with its wait, after exactly one request; the client then holds nothing', async () => {
    const sleeps: number[] = [];
    const own = new RitClient({
      baseUrl: rit.baseUrl,
      apiKey: 'rate-key',
      clock: { now: () => performance.now(), sleep: (ms) => (sleeps.push(ms), new Promise((r) => setTimeout(r, ms))) },
    });
    try {
      const req = { ticker: 'CALLER', type: 'MARKET', quantity: 1, action: 'BUY' } as const;
      const err = await own.postOrder(req, { pacing: 'caller' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RateLimitedError);
      expect(err).toMatchObject({ code: 'RIT_ERR_RATE_LIMITED', waitSec: 0.2, status: 429 });
      expect(rit.hits('POST /orders').filter((q) => q.query.get('ticker') === 'CALLER')).toHaveLength(1);
      // The caller re-sends when it decides to: the client neither waited nor blocks the ticker.
      const posted = await own.postOrder(req, { pacing: 'caller' });
      expect(posted.order.order_id).toBe(639);
      expect(rit.hits('POST /orders').filter((q) => q.query.get('ticker') === 'CALLER')).toHaveLength(2);
      expect(sleeps).toEqual([]);
      expect(own.stats().byEndpoint['POST /orders']).toMatchObject({ requests: 2, retries: 0, rateLimited: 1 });
    } finally {
      await own.close();
    }
  });

  test('an unknown pacing mode is refused before anything is sent', async () => {
    const n = rit.hits('POST /orders').length;
    const err = await client
      .postOrder(
        { ticker: 'BULL', type: 'MARKET', quantity: 1, action: 'BUY' },
        {
          pacing: 'engine' as unknown as 'caller',
        },
      )
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'RIT_ERR_INVALID_ARG' });
    expect(rit.hits('POST /orders')).toHaveLength(n);
  });
});
