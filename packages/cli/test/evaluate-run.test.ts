import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../src/cli';
import type { EvaluateReport } from '../../evaluation/src/evaluate';
import { describe as describeStats } from '../../evaluation/src/evaluate';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    stdout: { write: (s: string) => out.push(s) },
    stderr: { write: (s: string) => err.push(s) },
    out: () => out.join(''),
    err: () => err.join(''),
  };
}

describe('main evaluate (baselines on the real simulator)', () => {
  it('runs every seed, writes evaluate.json and evaluate.md, and prints the tables', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eval-run-'));
    const x = io();
    const code = await runCli(
      ['evaluate', '--seeds', '4-5', '--ticks', '60', '--tick-ms', '20', '--bots', 'naive,nothing', '--out', dir],
      x,
    );
    expect(code).toBe(0);
    const report = JSON.parse(fs.readFileSync(path.join(dir, 'evaluate.json'), 'utf8')) as EvaluateReport;
    expect(Object.keys(report.bots)).toEqual(['naive', 'nothing']);
    expect(report.bots.naive!.cases.map((c) => c.seed)).toEqual([4, 5]);
    expect(report.bots.nothing!.cases.every((c) => c.pnl === 0 && c.orders === 0)).toBe(true);
    // The stats are those of the per-seed figures.
    const pnls = report.bots.naive!.cases.map((c) => c.pnl);
    expect(report.bots.naive!.stats.pnl).toEqual(describeStats(pnls));
    const cmp = report.comparisons.find((c) => c.bot === 'naive' && c.baseline === 'nothing')!;
    expect(cmp.diff.mean).toBeCloseTo(pnls.reduce((a, b) => a + b, 0) / 2, 6);
    // A case report per bot and seed.
    expect(fs.existsSync(path.join(dir, 'naive', 'seed-4', 'summary.json'))).toBe(true);
    const md = fs.readFileSync(path.join(dir, 'evaluate.md'), 'utf8');
    for (const s of ['### naive', '### nothing', '| mean', '| sd', '| t', 'naive − nothing']) expect(md).toContain(s);
    expect(x.out()).toContain('### naive');
    expect(x.out()).not.toMatch(/NaN/);
    // Progress went to stderr (not a TTY here: one line per case start and end).
    expect(x.err()).toMatch(/\[1\/2\] seed 4 · naive/);
  });

  it('an engine that fails is reported per seed (exit 1) and the other seeds still run', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eval-fail-'));
    const x = io();
    let calls = 0;
    const startEngine = async () => {
      calls++;
      throw new Error('engine exploded');
    };
    const code = await runCli(
      [
        'evaluate',
        '--seeds',
        '1-2',
        '--ticks',
        '20',
        '--tick-ms',
        '5',
        '--bots',
        'engine,nothing',
        '--out',
        dir,
        '--no-progress',
      ],
      { ...x, run: { startEngine } },
    );
    expect(code).toBe(1);
    expect(calls).toBe(2);
    const report = JSON.parse(fs.readFileSync(path.join(dir, 'evaluate.json'), 'utf8')) as EvaluateReport;
    expect(report.bots.engine!.failures.map((f) => f.seed)).toEqual([1, 2]);
    expect(report.bots.engine?.failures[0]?.error).toContain('engine exploded');
    expect(report.bots.nothing!.cases).toHaveLength(2);
    expect(x.out()).toContain('failed: run failed: engine exploded');
    expect(x.err()).toBe('');
  });
});
