import { request } from 'undici';
import type { SimServer } from '../src';
import { KEY, call, startSim } from './helpers';

let s: SimServer;
beforeAll(async () => {
  s = await startSim();
});
afterAll(() => s.close());

describe('authentication', () => {
  it('answers 401 UNAUTHORIZED without a key', async () => {
    const r = await call(s, 'GET', '/case', {}, {});
    expect(r.status).toBe(401);
    expect(r.body.code).toBe('UNAUTHORIZED');
  });

  it('answers 401 for a wrong key, without echoing any key', async () => {
    const r = await call(s, 'GET', '/securities', {}, { 'X-API-Key': 'wrong-secret' });
    expect(r.status).toBe(401);
    expect(r.body.code).toBe('UNAUTHORIZED');
    expect(r.text).not.toContain('wrong-secret');
    expect(r.text).not.toContain(KEY);
  });

  it.each(['X-API-Key', 'X-API-KEY', 'x-api-key', 'X-API-key'])('accepts the header spelled %s', async (h) => {
    const r = await call(s, 'GET', '/case', {}, { [h]: KEY });
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('ACTIVE');
  });

  it('accepts the key as query parameter key= (any case)', async () => {
    for (const name of ['key', 'KEY']) {
      const res = await request(`${s.url}/trader?${name}=${KEY}`);
      expect(res.statusCode).toBe(200);
      const body = (await res.body.json()) as { trader_id: string };
      expect(body.trader_id).toBe('TRADER1');
    }
  });

  it('protects the /sim control surface with the same key', async () => {
    const r = await call(s, 'GET', '/sim/stats', {}, {});
    expect(r.status).toBe(401);
    const ok = await call(s, 'GET', '/sim/stats');
    expect(ok.status).toBe(200);
    expect(ok.body.requests['GET /v1/case']).toBeGreaterThanOrEqual(4);
  });
});
