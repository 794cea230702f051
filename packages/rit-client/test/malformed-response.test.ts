/** Bodies that cannot be read as RIT objects reject with MalformedResponseError (over real HTTP). */
import { MalformedResponseError, OrderOutcomeUnknownError, RitClient } from '@ritc/rit-client';
import * as F from './fixtures/rit-responses';
import { type FakeRit, sendJson, startFakeRit } from './helpers/fake-rit';

let rit: FakeRit;
let client: RitClient;

function truncated(res: import('node:http').ServerResponse, status = 200): void {
  const text = JSON.stringify(F.books.BULL);
  // Promise more bytes than we send, then drop the connection.
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(text.length + 500) });
  res.write(text.slice(0, 200), () => res.socket?.destroy());
}

beforeAll(async () => {
  rit = await startFakeRit({
    'GET /case': (_q, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"name": "x", "period": 1,');
    },
    'GET /securities/book': (_q, res) => truncated(res),
    'GET /trader': { body: { trader_id: 'x', first_name: 'a', last_name: 'b', nlv: 'lots' } },
    'POST /orders': (req, res) => {
      if (req.query.get('ticker') === 'TRUNC') return truncated(res);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('<html>proxy error</html>');
    },
    'GET /orders': { body: { orders: [] } },
  });
  client = new RitClient({ baseUrl: rit.baseUrl, apiKey: 'k3y-malformed', getRetries: 2 });
});

afterAll(async () => {
  await client.close();
  await rit.close();
});

test('invalid JSON rejects with RIT_ERR_MALFORMED naming the endpoint, not retried', async () => {
  const before = rit.hits('GET /case').length;
  const err = await client.getCase().catch((e: unknown) => e);
  expect(err).toBeInstanceOf(MalformedResponseError);
  expect((err as MalformedResponseError).code).toBe('RIT_ERR_MALFORMED');
  expect((err as Error).message).toMatch(/^GET \/case: invalid JSON/);
  expect(rit.hits('GET /case').length - before).toBe(1);
});

test('a truncated body (Content-Length larger than the body, then close) is malformed', async () => {
  const err = await client.getBook('BULL').catch((e: unknown) => e);
  expect(err).toBeInstanceOf(MalformedResponseError);
  expect((err as Error).message).toMatch(/GET \/securities\/book: truncated body/);
  // The pool recovers: the next call on a fresh connection works.
  rit.route('GET /securities/book', { body: F.books.BULL });
  expect((await client.getBook('BULL')).bids).toHaveLength(F.books.BULL.bids.length);
});

test('a wrong field type names the field', async () => {
  await expect(client.getTrader()).rejects.toThrow('GET /trader: nlv: expected finite number, got "lots"');
  await expect(client.getOrders()).rejects.toThrow('GET /orders: body: expected array, got object');
});

test('POST /orders answered 200 with an unreadable body: outcome unknown, sent once', async () => {
  const req = { ticker: 'BULL', type: 'LIMIT', quantity: 100, action: 'BUY', price: 9.7 } as const;
  const err = await client.postOrder(req).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(OrderOutcomeUnknownError);
  expect((err as OrderOutcomeUnknownError).reason).toBe('malformed');
  expect((err as OrderOutcomeUnknownError).request).toEqual(req);
  expect((err as Error).cause).toBeInstanceOf(MalformedResponseError);
  expect(rit.hits('POST /orders')).toHaveLength(1);

  const t = await client.postOrder({ ...req, ticker: 'TRUNC' }).catch((e: unknown) => e);
  expect(t).toBeInstanceOf(OrderOutcomeUnknownError);
  expect(rit.hits('POST /orders')).toHaveLength(2);
});

test('a dry run with an unreadable body is simply malformed (nothing was created)', async () => {
  const err = await client
    .postOrder({ ticker: 'BULL', type: 'MARKET', quantity: 1, action: 'BUY', dry_run: true })
    .catch((e: unknown) => e);
  expect(err).toBeInstanceOf(MalformedResponseError);
});

test('sendJson sanity: the fake still serves good JSON on other routes', async () => {
  rit.route('GET /case', (_q, res) => sendJson(res, 200, F.caseBody));
  expect((await client.getCase()).tick).toBe(42);
});
