/**
 * `evaluate --heat`: the trading bots of each seed as traders of one simulator (over HTTP, each
 * with its own key), each judged by its own account, ranked as the simulator ranks the heat.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { evaluate, EVALUATE_DEFAULTS, renderMarkdown, startNaiveBot, startReferenceBot } from '../src/evaluate';
import type { EvaluateSettings } from '../src/evaluate';
import { runHeatCase } from '../src/evaluate/heat';

const tmp = (name: string) => fs.mkdtempSync(path.join(os.tmpdir(), `${name}-`));

describe('a heat of bots on one simulator', () => {
  it('each bot trades its own account in the same market; the ranking is the accounts by nlv', async () => {
    const dir = tmp('heat-case');
    const heat = await runHeatCase(
      [
        { name: 'reference', start: startReferenceBot, reportDir: path.join(dir, 'reference') },
        { name: 'naive', start: startNaiveBot, reportDir: path.join(dir, 'naive') },
      ],
      { seed: 3, tickMs: 200, ticks: 60, clock: 'virtual' },
    );
    const ref = heat.runs.get('reference')!;
    const naive = heat.runs.get('naive')!;
    expect(ref.result.exitCode).toBe(0);
    expect(naive.result.exitCode).toBe(0);
    // Two accounts, not one: each snapshot is its own trader's.
    expect(ref.snapshot.account.trader_id).toBe('REFERENCE');
    expect(naive.snapshot.account.trader_id).toBe('NAIVE');
    // One market: the same tenders reached both, each answered for itself.
    expect(ref.snapshot.tenders.offered).toBeGreaterThan(0);
    expect(naive.snapshot.tenders.offered).toBe(ref.snapshot.tenders.offered);
    expect(ref.snapshot.tenders.accepted).toBe(ref.snapshot.tenders.offered);
    // One exchange: both snapshots read the same server's request counts.
    expect(ref.snapshot.stats.requests).toEqual(naive.snapshot.stats.requests);
    const nlv = new Map(heat.ranking.map((r) => [r.trader_id, r.nlv]));
    expect(nlv.get('REFERENCE')).toBeCloseTo(ref.snapshot.account.nlv, 6);
    expect(nlv.get('NAIVE')).toBeCloseTo(naive.snapshot.account.nlv, 6);
    const best = ref.snapshot.account.nlv >= naive.snapshot.account.nlv ? 'REFERENCE' : 'NAIVE';
    expect(heat.ranking[0]!.trader_id).toBe(best);
    // Each bot wrote its own report.
    for (const b of ['reference', 'naive']) expect(fs.existsSync(path.join(dir, b, 'summary.json'))).toBe(true);
  }, 60_000);

  it('evaluate with heat: a case per bot and seed from one heat each, the rankings in the report', async () => {
    const out = tmp('heat-eval');
    const settings: EvaluateSettings = {
      seeds: [1, 2],
      caseName: 'ritc-2020',
      tickMs: EVALUATE_DEFAULTS.tickMs,
      ticks: 40,
      clock: 'virtual',
      minTickMs: null,
      strategies: [],
      bots: ['reference', 'naive', 'nothing'],
      pollDelayMs: null,
      out,
      progress: false,
      shard: null,
      queue: null,
      heat: true,
    };
    const { report } = await evaluate(settings, { startEngine: null });
    expect(report.settings.heat).toBe(true);
    expect(report.heats!.map((h) => h.seed)).toEqual([1, 2]);
    for (const h of report.heats!) {
      expect(h.ranking.map((r) => r.trader_id).sort()).toEqual(['NAIVE', 'REFERENCE']);
      for (const bot of ['reference', 'naive']) {
        const c = report.bots[bot]!.cases.find((x) => x.seed === h.seed)!;
        expect(c.pnl).toBeCloseTo(h.ranking.find((r) => r.trader_id === bot.toUpperCase())!.nlv, 2);
      }
    }
    expect(report.bots.nothing!.cases.map((c) => c.pnl)).toEqual([0, 0]);
    expect(report.bots.reference!.failures).toEqual([]);
    expect(report.ranks.averageRank.reference).not.toBeNull();
    expect(renderMarkdown(report)).toContain('Heats: on each seed the trading bots were traders of one simulator');
    expect(JSON.parse(fs.readFileSync(path.join(out, 'evaluate.json'), 'utf8')).heats).toHaveLength(2);
  }, 90_000);
});
