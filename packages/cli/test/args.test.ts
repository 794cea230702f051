import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseRunArgs, type ParsedArgs } from '../src/args';
import { pollDelayFor } from '@ritc/market-data';
import { DEFAULTS, feedPollDelays, maskConfig, type RunConfig } from '@ritc/runner';
import { DEFAULT_CONFIG } from '@ritc/engine';
import { CliError } from '@ritc/runner';

const cwd = path.join(os.tmpdir(), 'ritc-args-cwd');
const now = new Date('2024-05-01T09:30:00.123Z');
const cfg = (cmd: 'default' | 'trade', argv: string[], env: NodeJS.ProcessEnv = {}): RunConfig => {
  const r: ParsedArgs = parseRunArgs(cmd, argv, { env, cwd, now });
  if (r.help) throw new Error('unexpected help');
  return r.config;
};
const err = (cmd: 'default' | 'trade', argv: string[], env: NodeJS.ProcessEnv = {}): CliError => {
  try {
    parseRunArgs(cmd, argv, { env, cwd, now });
  } catch (e) {
    expect(e).toBeInstanceOf(CliError);
    return e as CliError;
  }
  throw new Error(`no error for ${argv.join(' ')}`);
};

describe('parseRunArgs defaults', () => {
  it('fills every field with its documented default', () => {
    const c = cfg('default', []);
    expect(c.command).toBe('default');
    expect(c.apiUrl).toBeNull();
    expect(c.apiKey).toBeNull();
    expect(c.sim).toEqual({
      seed: DEFAULTS.seed,
      tickMs: 200,
      ticks: 300,
      case: null,
      clock: 'wall',
      minTickMs: null,
    });
    expect(c.sim.tickMs * (c.sim.ticks ?? NaN)).toBe(60_000);
    expect(c.pollDelayMs).toEqual({ default: DEFAULTS.pollDelayMs, byTicker: {} });
    expect(c.strategies).toEqual(['mm', 'arb', 'tender', 'stat']);
    expect(c.riskAversion).toBe(0.005);
    expect(c.params).toEqual({ mm: {}, arb: {}, tender: {}, stat: {} });
    expect(c.logLevel).toBe('info');
    expect(c.reportDir).toBe(path.join(cwd, 'runs', '2024-05-01T09-30-00Z'));
    expect(c.logFile).toBe(path.join(c.reportDir, 'run.log'));
    expect(c.profileDir).toBeNull();
    expect(c.profileIntervalUs).toBe(500);
    expect(c.dashboard).toBe(true);
    expect(c.configFile).toBeNull();
  });

  it('--help returns help without validating anything else', () => {
    expect(parseRunArgs('trade', ['--help'], { env: {} })).toEqual({ help: true });
    expect(parseRunArgs('default', ['-h'])).toEqual({ help: true });
  });
});

describe('parseRunArgs overrides', () => {
  it('converts and validates every flag', () => {
    const c = cfg('default', [
      '--seed',
      '42',
      '--tick-ms',
      '25',
      '--ticks',
      '60',
      '--strategies',
      'mm,tender',
      '--risk-aversion',
      '0.01',
      '--param',
      'mm.size=1000',
      '--param',
      'mm.skew=false',
      '--param',
      'arb.mode=aggressive',
      '--log-level',
      'debug',
      '--log-file',
      'x.log',
      '--report-dir',
      'out',
      '--profile',
      'prof',
      '--profile-interval-us',
      '250',
      '--no-dashboard',
    ]);
    expect(c.sim).toEqual({ seed: 42, tickMs: 25, ticks: 60, case: null, clock: 'wall', minTickMs: null });
    expect(c.strategies).toEqual(['mm', 'tender']);
    expect(c.riskAversion).toBe(0.01);
    expect(c.params).toEqual({ mm: { size: 1000, skew: false }, arb: { mode: 'aggressive' }, tender: {}, stat: {} });
    expect(c.logLevel).toBe('debug');
    expect(c.logFile).toBe(path.join(cwd, 'x.log'));
    expect(c.reportDir).toBe(path.join(cwd, 'out'));
    expect(c.profileDir).toBe(path.join(cwd, 'prof'));
    expect(c.profileIntervalUs).toBe(250);
    expect(c.dashboard).toBe(false);
  });

  it('--poll-delay takes a default and per-ticker forms, repeatable, last wins', () => {
    const c = cfg('default', [
      '--poll-delay',
      'RITC=2',
      '--poll-delay',
      '7',
      '--poll-delay',
      'BULL=0',
      '--poll-delay',
      'RITC=3.5',
    ]);
    expect(c.pollDelayMs).toEqual({ default: 7, byTicker: { RITC: 3.5, BULL: 0 } });
    expect(pollDelayFor(feedPollDelays(c), 'RITC', -1)).toBe(3.5);
    expect(pollDelayFor(feedPollDelays(c), 'BEAR', -1)).toBe(7);
    expect(cfg('default', ['--poll-delay=USD=1']).pollDelayMs.byTicker).toEqual({ USD: 1 });
  });

  it('trade takes the key from --api-key, else RIT_API_KEY; the flag wins', () => {
    const a = cfg('trade', ['--api-url', 'http://localhost:9999/v1/'], { RIT_API_KEY: 'ENVKEY' });
    expect(a.apiUrl).toBe('http://localhost:9999/v1');
    expect(a.apiKey).toBe('ENVKEY');
    expect(cfg('trade', ['--api-url', 'http://h:1/v1', '--api-key', 'FLAG'], { RIT_API_KEY: 'ENVKEY' }).apiKey).toBe(
      'FLAG',
    );
  });

  it('maskConfig never shows the key', () => {
    const c = cfg('trade', ['--api-url', 'http://h:1/v1', '--api-key', 'S3CRET-KEY']);
    const dumped = JSON.stringify(maskConfig(c));
    expect(dumped).not.toContain('S3CRET-KEY');
    expect(maskConfig(c).apiKey).toBe('***');
    expect(c.apiKey).toBe('S3CRET-KEY');
  });
});

