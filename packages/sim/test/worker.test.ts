import path from 'node:path';
import { existsSync } from 'node:fs';
import { request } from 'undici';
import { startSimWorker } from '../src';

// Threads run compiled files: `npm test` builds first (dist/sim.worker.js from workers/sim.worker.ts).
const file = path.resolve(__dirname, '../../../dist/sim.worker.js');

describe('simulator in a worker thread', () => {
  it('starts, serves HTTP, and stops on request', async () => {
    expect(existsSync(file)).toBe(true);
    const h = await startSimWorker(file, { port: 0, tickMs: 0, apiKey: 'wk', seed: 3 });
    try {
      expect(h.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
      const res = await request(`${h.url}/case`, { headers: { 'X-API-Key': 'wk' } });
      expect(res.statusCode).toBe(200);
      expect(((await res.body.json()) as { status: string }).status).toBe('ACTIVE');
    } finally {
      await h.stop();
    }
    await expect(request(`${h.url}/case`, { headers: { 'X-API-Key': 'wk' } })).rejects.toThrow();
  });

  it('reports a start failure (bad options) as a rejection', async () => {
    await expect(startSimWorker(file, { port: 0, tickMs: -5 })).rejects.toThrow(/tickMs/);
  });
});
