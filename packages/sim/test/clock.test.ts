import type { SimServer } from '../src';
import { get, startSim } from './helpers';

let s: SimServer;
afterEach(() => s.close());

describe('case clock', () => {
  it('runs fast ticks to the end of the case, then STOPPED', async () => {
    s = await startSim({ tickMs: 5, ticks: 30 });
    expect((await get(s, '/case')).body.status).toBe('ACTIVE');
    await s.waitForEnd();
    const c = (await get(s, '/case')).body;
    expect(c).toMatchObject({ tick: 30, status: 'STOPPED', ticks_per_period: 30 });
  });

  it('autoStart false waits PAUSED at tick 0 until resume', async () => {
    s = await startSim({ tickMs: 5, ticks: 10, autoStart: false });
    await new Promise((r) => setTimeout(r, 40));
    expect((await get(s, '/case')).body).toMatchObject({ tick: 0, status: 'PAUSED' });
    s.resume();
    await s.waitForEnd();
    expect((await get(s, '/case')).body.status).toBe('STOPPED');
  });

  it('the manual clock only moves on advance', async () => {
    s = await startSim({ tickMs: 1000, clock: 'manual' });
    await new Promise((r) => setTimeout(r, 30));
    expect((await get(s, '/case')).body.tick).toBe(0);
    expect(s.advance(3)).toBe(3);
    expect(s.exchange.tick).toBe(3);
  });
});
