/** Timeouts: GETs are retried then fail with TimeoutError; POST /orders is sent once, outcome unknown. */
import { OrderOutcomeUnknownError, RitClient, TimeoutError } from '@ritc/rit-client';
import * as F from './fixtures/rit-responses';
import { type FakeRit, sendJson, startFakeRit } from './helpers/fake-rit';

let rit: FakeRit;
let client: RitClient;
const stalled: import('node:http').ServerResponse[] = [];
// Never answers (the test closes the server at the end).
const stall = (_q: unknown, res: import('node:http').ServerResponse) => void stalled.push(res);

beforeAll(async () => {
  rit = await startFakeRit({
    'GET /case': stall,
    'POST /orders': stall,
    'GET /securities/tas': (_q, res) => {
      // Headers at once, then the body never completes: a body timeout.
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('[');
      stalled.push(res);
    },
    'GET /news': { body: F.newsBody },
  });
  client = new RitClient({
    baseUrl: rit.baseUrl,
    apiKey: 'timeout-key',
    timeoutMs: 150,
    getRetries: 2,
    backoff: { baseMs: 5, maxMs: 10 },
  });
});

afterAll(async () => {
  await client.close();
  await rit.close();
});

test('GET without an answer: retried getRetries times, then TimeoutError', async () => {
  const err = await client.getCase().catch((e: unknown) => e);
  expect(err).toBeInstanceOf(TimeoutError);
  expect(err).toMatchObject({ code: 'RIT_ERR_TIMEOUT', endpoint: 'GET /case' });
  expect((err as Error).message).toMatch(/no answer within 150 ms.*after 3 attempts/);
  expect(rit.hits('GET /case')).toHaveLength(3);
  expect(client.stats().byEndpoint['GET /case']).toMatchObject({ requests: 3, retries: 2, timeouts: 3, errors: 1 });
});

test('a body that stops arriving is a timeout too', async () => {
  const err = await client.getTas('RITC').catch((e: unknown) => e);
  expect(err).toBeInstanceOf(TimeoutError);
  expect(rit.hits('GET /securities/tas')).toHaveLength(3);
});

test('POST /orders timing out: OrderOutcomeUnknownError carrying the request, sent exactly once', async () => {
  const req = { ticker: 'RITC', type: 'LIMIT', quantity: 500, action: 'SELL', price: 25.5 } as const;
  const err = await client.postOrder(req).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(OrderOutcomeUnknownError);
  const e = err as OrderOutcomeUnknownError;
  expect(e.code).toBe('RIT_ERR_ORDER_UNKNOWN');
  expect(e.reason).toBe('timeout');
  expect(e.request).toEqual(req);
  expect(e.message).toMatch(/reconcile with GET \/orders/);
  // Wait longer than any retry would take, then check nothing was re-sent.
  await new Promise((r) => setTimeout(r, 400));
  expect(rit.hits('POST /orders')).toHaveLength(1);
  expect(client.stats().byEndpoint['POST /orders']).toMatchObject({ requests: 1, retries: 0, timeouts: 1 });
});

test('the client keeps working after timeouts', async () => {
  expect(await client.getNews()).toEqual(F.newsBody);
});

test('a connection dropped after sending POST /orders is also outcome-unknown', async () => {
  rit.route('POST /orders', (_q, res) => res.socket?.destroy());
  const err = await client
    .postOrder({ ticker: 'BULL', type: 'MARKET', quantity: 1, action: 'BUY' })
    .catch((x: unknown) => x);
  expect(err).toBeInstanceOf(OrderOutcomeUnknownError);
  expect((err as OrderOutcomeUnknownError).reason).toBe('network');
  rit.route('POST /orders', (_q, res) => sendJson(res, 200, F.marketOrder));
  await new Promise((r) => setTimeout(r, 100));
  expect(rit.hits('POST /orders')).toHaveLength(2);
});

test('an order still queued behind a stalled request when the deadline fires was never sent: TimeoutError', async () => {
  const c = new RitClient({
    baseUrl: rit.baseUrl,
    apiKey: 'timeout-key',
    timeoutMs: 150,
    connections: 1,
    getRetries: 0,
  });
  try {
    const before = rit.hits('POST /orders').length;
    rit.route('POST /orders', stall);
    const stalledGet = c.getCase().catch((e: unknown) => e); // occupies the only connection
    const err = await c
      .postOrder({ ticker: 'BULL', type: 'MARKET', quantity: 1, action: 'BUY' })
      .catch((e: unknown) => e);
    expect(await stalledGet).toBeInstanceOf(TimeoutError);
    await new Promise((r) => setTimeout(r, 50));
    // Both deadlines are equal, so on a loaded machine the GET's may fire a timer phase earlier and
    // free the connection just before the POST's: the client must then say the outcome is unknown.
    // Whichever happened, it must never call an order that reached the exchange "not sent".
    const sent = rit.hits('POST /orders').length - before;
    expect({ sent, error: (err as Error).constructor.name }).toEqual(
      sent === 0 ? { sent: 0, error: 'TimeoutError' } : { sent: 1, error: 'OrderOutcomeUnknownError' },
    );
  } finally {
    await c.close();
  }
});
