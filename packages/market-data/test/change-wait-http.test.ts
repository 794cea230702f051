import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { simWaitForChange } from '@ritc/market-data';

/** A stand-in for the simulator's GET /sim/wait: answers from `answer`, records what it was asked. */
async function fakeSim(answer: (url: URL) => [number, unknown]) {
  const asked: { url: URL; key: string | undefined }[] = [];
  const srv = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    asked.push({ url, key: req.headers['x-api-key'] as string | undefined });
    const [status, body] = answer(url);
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    asked,
    close: () => new Promise<void>((r) => srv.close(() => r())),
  };
}

describe('simWaitForChange over HTTP', () => {
  it('asks /sim/wait beside the API for what it last saw, with the key, and answers the new point', async () => {
    const sim = await fakeSim(() => [200, { status: 'ACTIVE', period: 1, tick: 8, version: 42 }]);
    try {
      const wait = simWaitForChange(sim.baseUrl, 'k1', 'BULL');
      const p = await wait({ status: 'ACTIVE', period: 1, tick: 7, version: 41 }, 250);
      expect(p).toEqual({ status: 'ACTIVE', period: 1, tick: 8, version: 42 });
      const { url, key } = sim.asked[0]!;
      expect(url.pathname).toBe('/sim/wait');
      expect(Object.fromEntries(url.searchParams)).toEqual({
        ticker: 'BULL',
        status: 'ACTIVE',
        period: '1',
        tick: '7',
        timeout: '250',
        version: '41',
      });
      expect(key).toBe('k1');
      // No version seen yet: none asked for.
      await wait({ status: 'ACTIVE', period: 1, tick: 7, version: -1 }, 250);
      expect(sim.asked[1]!.url.searchParams.has('version')).toBe(false);
    } finally {
      await sim.close();
    }
  });

  it('fails on an HTTP error or an answer without a version (the poller then counts a failed wait)', async () => {
    let n = 0;
    const sim = await fakeSim(() => (n++ === 0 ? [404, { code: 'NOT_FOUND' }] : [200, { status: 'ACTIVE' }]));
    try {
      const wait = simWaitForChange(sim.baseUrl, 'k1', 'BULL');
      const seen = { status: 'ACTIVE', period: 1, tick: 7, version: 1 };
      await expect(wait(seen, 100)).rejects.toThrow('HTTP 404');
      await expect(wait(seen, 100)).rejects.toThrow('lacks');
    } finally {
      await sim.close();
    }
  });
});
