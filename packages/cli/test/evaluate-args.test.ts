// The CLI parses the flags of `evaluate` and `tune` into the evaluation package's typed settings.
import { CliError } from '@ritc/runner';
import { parseEvaluateArgs } from '../src/evaluate-args';
import { parseTuneArgs } from '../src/tune-args';

describe('evaluate flags', () => {
  it('defaults, flags and errors', () => {
    const p = parseEvaluateArgs(['--seeds', '3-4', '--tick-ms', '20', '--bots', 'naive', '--out', 'x'], {
      cwd: '/tmp',
    });
    if (p.help) throw new Error('unexpected help');
    expect(p.settings).toMatchObject({
      seeds: [3, 4],
      caseName: 'ritc-2020',
      tickMs: 20,
      ticks: 300,
      clock: 'virtual',
      minTickMs: null,
      bots: ['naive'],
      out: '/tmp/x',
      progress: true,
      shard: null,
      queue: null,
    });
    expect(parseEvaluateArgs(['--help']).help).toBe(true);
    expect(() => parseEvaluateArgs(['--bots', 'magic'])).toThrow(/--bots/);
    expect(() => parseEvaluateArgs(['--tick-ms', 'fast'])).toThrow(/--tick-ms/);
    expect(() => parseEvaluateArgs(['--frobnicate'])).toThrow(/--frobnicate/);
    expect(() => parseEvaluateArgs(['--seeds', '10-2'])).toThrow(CliError);
    expect(() => parseEvaluateArgs(['--shard', '3/2'])).toThrow(/--shard/);
  });

  it('--heat: one simulator per seed for every bot; not through shards or a queue', () => {
    const p = parseEvaluateArgs(['--heat', '--bots', 'engine,reference']);
    if (p.help) throw new Error('unexpected help');
    expect(p.settings).toMatchObject({ heat: true, bots: ['engine', 'reference'] });
    const q = parseEvaluateArgs([]);
    if (q.help) throw new Error('unexpected help');
    expect(q.settings.heat).toBe(false);
    expect(() => parseEvaluateArgs(['--heat', '--shard', '1/2'])).toThrow(/--heat does not go with --shard/);
    expect(() => parseEvaluateArgs(['--heat', '--queue', 'redis://x:1'])).toThrow(CliError);
  });

  it('--case, --clock and --min-tick-ms reach the settings', () => {
    const p = parseEvaluateArgs(['--case', 'ritc-2026-mm', '--clock', 'virtual', '--min-tick-ms', '4']);
    if (p.help) throw new Error('unexpected help');
    expect(p.settings).toMatchObject({ caseName: 'ritc-2026-mm', clock: 'virtual', minTickMs: 4 });
    expect(() => parseEvaluateArgs(['--case', 'no-such-case'])).toThrow(/--case no-such-case/);
    expect(() => parseEvaluateArgs(['--clock', 'lunar'])).toThrow(/--clock/);
    expect(() => parseEvaluateArgs(['--clock', 'wall', '--min-tick-ms', '4'])).toThrow(/needs --clock virtual/);
    expect(parseEvaluateArgs([])).toMatchObject({ settings: { clock: 'virtual', tickMs: 200 } });
    expect(parseEvaluateArgs(['--clock', 'wall', '--tick-ms', '50'])).toMatchObject({
      settings: { clock: 'wall', tickMs: 50 },
    });
    expect(() => parseEvaluateArgs(['--clock', 'virtual', '--tick-ms', '10', '--min-tick-ms', '20'])).toThrow(
      /above --tick-ms 10/,
    );
  });
});

describe('tune flags', () => {
  it('defaults, the case and the clock', () => {
    const p = parseTuneArgs(['--param', 'arb.minProfitPerUnit=0.02,0.05', '--seeds', '1-3', '--build', 'b'], {
      cwd: '/tmp',
    });
    if (!('settings' in p)) throw new Error('expected settings');
    expect(p.settings).toMatchObject({
      seeds: [1, 2, 3],
      caseName: 'ritc-2020',
      bot: 'engine',
      ticks: 300,
      tickMs: 200,
      clock: 'virtual',
      minTickMs: null,
      build: 'b',
      concurrency: 1,
      attempts: 2,
    });
    expect(p.settings.axes).toEqual([{ key: 'arb.minProfitPerUnit', values: [0.02, 0.05] }]);
    const v = parseTuneArgs(['--case', 'ritc-2022-etf', '--clock', 'virtual', '--build', 'b']);
    if (!('settings' in v)) throw new Error('expected settings');
    expect(v.settings).toMatchObject({ caseName: 'ritc-2022-etf', clock: 'virtual', minTickMs: null });
  });

  it('help, the parameter list and bad flags', () => {
    expect(parseTuneArgs(['--help'])).toEqual({ help: true });
    const l = parseTuneArgs(['--list-params', '--bot', 'reference']);
    expect(l).toEqual({ listParams: 'the reference bot takes no parameters\n' });
    expect(() => parseTuneArgs(['--param', 'mm.nope=1'])).toThrow(/no parameter mm\.nope/);
    expect(() => parseTuneArgs(['--seeds', 'x'])).toThrow(CliError);
    expect(() => parseTuneArgs(['--shard', '1/2', '--queue', 'redis://x:1'])).toThrow(/do not go together/);
    expect(() => parseTuneArgs(['--clock', 'virtual', '--tick-ms', '1', '--min-tick-ms', '2'])).toThrow(
      /--min-tick-ms/,
    );
  });
});
