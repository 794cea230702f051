import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simMain } from '../src';

describe('simMain (node dist/main.js sim ...)', () => {
  let out: string[];
  let err: string[];
  beforeEach(() => {
    out = [];
    err = [];
    jest.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
    jest.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  });
  afterEach(() => jest.restoreAllMocks());

  it('--help prints usage and returns 0', async () => {
    expect(await simMain(['--help'])).toBe(0);
    expect(out.join('\n')).toMatch(/--tick-ms MS/);
  });

  it('--list-cases prints every shipped case with its description, one line each', async () => {
    expect(await simMain(['--list-cases'])).toBe(0);
    const lines = out.join('\n').split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(1);
    expect(lines.some((l) => /^ritc-2020-etf +RITC 2020 algo ETF case/.test(l))).toBe(true);
    const names = lines.map((l) => l.split(/ +/)[0]);
    for (const want of [
      'ritc-2020-etf',
      'ritc-2022-etf',
      'ritc-2024-etf',
      'lt3',
      'liquidity-risk',
      'algo1',
      'algo2',
      'algo2e',
      'ritc-2026-mm',
      'ritcx-stat-arb',
      'volatility',
    ])
      expect(names).toContain(want);
  });

  it.each([
    [['--port', 'abc'], /--port must be an integer/],
    [['--port', '70000'], /--port must be an integer between 0 and 65535/],
    [['--tick-ms', '-1'], /--tick-ms/],
    [['--ticks', '0'], /--ticks/],
    [['--seed', '1.5'], /--seed/],
    [['--bogus'], /Unknown option/],
    [['--faults', 'p500=7'], /probability/],
    [['--scenario', '/nonexistent/x.json'], /cannot read/],
    [['--exit-after-end', '-1'], /--exit-after-end/],
    [['--exit-after-end', '0x10'], /--exit-after-end/],
    [['--case', 'no-such-case'], /no-such-case: \(top level\): no such case/],
    [['--case', '/nonexistent/c.json'], /c\.json: \(top level\): cannot read/],
  ])('%j is a usage error (2) with a clear message', async (argv, msg) => {
    expect(await simMain(argv)).toBe(2);
    expect(err.join('\n')).toMatch(msg);
  });

  it('runs a short case to the end with a scenario file and returns 0, never printing the key', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sim-cli-'));
    const file = path.join(dir, 'scenario.json');
    writeFileSync(file, JSON.stringify({ caseName: 'CLI test', tenders: { enabled: false } }));
    const code = await simMain([
      '--port',
      '0',
      '--tick-ms',
      '5',
      '--ticks',
      '20',
      '--seed',
      '4',
      '--api-key',
      'topsecret',
      '--scenario',
      file,
      '--exit-after-end',
      '0.2',
    ]);
    expect(code).toBe(0);
    const text = out.join('\n');
    expect(text).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+\/v1/);
    expect(text).toMatch(/Case ended at tick 20 \(status STOPPED\)/);
    expect(text).toMatch(/#1 TRADER1 nlv 0\.00 CAD/);
    expect(text).toMatch(/Exiting \(--exit-after-end\)/);
    expect(text).not.toContain('topsecret');
  });

  it('rejects a scenario that is not JSON', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sim-cli-'));
    const file = path.join(dir, 'bad.json');
    writeFileSync(file, '{nope');
    expect(await simMain(['--scenario', file])).toBe(2);
    expect(err.join('\n')).toMatch(/not valid JSON/);
  });
});
