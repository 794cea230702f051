/** The API key never appears in error messages, error objects, or logs — whatever the failure. */
import { inspect } from 'node:util';
import { MockAgent } from 'undici';
import { RitClient, makeRedactor, redactUrl } from '@ritc/rit-client';
import { type FakeRit, sendJson, startFakeRit } from './helpers/fake-rit';

const KEY = 'S3CRET-KEY-42';

test('redactUrl and the redactor scrub key= parameters, X-API-Key values and the key itself', () => {
  expect(redactUrl('http://localhost:9999/v1/case?key=abc123&x=1')).toBe(
    'http://localhost:9999/v1/case?key=[REDACTED]&x=1',
  );
  expect(redactUrl('/v1/orders?ticker=RITC&API_KEY=zz')).toBe('/v1/orders?ticker=RITC&API_KEY=[REDACTED]');
  const r = makeRedactor(KEY);
  expect(r(`bad key ${KEY} given`)).toBe('bad key [REDACTED] given');
  expect(r(`{"X-API-Key": "${KEY}"}`)).not.toContain(KEY);
  expect(r('x-api-key: other-value')).toBe('x-api-key: [REDACTED]');
});

describe('errors and logs of a client', () => {
  let rit: FakeRit;
  const logs: string[] = [];
  const logger = {
    debug: (m: string, meta?: object) => void logs.push(m + JSON.stringify(meta ?? {})),
    info: (m: string, meta?: object) => void logs.push(m + JSON.stringify(meta ?? {})),
    warn: (m: string, meta?: object) => void logs.push(m + JSON.stringify(meta ?? {})),
  };

  beforeAll(async () => {
    rit = await startFakeRit({
      // A server that echoes the key back in its messages must not leak it through us.
      'GET /case': (q, res) =>
        sendJson(res, 401, { code: 'UNAUTHORIZED', message: `key ${String(q.headers['x-api-key'])} is wrong` }),
      'GET /trader': (q, res) =>
        sendJson(res, 500, { code: 'ERR', message: `crash for ${String(q.headers['x-api-key'])}` }),
      'GET /limits': (q, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(`{"oops": "${String(q.headers['x-api-key'])}"`);
      },
      'GET /news': (q, res) => sendJson(res, 200, [{ news_id: `${String(q.headers['x-api-key'])}` }]),
      'POST /orders': (q, res) =>
        sendJson(res, 400, { code: 'BAD_REQUEST', message: `?key=${String(q.headers['x-api-key'])}` }),
      'GET /tenders': () => {}, // never answers: timeout
    });
  });

  afterAll(async () => {
    await rit.close();
  });

  test('no error path leaks the key, even with the key in the base URL query', async () => {
    const client = new RitClient({
      baseUrl: `${rit.baseUrl}?key=${KEY}`,
      apiKey: KEY,
      logger,
      timeoutMs: 100,
      getRetries: 1,
      backoff: { baseMs: 1, maxMs: 2 },
    });
    // One at a time: the never-answering /tenders must not hold up the others' connection.
    const calls: (() => Promise<unknown>)[] = [
      () => client.getCase(),
      () => client.getTrader(),
      () => client.getLimits(),
      () => client.getNews(),
      () => client.getTenders(),
      () => client.postOrder({ ticker: 'BULL', type: 'MARKET', quantity: 1, action: 'BUY' }),
    ];
    const errors: Error[] = [];
    for (const call of calls)
      errors.push(
        await call().then(
          () => new Error('resolved'),
          (e: unknown) => e as Error,
        ),
      );
    expect(errors.map((e) => (e as { code?: string }).code)).toEqual([
      'RIT_ERR_UNAUTHORIZED',
      'RIT_ERR_SERVER',
      'RIT_ERR_MALFORMED',
      'RIT_ERR_MALFORMED',
      'RIT_ERR_TIMEOUT',
      'RIT_ERR_REJECTED',
    ]);
    for (const e of errors) {
      expect(e.message).not.toContain(KEY);
      expect(inspect(e, { depth: 6 })).not.toContain(KEY);
      expect(JSON.stringify(e)).not.toContain(KEY);
    }
    expect(logs.length).toBeGreaterThan(0);
    for (const line of logs) expect(line).not.toContain(KEY);
    // The key really was sent (so the assertions above are meaningful).
    expect(rit.requests.every((q) => q.headers['x-api-key'] === KEY)).toBe(true);
    await client.close();
  });

  test('network errors (MockAgent) carrying the key in their cause do not leak it', async () => {
    const mock = new MockAgent();
    mock.disableNetConnect();
    mock
      .get('http://localhost:9999')
      .intercept({ path: () => true, method: 'POST' })
      .replyWithError(new Error(`reset ${KEY}`));
    const client = new RitClient({ baseUrl: 'http://localhost:9999/v1', apiKey: KEY, dispatcher: mock });
    const err = await client.postOrder({ ticker: 'BULL', type: 'MARKET', quantity: 1, action: 'BUY' }).then(
      () => new Error('resolved'),
      (e: unknown) => e as Error,
    );
    // The mock fails before handing the request to a socket, so it counts as never sent.
    expect((err as { code?: string }).code).toBe('RIT_ERR_NETWORK');
    expect(err.message).not.toContain(KEY);
    expect(inspect(err, { depth: 6 })).not.toContain(KEY);
    await client.close();
    await mock.close();
  });
});
