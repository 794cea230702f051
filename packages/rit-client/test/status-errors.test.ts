/** HTTP error statuses and network failures map to the stable error classes (undici MockAgent). */
import { MockAgent } from 'undici';
import {
  NetworkError,
  RateLimitedError,
  RejectedError,
  RitClient,
  RitError,
  ServerError,
  UnauthorizedError,
} from '@ritc/rit-client';
import * as F from './fixtures/rit-responses';
import { startFakeRit } from './helpers/fake-rit';
import { entry } from './helpers/checked';

const ORIGIN = 'http://localhost:9999';
let mock: MockAgent;
let client: RitClient;

const at = (prefix: string) => (p: string) => p === `/v1${prefix}` || p.startsWith(`/v1${prefix}?`);

beforeEach(() => {
  mock = new MockAgent();
  mock.disableNetConnect();
  client = new RitClient({
    baseUrl: `${ORIGIN}/v1`,
    apiKey: 'mock-key',
    dispatcher: mock,
    getRetries: 2,
    backoff: { baseMs: 1, maxMs: 2 },
  });
});

afterEach(async () => {
  await client.close();
  await mock.close();
});

test('401 -> UnauthorizedError (RIT_ERR_UNAUTHORIZED), not retried', async () => {
  mock
    .get(ORIGIN)
    .intercept({ path: at('/case'), method: 'GET' })
    .reply(401, { code: 'UNAUTHORIZED' });
  const err = await client.getCase().catch((e: unknown) => e);
  expect(err).toBeInstanceOf(UnauthorizedError);
  expect(err).toBeInstanceOf(RitError);
  expect(err).toMatchObject({ code: 'RIT_ERR_UNAUTHORIZED', status: 401, endpoint: 'GET /case' });
  expect((err as Error).message).toMatch(/HTTP 401 UNAUTHORIZED/);
  mock.assertNoPendingInterceptors();
  expect(client.stats().requests).toBe(1);
});

test('other 4xx -> RejectedError carrying RIT code, message and status; POST not retried', async () => {
  mock
    .get(ORIGIN)
    .intercept({ path: at('/orders'), method: 'POST' })
    .reply(400, { code: 'BAD_REQUEST', message: 'Order quantity exceeds max trade size.' });
  const err = await client
    .postOrder({ ticker: 'RITC', type: 'MARKET', quantity: 20000, action: 'BUY' })
    .catch((e: unknown) => e);
  expect(err).toBeInstanceOf(RejectedError);
  expect(err).toMatchObject({
    code: 'RIT_ERR_REJECTED',
    status: 400,
    ritCode: 'BAD_REQUEST',
    ritMessage: 'Order quantity exceeds max trade size.',
  });
  expect((err as Error).message).toBe(
    'POST /orders (BUY 20000 RITC MARKET): HTTP 400 BAD_REQUEST: Order quantity exceeds max trade size.',
  );
});

test('a 4xx with a non-JSON body still rejects cleanly', async () => {
  mock
    .get(ORIGIN)
    .intercept({ path: at('/assets'), method: 'GET' })
    .reply(404, 'Not Found');
  await expect(client.getAssets()).rejects.toMatchObject({ code: 'RIT_ERR_REJECTED', status: 404, ritCode: null });
});

test('5xx on a GET is retried with backoff, then ServerError', async () => {
  mock
    .get(ORIGIN)
    .intercept({ path: at('/limits'), method: 'GET' })
    .reply(500, { code: 'INTERNAL', message: 'boom' })
    .times(3);
  const err = await client.getLimits().catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ServerError);
  expect(err).toMatchObject({ code: 'RIT_ERR_SERVER', status: 500, ritMessage: 'boom' });
  expect((err as Error).message).toMatch(/after 3 attempts/);
  mock.assertNoPendingInterceptors();
  const s = client.stats().byEndpoint['GET /limits'];
  expect(s).toMatchObject({ requests: 3, retries: 2, errors: 1 });
});

test('5xx then 200 on a GET succeeds', async () => {
  const pool = mock.get(ORIGIN);
  pool.intercept({ path: at('/limits'), method: 'GET' }).reply(503, { code: 'UNAVAILABLE' });
  pool.intercept({ path: at('/limits'), method: 'GET' }).reply(200, F.limitsBody);
  expect(await client.getLimits()).toEqual(F.limitsBody);
  expect(client.stats().retries).toBe(1);
});

test('5xx on POST /orders -> ServerError, sent once', async () => {
  mock
    .get(ORIGIN)
    .intercept({ path: at('/orders'), method: 'POST' })
    .reply(500, { message: 'oops' });
  await expect(client.postOrder({ ticker: 'BULL', type: 'MARKET', quantity: 1, action: 'BUY' })).rejects.toBeInstanceOf(
    ServerError,
  );
  expect(entry(client.stats().byEndpoint, 'POST /orders').requests).toBe(1);
});

test('429 on a GET: honours the wait, retries, gives up with RateLimitedError(waitSec from body)', async () => {
  mock
    .get(ORIGIN)
    .intercept({ path: at('/securities/book'), method: 'GET' })
    .reply(429, { code: 'RATE_LIMIT_EXCEEDED', wait: 0.01 })
    .times(3);
  const err = await client.getBook('RITC').catch((e: unknown) => e);
  expect(err).toBeInstanceOf(RateLimitedError);
  expect(err).toMatchObject({ code: 'RIT_ERR_RATE_LIMITED', status: 429, waitSec: 0.01 });
  expect(client.stats().rateLimited).toBe(3);
});

test('network error on a GET is retried, then NetworkError', async () => {
  mock
    .get(ORIGIN)
    .intercept({ path: at('/tenders'), method: 'GET' })
    .replyWithError(new Error('socket hang up'))
    .times(3);
  const err = await client.getTenders().catch((e: unknown) => e);
  expect(err).toBeInstanceOf(NetworkError);
  expect((err as NetworkError).code).toBe('RIT_ERR_NETWORK');
  mock.assertNoPendingInterceptors();
});

test('connection refused: NetworkError; POST /orders too (never sent, so not "unknown")', async () => {
  const rit = await startFakeRit();
  const baseUrl = rit.baseUrl;
  await rit.close(); // nothing listens on this port any more
  const c = new RitClient({ baseUrl, apiKey: 'k', getRetries: 1, backoff: { baseMs: 1, maxMs: 2 } });
  try {
    await expect(c.getCase()).rejects.toMatchObject({ code: 'RIT_ERR_NETWORK' });
    await expect(c.postOrder({ ticker: 'BULL', type: 'MARKET', quantity: 1, action: 'BUY' })).rejects.toMatchObject({
      code: 'RIT_ERR_NETWORK',
    });
    expect(entry(c.stats().byEndpoint, 'GET /case').requests).toBe(2);
  } finally {
    await c.close();
  }
});