describe('parseRunArgs errors name the flag', () => {
  it.each([
    [['--frobnicate'], 'CLI_UNKNOWN_FLAG', '--frobnicate'],
    [['--api-url', 'http://x/v1'], 'CLI_UNKNOWN_FLAG', '--api-url'],
    [['--seed', 'abc'], 'CLI_BAD_VALUE', '--seed'],
    [['--seed', '1.5'], 'CLI_BAD_VALUE', '--seed'],
    [['--tick-ms', '0'], 'CLI_BAD_VALUE', '--tick-ms'],
    [['--ticks', '1e9'], 'CLI_BAD_VALUE', '--ticks'],
    [['--poll-delay', 'fast'], 'CLI_BAD_VALUE', '--poll-delay'],
    [['--poll-delay', 'RITC=-1'], 'CLI_BAD_VALUE', '--poll-delay RITC'],
    [['--poll-delay', 'RI TC=1'], 'CLI_BAD_VALUE', '--poll-delay'],
    [['--strategies', 'mm,yolo'], 'CLI_BAD_VALUE', '--strategies'],
    [['--strategies', ''], 'CLI_BAD_VALUE', '--strategies'],
    [['--risk-aversion', '0.7'], 'CLI_BAD_VALUE', '--risk-aversion'],
    [['--risk-aversion', 'NaN'], 'CLI_BAD_VALUE', '--risk-aversion'],
    [['--param', 'size=1000'], 'CLI_BAD_VALUE', '--param'],
    [['--param', 'zz.size=1'], 'CLI_BAD_VALUE', '--param'],
    [['--log-level', 'loud'], 'CLI_BAD_VALUE', '--log-level'],
    [['--seed'], 'CLI_MISSING_VALUE', '--seed'],
    [['stray'], 'CLI_UNEXPECTED_ARGUMENT', 'stray'],
  ])('%j → %s', (argv, code, flag) => {
    const e = err('default', argv);
    expect(e.code).toBe(code);
    expect(e.message).toContain(flag);
  });

  it('trade without --api-url or without a key is a clear error', () => {
    expect(err('trade', ['--api-key', 'K']).message).toContain('--api-url');
    const e = err('trade', ['--api-url', 'http://h:1/v1'], {});
    expect(e.code).toBe('CLI_MISSING_API_KEY');
    expect(e.message).toContain('RIT_API_KEY');
    expect(err('trade', ['--api-url', 'ftp://h/v1', '--api-key', 'K']).message).toContain('--api-url');
    expect(err('trade', ['--seed', '1'], {}).code).toBe('CLI_UNKNOWN_FLAG');
  });

  it('never echoes the key in an error', () => {
    const e = err('trade', ['--api-url', 'nope', '--api-key', 'TOPSECRET']);
    expect(e.message).not.toContain('TOPSECRET');
  });
});

