import { request } from 'undici';
import type { SimServer } from '../src';
import { parseFaultSpec } from '../src';
import { KEY, get, post, startSim } from './helpers';

let s: SimServer;
afterEach(() => s.close());

describe('fault injection', () => {
  it('is off by default', async () => {
    s = await startSim();
    for (let i = 0; i < 20; i++) expect((await get(s, '/case')).status).toBe(200);
    expect((await get(s, '/sim/faults')).body).toMatchObject({ p500: 0, p429: 0, dropProb: 0, malformedProb: 0 });
  });

  it('p500=1 and p429=1 answer errors on /v1 but never on /sim', async () => {
    s = await startSim({ faults: 'p500=1' });
    const r = await get(s, '/case');
    expect(r.status).toBe(500);
    expect(r.body.code).toBe('INTERNAL_ERROR');
    expect((await get(s, '/sim/stats')).status).toBe(200);
    await post(s, '/sim/faults', { off: 1, p429: 1 });
    const q = await get(s, '/securities');
    expect(q.status).toBe(429);
    expect(q.body.code).toBe('RATE_LIMIT_EXCEEDED');
    expect(q.headers['retry-after']).toBeDefined();
    const st = (await get(s, '/sim/stats')).body;
    expect(st.injected_500).toBe(1);
    expect(st.injected_429).toBe(1);
  });

  it('malformed=1 truncates JSON bodies; drop=1 destroys the socket', async () => {
    s = await startSim({ faults: { malformedProb: 1 } });
    const r = await get(s, '/securities');
    expect(r.status).toBe(200);
    expect(() => JSON.parse(r.text)).toThrow();
    await post(s, '/sim/faults', { off: 1, drop: 1 });
    await expect(
      request(`${s.url}/case`, { headers: { 'X-API-Key': KEY } }).then((x) => x.body.text()),
    ).rejects.toThrow();
    await post(s, '/sim/faults', { off: 1 });
    expect((await get(s, '/case')).status).toBe(200);
    const st = (await get(s, '/sim/stats')).body;
    expect(st.malformed_responses).toBe(1);
    expect(st.dropped_connections).toBe(1);
  });

  it('adds latency', async () => {
    s = await startSim({ faults: 'latency=60' });
    const t0 = performance.now();
    await get(s, '/case');
    expect(performance.now() - t0).toBeGreaterThanOrEqual(55);
  });

  it('pauses the case at a tick for a while', async () => {
    s = await startSim({ tickMs: 20, ticks: 1000, faults: 'pause=3:400' });
    let paused = false;
    for (let i = 0; i < 100 && !paused; i++) {
      await new Promise((r) => setTimeout(r, 10));
      const c = (await get(s, '/case')).body;
      if (c.status === 'PAUSED') {
        paused = true;
        expect(c.tick).toBe(3);
      }
    }
    expect(paused).toBe(true);
    await new Promise((r) => setTimeout(r, 900));
    expect((await get(s, '/case')).body.status).toBe('ACTIVE');
  });

  it('parses specs and reports bad ones clearly', async () => {
    expect(parseFaultSpec('p500=0.1,spike=0.2:300,latency=4')).toMatchObject({
      p500: 0.1,
      spikeProb: 0.2,
      spikeMs: 300,
      latencyMs: 4,
    });
    expect(() => parseFaultSpec('p500=2')).toThrow(/probability/);
    expect(() => parseFaultSpec('boom=1')).toThrow(/unknown fault/);
    expect(() => parseFaultSpec('spike=1')).toThrow(/two numbers/);
    s = await startSim();
    const r = await post(s, '/sim/faults', { p500: 'x' });
    expect(r.status).toBe(400);
  });
});
