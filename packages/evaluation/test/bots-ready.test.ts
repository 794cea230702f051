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

describe('the naive market maker under the virtual clock at 200 ms', () => {
  it('counts the order rate in case time: it quotes every tick, no tick waits for its pacing, no 429', async () => {
    const ticks = 60;
    const sim = await startSimServer({ port: 0, seed: 2, case: 'algo2', ticks, tickMs: 200, clock: 'virtual' });
    const bot = new NaiveTenderBot({
      apiUrl: sim.url,
      apiKey: sim.apiKey,
      pollMs: 1,
      readySignal: true,
      virtualTickMs: 200,
    });
    let quotes = 0;
    bot.on((e) => {
      if (e.type === 'order' && e.orderType === 'LIMIT' && e.state === 'PENDING_NEW') quotes++;
    });
    try {
      const t0 = performance.now();
      await bot.start();
      await sim.waitForEnd();
      const final = await bot.shutdown();
      // Paced in wall time at 10 orders a second, two quotes a tick held most ticks for the maximum wait.
      expect(sim.virtualClockCounts()?.onMaxWait).toBeLessThanOrEqual(1);
      expect(performance.now() - t0).toBeLessThan((ticks * 200) / 4);
      expect(sim.stats().rate_limited_429).toBe(0);
      // A bid and an ask a tick (algo2's rate is 2 orders a tick at 200 ms), up to the flattening.
      expect(quotes).toBeGreaterThanOrEqual(2 * (ticks - 10) - 4);
      expect(final.openOrdersAtExit).toBe(0);
    } finally {
      await sim.close();
    }
  }, 30_000);
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
