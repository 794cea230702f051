// `--shard 1/2` + `--shard 2/2` + `merge` gives the same jobs as one run, for `tune` and for
// `evaluate` (whose merge is the evaluate report of every case); and the commands' one-line errors.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../src/cli';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    stdout: { write: (s: string) => out.push(s) },
    stderr: { write: (s: string) => err.push(s) },
    env: { RITC_BUILD: 'shard-test' },
    out: () => out.join(''),
    err: () => err.join(''),
  };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tune-shard-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

interface Doc {
  build: string;
  jobs: {
    id: string;
    seed: number;
    params: Record<string, unknown>;
    result: { ok: boolean; metrics?: Record<string, number> };
  }[];
}
const read = (d: string, f = 'tune.json') => JSON.parse(fs.readFileSync(path.join(d, f), 'utf8')) as Doc;
// Figures of the do-nothing case do not depend on timing; the wall time does.
const figures = (doc: Doc) =>
  doc.jobs
    .map((j) => ({ id: j.id, pnl: j.result.metrics?.pnl, orders: j.result.metrics?.orders }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));

test('tune: two shards merged equal one run', async () => {
  const base = [
    'tune',
    '--bot',
    'naive',
    '--param',
    'engine.pollDelayMs=5,20',
    '--seeds',
    '1-3',
    '--ticks',
    '10',
    '--tick-ms',
    '5',
    '--no-progress',
  ];
  const run = async (extra: string[], out: string) => {
    const x = io();
    const code = await runCli([...base, ...extra, '--out', out], x);
    expect(x.err()).toBe('');
    expect(code).toBe(0);
    return read(out);
  };
  const whole = await run([], path.join(dir, 'whole'));
  const one = await run(['--shard', '1/2'], path.join(dir, 's1'));
  const two = await run(['--shard', '2/2'], path.join(dir, 's2'));
  expect(whole.jobs).toHaveLength(9);
  expect(one.jobs.length + two.jobs.length).toBe(9);
  const ids = new Set(one.jobs.map((j) => j.id));
  expect(two.jobs.some((j) => ids.has(j.id))).toBe(false);
  const x = io();
  expect(
    await runCli(['merge', path.join(dir, 's1'), path.join(dir, 's2'), '--out', path.join(dir, 'merged')], x),
  ).toBe(0);
  const merged = read(path.join(dir, 'merged'));
  expect(merged.build).toBe('shard-test');
  expect(merged.jobs.map((j) => j.id).sort()).toEqual(whole.jobs.map((j) => j.id).sort());
  expect(x.out()).toContain('engine.pollDelayMs');
}, 60_000);

test('evaluate: two shards merged give the evaluate report of every case', async () => {
  const base = ['evaluate', '--bots', 'nothing', '--seeds', '1-4', '--ticks', '20', '--no-progress'];
  const run = async (extra: string[], out: string) => {
    const x = io();
    expect(await runCli([...base, ...extra, '--out', out], x)).toBe(0);
  };
  await run([], path.join(dir, 'e-whole'));
  await run(['--shard', '1/2'], path.join(dir, 'e1'));
  await run(['--shard', '2/2'], path.join(dir, 'e2'));
  const e1 = read(path.join(dir, 'e1'), 'evaluate-jobs.json');
  const e2 = read(path.join(dir, 'e2'), 'evaluate-jobs.json');
  expect(e1.jobs.length + e2.jobs.length).toBe(4);
  const x = io();
  expect(
    await runCli(['merge', path.join(dir, 'e1'), path.join(dir, 'e2'), '--out', path.join(dir, 'e-merged')], x),
  ).toBe(0);
  type Report = { bots: Record<string, { cases: { seed: number; pnl: number }[] }>; settings: unknown; ranks: unknown };
  const whole = JSON.parse(fs.readFileSync(path.join(dir, 'e-whole', 'evaluate.json'), 'utf8')) as Report;
  const merged = JSON.parse(fs.readFileSync(path.join(dir, 'e-merged', 'evaluate.json'), 'utf8')) as Report;
  expect(merged.settings).toEqual(whole.settings);
  expect(merged.bots.nothing?.cases.map((c) => [c.seed, c.pnl])).toEqual(
    whole.bots.nothing?.cases.map((c) => [c.seed, c.pnl]),
  );
  expect(merged.ranks).toEqual(whole.ranks);
  expect(figures(read(path.join(dir, 'e-merged'), 'evaluate-jobs.json'))).toHaveLength(4);
  expect(x.out()).toContain('### nothing');
}, 30_000);

test('user mistakes are one-line errors with exit code 2', async () => {
  const cases: [string[], RegExp][] = [
    [
      ['tune', '--param', 'mm.nope=1'],
      /^error: the engine bot has no parameter mm\.nope \(valid: engine\.strategies, .*mm\.quoteSize/,
    ],
    [['tune', '--param', 'mm.quoteSize=0'], /^error: bad parameter: .*quoteSize must be ≥ 1/],
    [
      ['tune', '--bot', 'naive', '--param', 'arb.tradeSize=1'],
      /^error: the naive bot has no parameter arb\.tradeSize \(valid: engine\.pollDelayMs\)/,
    ],
    [['tune', '--param', 'mm.quoteSize=1:2'], /^error: --param mm\.quoteSize=1:2: a range is lo:hi:step/],
    [['tune', '--shard', '3/2'], /^error: --shard 3\/2/],
    [['tune', '--case', '/nonexistent.json'], /^error: --case \/nonexistent\.json: not ritc-2020/],
    [['tune', '--frobnicate'], /^error: unknown flag --frobnicate for 'tune'/],
    [['evaluate', '--shard', 'x'], /^error: --shard x: expected K\/N/],
    [['evaluate', '--clock', 'fast'], /^error: bad value for --clock: "fast" \(expected wall or virtual\)/],
    [['tune', '--case', 'no-such-case'], /^error: --case no-such-case: not ritc-2020, not a shipped case/],
    [['merge'], /^error: merge needs output folders/],
    [['merge', path.join(dir, 'none')], /^error: cannot read .*none/],
    [['worker'], /^error: worker needs --queue/],
  ];
  for (const [argv, re] of cases) {
    const x = io();
    expect([argv.join(' '), await runCli(argv, x)]).toEqual([argv.join(' '), 2]);
    expect(x.err()).toMatch(re);
    expect(x.err().trim().split('\n')).toHaveLength(1);
  }
  for (const cmd of ['tune', 'worker', 'merge']) {
    const x = io();
    expect(await runCli([cmd, '--help'], x)).toBe(0);
    expect(x.out()).toMatch(new RegExp(`^Usage: node dist/main.js ${cmd}`));
  }
});
