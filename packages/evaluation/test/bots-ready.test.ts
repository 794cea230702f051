/**
 * A baseline bot on the simulator's virtual clock: it signals ready after each loop iteration, so
 * the ticks end on its signal and not on the (far away) maximum wait.
 */
import { startSimServer } from '@ritc/sim';
import { NaiveTenderBot } from '../src/bots/naive';
import { ReferenceBot } from '../src/bots/reference';

describe('the naive bot under the virtual clock', () => {
  it('moves the case on by its ready signals', async () => {
    const sim = await startSimServer({ port: 0, seed: 3, ticks: 30, tickMs: 600_000, clock: 'virtual', minTickMs: 0 });
    const errors: string[] = [];
    const bot = new NaiveTenderBot({
      apiUrl: sim.url,
      apiKey: sim.apiKey,
      pollMs: 1,
      readySignal: true,
      onError: (m) => errors.push(m),
    });
    try {
      await bot.start();
      await sim.waitForEnd();
      await bot.shutdown();
      const counts = sim.virtualClockCounts();
      expect(counts?.onMaxWait).toBe(0);
      expect(counts?.onReady).toBeGreaterThanOrEqual(29);
      expect(sim.exchange.status).toBe('STOPPED');
      expect(errors).toEqual([]);
    } finally {
      await sim.close();
    }
  });
});

describe('the reference bot under the virtual clock', () => {
  it('moves the case on by its ready signals', async () => {
    const sim = await startSimServer({ port: 0, seed: 4, ticks: 20, tickMs: 600_000, clock: 'virtual', minTickMs: 0 });
    const bot = new ReferenceBot({ apiUrl: sim.url, apiKey: sim.apiKey, pollMs: 1, readySignal: true });
    try {
      const result = await bot.run();
      const counts = sim.virtualClockCounts();
      expect(counts?.onMaxWait).toBe(0);
      expect(counts?.onReady).toBeGreaterThanOrEqual(19);
      expect(result.errors).toBe(0);
    } finally {
      await sim.close();
    }
  });
});
