/**
 * The naive baseline on a case other than the 2020 ETF case: it reads its tickers from /securities
 * and takes tenders on each of them.
 */
import type { EngineEvent } from '@ritc/engine';
import { startSimServer } from '@ritc/sim';
import { NaiveTenderBot } from '../src/bots/naive';

describe('the naive bot on any case', () => {
  it('lt3: accepts tenders on CRZY and TAME, unwinds them, ends flat and agreeing with the exchange', async () => {
    const sim = await startSimServer({
      port: 0,
      seed: 5,
      case: 'lt3',
      tickMs: 600_000,
      clock: 'virtual',
      minTickMs: 0,
    });
    const bot = new NaiveTenderBot({ apiUrl: sim.url, apiKey: sim.apiKey, pollMs: 1, readySignal: true });
    const accepted = new Set<string>();
    const filled = new Set<string>();
    bot.on((e: EngineEvent) => {
      if (e.type === 'tender' && e.decision === 'ACCEPTED') accepted.add(e.tender.ticker);
      if (e.type === 'fill') filled.add(e.ticker);
    });
    try {
      await bot.start();
      expect(Object.keys((bot.getState() as { securities: object }).securities).sort()).toEqual(['CRZY', 'TAME']);
      await sim.waitForEnd();
      const final = await bot.shutdown();
      expect([...accepted].sort()).toEqual(['CRZY', 'TAME']);
      expect([...filled].sort()).toEqual(['CRZY', 'TAME']);
      expect(final.openOrdersAtExit).toBe(0);
      expect(Object.keys(final.positions).sort()).toEqual(['CRZY', 'TAME']);
      for (const [t, p] of Object.entries(final.positions))
        expect({ t, ...p }).toEqual({ t, engine: p.exchange, exchange: p.exchange });
    } finally {
      await sim.close();
    }
  }, 60_000);
});
