/**
 * Heat test: the engine (`node dist/main.js trade`), the naive bot and the reference bot trade one
 * case as three traders on one simulator. Each trader's positions and cash equal the sum of its own
 * fills (and accepted tenders); the market's positions net to zero over traders and agents; the
 * ranking is reported.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startSimServer, type SimServer } from '@ritc/sim';
import { NaiveTenderBot } from '../src/bots/naive';
import { ReferenceBot } from '../src/bots/reference';

const MAIN = path.resolve(__dirname, '../../../dist/main.js');
const TICKS = 80;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function checkBooks(s: SimServer): void {
  const ex = s.exchange;
  const CASH = 10_000;
  const sign = (side: number) => (side === 0 ? 1 : -1);
  for (const a of ex.traders) {
    const pos = new Map<number, number>();
    const cash = new Map<number, number>();
    const add = (m: Map<number, number>, k: number, v: number) => m.set(k, (m.get(k) ?? 0) + v);
    for (const o of ex.traderOrders) {
      if (o.owner !== a.idx || o.filled === 0) continue;
      const m = ex.metas[o.sec];
      if (m === undefined) throw new Error('bad sec');
      if (m.isCurrency) add(cash, m.idx, sign(o.side) * o.filled * CASH);
      else add(pos, m.idx, sign(o.side) * o.filled);
      add(cash, m.quoteIdx, -sign(o.side) * o.fillNotional * m.unitMul);
    }
    for (const r of ex.tenders.history) {
      if (r.outcomes.get(a.idx) !== 'ACCEPTED') continue;
      const m = ex.meta(r.tender.ticker);
      const q = r.tender.quantity * (r.tender.action === 'BUY' ? 1 : -1);
      add(pos, m.idx, q);
      add(cash, m.quoteIdx, -q * Math.round((r.tender.price ?? 0) * m.scale) * m.unitMul);
    }
    for (const m of ex.metas) {
      add(cash, m.quoteIdx, -(a.feeUnits[m.idx] ?? 0) + (a.rebateUnits[m.idx] ?? 0));
    }
    for (const m of ex.metas) {
      if (m.isCurrency)
        expect([a.traderId, m.ticker, a.cash[m.idx]]).toEqual([a.traderId, m.ticker, cash.get(m.idx) ?? 0]);
      else expect([a.traderId, m.ticker, a.pos[m.idx]]).toEqual([a.traderId, m.ticker, pos.get(m.idx) ?? 0]);
    }
  }
  const tenderRitc = ex.tenders.history.reduce(
    (sum, r) =>
      sum +
      [...r.outcomes.values()].filter((x) => x === 'ACCEPTED').length *
        r.tender.quantity *
        (r.tender.action === 'BUY' ? 1 : -1),
    0,
  );
  for (const t of ['BULL', 'BEAR', 'RITC']) {
    const m = ex.meta(t);
    const total = ex.accounts.reduce((sum, a) => sum + (a.pos[m.idx] ?? 0), 0);
    expect([t, total]).toEqual([t, t === 'RITC' ? tenderRitc : 0]);
  }
}

describe('a heat: engine, naive bot and reference bot on one simulator', () => {
  it('three traders trade one case; books reconcile; the ranking is reported', async () => {
    expect(existsSync(MAIN)).toBe(true);
    const s = await startSimServer({
      port: 0,
      tickMs: 0,
      ticks: TICKS,
      seed: 11,
      traders: 'ENGINE=ke,NAIVE=kn,REFERENCE=kr',
      scenario: { tenders: { firstTick: 5, countMin: 8, countMax: 8 } },
    });
    const dir = mkdtempSync(path.join(tmpdir(), 'heat-'));
    const engine = spawn(
      process.execPath,
      [MAIN, 'trade', '--api-url', s.url, '--api-key', 'ke', '--report-dir', dir],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let engineOut = '';
    engine.stdout.on('data', (d: Buffer) => (engineOut += d.toString()));
    engine.stderr.on('data', (d: Buffer) => (engineOut += d.toString()));
    const engineExit = new Promise<number | null>((r) => engine.once('exit', (c) => r(c)));
    const naive = new NaiveTenderBot({ apiUrl: s.url, apiKey: 'kn', pollMs: 10 });
    const reference = new ReferenceBot({ apiUrl: s.url, apiKey: 'kr', pollMs: 20 });
    try {
      await naive.start();
      const refRun = reference.run();
      await sleep(1500); // the engine's threads start
      for (let t = 0; t < TICKS - 1; t++) {
        s.advance(1);
        await sleep(40);
      }
      checkBooks(s);
      s.advance(1);
      expect(s.exchange.status).toBe('STOPPED');
      const ref = await refRun;
      await naive.waitForEnd();
      await naive.shutdown();
      const h = s.heat();
      expect(h.ranking.map((r) => r.trader_id).sort()).toEqual(['ENGINE', 'NAIVE', 'REFERENCE']);
      console.log(
        `heat ranking:\n${h.ranking.map((r) => `  #${r.rank} ${r.trader_id} ${r.nlv.toFixed(2)} CAD`).join('\n')}\nreference: ${JSON.stringify(ref)}`,
      );
      expect(ref.nlv).toBe(h.traders.find((x) => x.trader_id === 'REFERENCE')?.nlv);
      const orders = (id: string) => h.traders.find((x) => x.trader_id === id)?.orders ?? 0;
      expect(orders('NAIVE') + orders('REFERENCE') + orders('ENGINE')).toBeGreaterThan(0);
      // The engine may or may not end by itself yet (its life cycle is being reworked): give it time, then stop it.
      const code = await Promise.race([engineExit, sleep(15_000).then(() => 'timeout' as const)]);
      if (code === 'timeout') {
        engine.kill('SIGINT');
        await engineExit;
      }
    } finally {
      if (engine.exitCode === null) engine.kill('SIGKILL');
      await s.close();
    }
  }, 120_000);
});
