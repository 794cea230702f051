import { RitClient } from '@ritc/rit-client';
import { startSimServer, type SimServer } from '@ritc/sim';
import { Coordinator } from '../src/lifecycle/coordinator';
import type { EngineView } from '../src/lifecycle/state';

let sim: SimServer | undefined;
let client: RitClient | undefined;
let c: Coordinator | undefined;
afterEach(async () => {
  await c?.shutdown();
  await client?.close();
  await sim?.close();
  c = undefined;
});

describe('EngineView: what a front end reads', () => {
  it('reads the case, positions and state without reaching into the execution manager', async () => {
    sim = await startSimServer({ port: 0, seed: 5, tickMs: 20, ticks: 1000, apiKey: 'k' });
    client = new RitClient({ baseUrl: sim.url, apiKey: sim.apiKey });
    c = new Coordinator({ api: client, config: { casePollMs: 20 } });
    const view: EngineView = c;
    expect(view.caseStatus).toBeNull();
    await c.start();
    expect(view.caseStatus).toBe('ACTIVE');
    expect(view.tick).toBe(c.em.tick);
    expect(view.position('BULL')).toBe(0);
    expect(Object.keys(view.snapshots())).toContain('RITC');
    expect(view.getState().counters.ordersSent).toBe(0);
    expect(await view.feedStats()).toEqual([]);
  });
});
