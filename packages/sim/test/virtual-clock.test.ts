/**
 * The virtual clock: a tick ends when every trader of the heat has POSTed /sim/ready for it, or on
 * the maximum wait (--tick-ms) when a trader stays silent.
 */
import type { SimServer } from '../src';
import { call, QUIET, startSim } from './helpers';

const TRADERS = [
  { name: 'ALPHA', apiKey: 'ka' },
  { name: 'BETA', apiKey: 'kb' },
];

const ready = (s: SimServer, key: string, tick: number) =>
  call(s, 'POST', '/sim/ready', { tick }, { 'X-API-Key': key });
const caseTick = async (s: SimServer): Promise<number> =>
  (await call(s, 'GET', '/case', {}, { 'X-API-Key': 'ka' })).body.tick;

async function until(cond: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 2000; i++) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('the virtual clock', () => {
  let s: SimServer | undefined;
  afterEach(async () => {
    await s?.close();
    s = undefined;
  });

  it('advances when every trader is ready, not before (the maximum wait is far away)', async () => {
    s = await startSim({ tickMs: 600_000, minTickMs: 0, clock: 'virtual', traders: TRADERS, scenario: QUIET });
    const sim = s;
    const t0 = await caseTick(sim);
    const first = await ready(sim, 'ka', t0);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ counted: true, tick: t0, clock: 'virtual', waitingFor: ['BETA'] });
    // A signal for another tick does not count.
    expect((await ready(sim, 'kb', t0 + 5)).body.counted).toBe(false);
    expect(await caseTick(sim)).toBe(t0);
    expect((await ready(sim, 'kb', t0)).body.counted).toBe(true);
    await until(async () => (await caseTick(sim)) === t0 + 1, 'the next tick');
    expect(sim.virtualClockCounts()).toEqual({ onReady: 1, onMaxWait: 0 });
    // The new tick waits for both again.
    expect((await ready(sim, 'ka', t0 + 1)).body.waitingFor).toEqual(['BETA']);
  });

  it('advances on the maximum wait when a trader stays silent', async () => {
    s = await startSim({ tickMs: 20, minTickMs: 0, clock: 'virtual', traders: TRADERS, scenario: QUIET });
    const sim = s;
    const t0 = await caseTick(sim);
    await until(async () => (await caseTick(sim)) >= t0 + 3, 'three ticks');
    const counts = sim.virtualClockCounts();
    expect(counts?.onReady).toBe(0);
    expect(counts?.onMaxWait).toBeGreaterThanOrEqual(3);
  });

  it('needs ?tick=N; under the wall clock a ready signal is accepted and changes nothing', async () => {
    s = await startSim({ tickMs: 0, apiKey: 'ka' });
    expect((await call(s, 'POST', '/sim/ready', {}, { 'X-API-Key': 'ka' })).status).toBe(400);
    const r = await ready(s, 'ka', 1);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ counted: false, clock: 'manual', waitingFor: [] });
    expect(s.virtualClockCounts()).toBeNull();
  });

  it('counts the order rate in case time: a tick of tickMs ms, however short it runs', async () => {
    // 3 orders per second at 500 ms a tick: the window holds two ticks' orders, whatever the wall time.
    s = await startSim({
      tickMs: 500,
      minTickMs: 0,
      clock: 'virtual',
      traders: [TRADERS[0]!],
      scenario: { ...QUIET, securities: [{ ticker: 'BULL', apiOrdersPerSecond: 3 }] },
    });
    const sim = s;
    const order = { ticker: 'BULL', type: 'LIMIT', quantity: 100, action: 'BUY', price: 5 };
    const post = () => call(sim, 'POST', '/orders', order, { 'X-API-Key': 'ka' });
    const t0 = await caseTick(sim);
    const first = [await post(), await post(), await post(), await post()];
    expect(await caseTick(sim)).toBe(t0); // four posts take a few ms of the tick's 500
    expect(first.map((r) => r.status)).toEqual([200, 200, 200, 429]);
    expect(first[3]!.body.wait).toBe(1);
    expect((await ready(sim, 'ka', t0)).body.counted).toBe(true);
    await until(async () => (await caseTick(sim)) === t0 + 1, 'the next tick');
    // Half a case second later, the window is still full, however little wall time went by.
    const second = await post();
    expect(second.status).toBe(429);
    expect(second.body.wait).toBe(0.5);
    expect((await ready(sim, 'ka', t0 + 1)).body.counted).toBe(true);
    await until(async () => (await caseTick(sim)) === t0 + 2, 'the tick after');
    expect((await post()).status).toBe(200);
  });
});
