/**
 * The naive baseline on a case without tenders (algo2): it market-makes, quoting the touch with
 * limit orders, then flattens before the close and ends agreeing with the exchange.
 */
import type { EngineEvent } from '@ritc/engine';
import { startSimServer } from '@ritc/sim';
import { NaiveTenderBot } from '../src/bots/naive';

describe('the naive bot on a case without tenders', () => {
  it('algo2: quotes ALGO with limit orders, ends flat, no open orders, positions as the exchange says', async () => {
    const sim = await startSimServer({
      port: 0,
      seed: 2,
      case: 'algo2',
      ticks: 60,
      tickMs: 600_000,
      clock: 'virtual',
      minTickMs: 0,
    });
    const bot = new NaiveTenderBot({ apiUrl: sim.url, apiKey: sim.apiKey, pollMs: 1, readySignal: true });
    const limits: Extract<EngineEvent, { type: 'order' }>[] = [];
    bot.on((e: EngineEvent) => {
      if (e.type === 'order' && e.orderType === 'LIMIT' && e.state === 'PENDING_NEW') limits.push(e);
    });
    try {
      await bot.start();
      await sim.waitForEnd();
      const final = await bot.shutdown();
      expect(limits.length).toBeGreaterThan(40);
      expect(new Set(limits.map((o) => o.action))).toEqual(new Set(['BUY', 'SELL']));
      expect(limits.every((o) => o.ticker === 'ALGO' && o.quantity === 500 && o.source === 'MARKET_MAKER')).toBe(true);
      expect(final.openOrdersAtExit).toBe(0);
      expect(final.positions).toEqual({ ALGO: { engine: 0, exchange: 0 } });
      expect(final.pnlBySource?.TENDER).toBe(0);
    } finally {
      await sim.close();
    }
  }, 60_000);
});