describe('--config FILE', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ritc-cfg-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (obj: unknown) => {
    const f = path.join(dir, 'run.json');
    fs.writeFileSync(f, typeof obj === 'string' ? obj : JSON.stringify(obj));
    return f;
  };

  it('reads the file; flags override it; relative paths are relative to the file', () => {
    const f = write({
      seed: 9,
      ticks: 100,
      pollDelay: { default: 4, RITC: 1 },
      strategies: ['arb'],
      riskAversion: 0.02,
      params: { mm: { size: 500, edge: 0.02 } },
      logLevel: 'warn',
      reportDir: 'reports/a',
      dashboard: false,
    });
    const c = cfg('default', ['--config', f, '--seed', '3', '--poll-delay', 'BULL=2', '--param', 'mm.size=800']);
    expect(c.sim).toEqual({ seed: 3, tickMs: 200, ticks: 100, case: null, clock: 'wall', minTickMs: null });
    expect(c.pollDelayMs).toEqual({ default: 4, byTicker: { RITC: 1, BULL: 2 } });
    expect(c.strategies).toEqual(['arb']);
    expect(c.riskAversion).toBe(0.02);
    expect(c.params.mm).toEqual({ size: 800, edge: 0.02 });
    expect(c.logLevel).toBe('warn');
    expect(c.reportDir).toBe(path.join(dir, 'reports/a'));
    expect(c.logFile).toBe(path.join(dir, 'reports/a', 'run.log'));
    expect(c.dashboard).toBe(false);
    expect(c.configFile).toBe(f);
  });

  it.each([
    [{ sed: 1 }, 'unknown key "sed"'],
    [{ seed: 'x' }, '"seed"'],
    [{ pollDelay: { RITC: -3 } }, '"pollDelay".RITC'],
    [{ strategies: ['mm', 'hodl'] }, '"strategies"'],
    [{ params: { mm: { size: [1] } } }, '"params".mm.size'],
    [{ dashboard: 'yes' }, '"dashboard"'],
    [[1, 2], 'JSON object'],
    ['{ "seed": 1,', 'not valid JSON'],
  ])('rejects %j naming the problem', (content, needle) => {
    const e = err('default', ['--config', write(content)]);
    expect(e.code).toBe('CLI_CONFIG_FILE');
    expect(e.message).toContain(needle);
    expect(e.message).toContain('run.json');
  });

  it('a missing file is a clear error', () => {
    const e = err('default', ['--config', path.join(dir, 'nope.json')]);
    expect(e.code).toBe('CLI_CONFIG_FILE');
    expect(e.message).toContain('ENOENT');
  });

  it('a key in the file is used by trade, RIT_API_KEY overrides it', () => {
    const f = write({ apiUrl: 'http://localhost:9999/v1', apiKey: 'FILEKEY' });
    expect(cfg('trade', ['--config', f]).apiKey).toBe('FILEKEY');
    expect(cfg('trade', ['--config', f], { RIT_API_KEY: 'ENV' }).apiKey).toBe('ENV');
  });
});

describe('parseRunArgs --case', () => {
  it('passes the case to the embedded simulator and lets the case set its own length', () => {
    expect(cfg('default', ['--case', 'algo2']).sim).toEqual({
      seed: DEFAULTS.seed,
      tickMs: 200,
      ticks: null,
      case: 'algo2',
      clock: 'wall',
      minTickMs: null,
    });
    expect(cfg('default', ['--case', 'x.json', '--ticks', '50']).sim.ticks).toBe(50);
  });
});

describe('parseRunArgs --clock', () => {
  it('puts the embedded simulator on the virtual clock, with its shortest tick', () => {
    const sim = cfg('default', ['--clock', 'virtual', '--min-tick-ms', '3']).sim;
    expect(sim).toMatchObject({ clock: 'virtual', minTickMs: 3 });
    expect(() => cfg('default', ['--clock', 'sundial'])).toThrow(/--clock/);
    expect(() => cfg('default', ['--min-tick-ms', '-1'])).toThrow(/--min-tick-ms/);
    expect(() => cfg('trade', ['--clock', 'virtual'])).toThrow(/--clock/);
  });
});

describe('engine settings (outage and pacing bounds)', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ritc-outage-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (obj: unknown): string => {
    const f = path.join(dir, 'c.json');
    fs.writeFileSync(f, JSON.stringify(obj));
    return f;
  };

  it('default to the engine defaults', () => {
    expect(cfg('default', []).engine).toEqual({
      exchangeOutageMs: DEFAULT_CONFIG.exchangeOutageMs,
      outageBackoffBaseMs: DEFAULT_CONFIG.outageBackoffBaseMs,
      outageBackoffMaxMs: DEFAULT_CONFIG.outageBackoffMaxMs,
      outageLogEveryMs: DEFAULT_CONFIG.outageLogEveryMs,
      maxTickerHoldMs: DEFAULT_CONFIG.maxTickerHoldMs,
    });
  });

  it('take the ticker hold cap from a flag or the config file, within its range', () => {
    expect(cfg('default', ['--max-ticker-hold-ms', '750']).engine.maxTickerHoldMs).toBe(750);
    expect(cfg('default', ['--config', write({ maxTickerHoldMs: 1200 })]).engine.maxTickerHoldMs).toBe(1200);
    expect(err('default', ['--max-ticker-hold-ms', '0']).message).toMatch(/--max-ticker-hold-ms/);
    expect(err('default', ['--max-ticker-hold-ms', '2.5']).message).toMatch(/--max-ticker-hold-ms/);
  });

  it('come from flags over the config file', () => {
    const f = write({ exchangeOutageMs: 4000, outageLogEveryMs: 1000 });
    const c = cfg('default', ['--config', f, '--exchange-outage-ms', '3000', '--outage-backoff-max-ms=500']);
    expect(c.engine).toMatchObject({ exchangeOutageMs: 3000, outageBackoffMaxMs: 500, outageLogEveryMs: 1000 });
  });

  it('are checked against their range, and the backoff maximum against its base', () => {
    expect(err('default', ['--exchange-outage-ms', '0']).message).toMatch(/--exchange-outage-ms/);
    expect(err('default', ['--outage-backoff-base-ms', '300', '--outage-backoff-max-ms', '200']).message).toMatch(
      /--outage-backoff-max-ms.*outageBackoffBaseMs/,
    );
  });
});
