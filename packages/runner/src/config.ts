import * as fs from 'node:fs';
import * as path from 'node:path';
import { STRATEGIES, STRATEGY_ENTRIES, type Source, type StrategyCliName, type StrategyEntry } from '@ritc/strategies';
import type { EngineConfig } from '@ritc/engine';
import type { PollDelays } from '@ritc/market-data';
import { CliError, Errors } from './errors';
import { ENGINE_SETTINGS, SETTINGS, type EngineSettingName, type SettingName } from './settings';

/** Strategy names as the CLI spells them (from the strategy registry, in its order). */
export type StrategyName = StrategyCliName;
export const STRATEGY_NAMES: readonly StrategyName[] = Object.freeze(STRATEGY_ENTRIES.map((e) => e.cliName));

/** The registry entry of a CLI strategy name. */
export function strategyByName(name: StrategyName): StrategyEntry {
  const e = STRATEGY_ENTRIES.find((x) => x.cliName === name);
  if (e === undefined) throw new Error(`strategy name ${name} is not in the strategy registry`);
  return e;
}

/** The order source each CLI strategy name trades as. */
export const STRATEGY_SOURCE: Readonly<Record<StrategyName, Source>> = Object.freeze(
  Object.fromEntries(STRATEGY_ENTRIES.map((e) => [e.cliName, STRATEGIES[e.kind].source])) as Record<
    StrategyName,
    Source
  >,
);

export const LOG_LEVELS = ['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export type ParamValue = number | string | boolean;

/** The embedded simulator's clocks (the virtual clock is a simulator extension, never RIT's). */
export const SIM_CLOCKS = ['wall', 'virtual'] as const;
export type SimClock = (typeof SIM_CLOCKS)[number];

/** The validated settings of one `default` or `trade` run. Every field is documented in the README. */
export interface RunConfig {
  /** `default` trades the embedded simulator; `trade` trades `apiUrl`. */
  command: 'default' | 'trade';
  /** Base URL of the RIT Client REST API (ends in /v1); null = start the embedded simulator. */
  apiUrl: string | null;
  /** X-API-Key; never printed (see maskConfig). Null only for the embedded simulator. */
  apiKey: string | null;
  /** Embedded simulator settings (ignored by `trade`). */
  /**
   * `case`: the simulator's case (name or file; null = its default); `ticks` null = the case's own length.
   * `clock`: wall ticks every tickMs; virtual ends a tick once the trader says it is done with it
   * (at most tickMs, at least minTickMs; null = the simulator's default), so the bot signals ready.
   */
  sim: {
    seed: number;
    tickMs: number;
    ticks: number | null;
    case: string | null;
    clock: SimClock;
    minTickMs: number | null;
  };
  /** Pause between polls of one security's feed, ms: a default and per-ticker overrides. */
  pollDelayMs: { default: number; byTicker: Record<string, number> };
  /** Enabled strategies. */
  strategies: StrategyName[];
  /** Probability of a loss beyond Z(riskAversion) long-run sigmas (0.005 gives z ≈ 2.576). */
  riskAversion: number;
  /** Strategy parameters by strategy, passed through to the strategy untouched. */
  params: Record<StrategyName, Record<string, ParamValue>>;
  logLevel: LogLevel;
  /** JSON-lines log file (absolute path). */
  logFile: string;
  /** Where summary.json, events.jsonl and report.html go (absolute path). */
  reportDir: string;
  /** Directory for .cpuprofile files and threads.json; null = no profiling. */
  profileDir: string | null;
  /** Engine settings resolved here (the outage: how long without an answer, the retry backoff, the warnings). */
  engine: Pick<EngineConfig, EngineSettingName>;
  /** Sampling interval of the CPU profiler, µs. */
  profileIntervalUs: number;
  /** Live dashboard wanted (it is drawn only when stdout is also a TTY). */
  dashboard: boolean;
  /** The --config file that was read, if any (absolute path). */
  configFile: string | null;
}

/** A partial config as a config file or the flags give it, before defaults. Keys mirror the flags. */
export interface ConfigInput {
  apiUrl?: string;
  apiKey?: string;
  seed?: number;
  tickMs?: number;
  ticks?: number;
  /** The embedded simulator's case: a shipped case's name or a case file. */
  case?: string;
  clock?: SimClock;
  minTickMs?: number;
  /** A number (the default for every ticker) or `{ "default": 5, "RITC": 2 }`. */
  pollDelay?: number | Record<string, number>;
  strategies?: StrategyName[];
  riskAversion?: number;
  params?: Partial<Record<StrategyName, Record<string, ParamValue>>>;
  logLevel?: LogLevel;
  logFile?: string;
  reportDir?: string;
  profile?: string;
  profileIntervalUs?: number;
  dashboard?: boolean;
  exchangeOutageMs?: number;
  outageBackoffBaseMs?: number;
  outageBackoffMaxMs?: number;
  outageLogEveryMs?: number;
  maxTickerHoldMs?: number;
}

/** The defaults of the numeric settings are those of the settings table (settings.ts). */
export const DEFAULTS = {
  seed: SETTINGS.seed.default,
  tickMs: SETTINGS.tickMs.default,
  ticks: SETTINGS.ticks.default,
  pollDelayMs: SETTINGS.pollDelay.default,
  riskAversion: SETTINGS.riskAversion.default,
  strategies: [...STRATEGY_NAMES] as StrategyName[],
  logLevel: 'info' as LogLevel,
  profileIntervalUs: SETTINGS.profileIntervalUs.default,
  runsDir: 'runs',
  logFileName: 'run.log',
} as const;

// ---- value validators: `label` names the flag or config key in the error ----

const NUMBER_RE = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

export function toNumber(label: string, v: unknown): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && NUMBER_RE.test(v.trim()) ? Number(v) : NaN;
  if (!Number.isFinite(n)) throw Errors.badValue(label, v, 'a number');
  return n;
}

export function toInt(label: string, v: unknown, min: number, max: number): number {
  const n = toNumber(label, v);
  if (!Number.isSafeInteger(n) || n < min || n > max)
    throw Errors.badValue(label, v, `an integer from ${min} to ${max}`);
  return n;
}

export function toRange(label: string, v: unknown, min: number, max: number, exclusive = false): number {
  const n = toNumber(label, v);
  const ok = exclusive ? n > min && n < max : n >= min && n <= max;
  if (!ok) throw Errors.badValue(label, v, `a number ${exclusive ? 'strictly ' : ''}between ${min} and ${max}`);
  return n;
}

export function toSimClock(label: string, v: unknown): SimClock {
  if (typeof v !== 'string' || !(SIM_CLOCKS as readonly string[]).includes(v))
    throw Errors.badValue(label, v, SIM_CLOCKS.join(' or '));
  return v as SimClock;
}

const TICKER_RE = /^[A-Za-z0-9_.-]{1,16}$/;
export function toTicker(label: string, v: unknown): string {
  if (typeof v !== 'string' || !TICKER_RE.test(v)) throw Errors.badValue(label, v, 'a ticker such as RITC');
  return v;
}

/** A numeric setting checked against its range in the settings table. */
export function toSetting(name: SettingName, label: string, v: unknown): number {
  const s: { min: number; max: number; integer?: boolean; exclusive?: boolean } = SETTINGS[name];
  return s.integer ? toInt(label, v, s.min, s.max) : toRange(label, v, s.min, s.max, s.exclusive === true);
}

export const POLL_DELAY_MAX_MS = SETTINGS.pollDelay.max;
export function toPollDelay(label: string, v: unknown): number {
  return toSetting('pollDelay', label, v);
}

export function toStrategies(label: string, v: unknown): StrategyName[] {
  const items = typeof v === 'string' ? v.split(',').map((s) => s.trim()) : v;
  if (!Array.isArray(items) || items.length === 0)
    throw Errors.badValue(label, v, `a list of ${STRATEGY_NAMES.join(',')}`);
  const out: StrategyName[] = [];
  for (const s of items) {
    if (typeof s !== 'string' || !(STRATEGY_NAMES as readonly string[]).includes(s)) {
      throw Errors.badValue(label, s, `one of ${STRATEGY_NAMES.join(', ')}`);
    }
    if (!out.includes(s as StrategyName)) out.push(s as StrategyName);
  }
  return out;
}

export function toLogLevel(label: string, v: unknown): LogLevel {
  if (typeof v !== 'string' || !(LOG_LEVELS as readonly string[]).includes(v)) {
    throw Errors.badValue(label, v, `one of ${LOG_LEVELS.join(', ')}`);
  }
  return v as LogLevel;
}

export function toApiUrl(label: string, v: unknown): string {
  let u: URL;
  try {
    u = new URL(String(v));
  } catch {
    throw Errors.badValue(label, v, 'an http(s) URL such as http://localhost:9999/v1');
  }
  if ((u.protocol !== 'http:' && u.protocol !== 'https:') || typeof v !== 'string') {
    throw Errors.badValue(label, v, 'an http(s) URL such as http://localhost:9999/v1');
  }
  return v.replace(/\/+$/, '');
}

export function toNonEmptyString(label: string, v: unknown, what: string): string {
  if (typeof v !== 'string' || v.trim() === '') throw Errors.badValue(label, v, what);
  return v;
}

/** `5` → literal number, `true`/`false` → boolean, anything else stays a string. */
export function parseParamValue(raw: string): ParamValue {
  if (NUMBER_RE.test(raw.trim())) return Number(raw);
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  return raw;
}

const PARAM_KEY_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
function checkParams(label: string, v: unknown): Partial<Record<StrategyName, Record<string, ParamValue>>> {
  if (!isPlainObject(v)) throw Errors.badValue(label, v, 'an object such as {"mm": {"size": 1000}}');
  const out: Partial<Record<StrategyName, Record<string, ParamValue>>> = {};
  for (const [strategy, params] of Object.entries(v)) {
    if (!(STRATEGY_NAMES as readonly string[]).includes(strategy)) {
      throw Errors.badValue(`${label}.${strategy}`, strategy, `a strategy: ${STRATEGY_NAMES.join(', ')}`);
    }
    if (!isPlainObject(params)) throw Errors.badValue(`${label}.${strategy}`, params, 'an object of parameters');
    const p = bareRecord<ParamValue>();
    for (const [k, val] of Object.entries(params)) {
      if (!PARAM_KEY_RE.test(k))
        throw Errors.badValue(`${label}.${strategy}`, k, 'a parameter name (letters, digits, _)');
      const ok =
        (typeof val === 'number' && Number.isFinite(val)) || typeof val === 'string' || typeof val === 'boolean';
      if (!ok) throw Errors.badValue(`${label}.${strategy}.${k}`, val, 'a finite number, string or boolean');
      p[k] = val;
    }
    out[strategy as StrategyName] = p;
  }
  return out;
}

/** Parses one `--param strategy.key=value`. */
export function parseParamFlag(label: string, raw: string): { strategy: StrategyName; key: string; value: ParamValue } {
  const [, strategy, key, value] = /^([a-z]+)\.([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(raw) ?? [];
  if (strategy === undefined || key === undefined || value === undefined || value === '') {
    throw Errors.badValue(label, raw, 'STRATEGY.NAME=VALUE, e.g. mm.size=1000');
  }
  if (!(STRATEGY_NAMES as readonly string[]).includes(strategy)) {
    throw Errors.badValue(label, raw, `a strategy prefix: ${STRATEGY_NAMES.join(', ')}`);
  }
  return { strategy: strategy as StrategyName, key, value: parseParamValue(value) };
}

/**
 * A record without a prototype: a key read from a file (`__proto__`, `constructor`, `toString`)
 * is only ever an own key, never something inherited from Object.prototype.
 */
export function bareRecord<T>(from?: Record<string, T>): Record<string, T> {
  const out = Object.create(null) as Record<string, T>;
  if (from) for (const [k, v] of Object.entries(from)) out[k] = v;
  return out;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// ---- config file ----

const FILE_KEYS: Record<keyof ConfigInput, (label: string, v: unknown) => unknown> = {
  apiUrl: toApiUrl,
  apiKey: (l, v) => toNonEmptyString(l, v, 'a non-empty string'),
  seed: (l, v) => toSetting('seed', l, v),
  tickMs: (l, v) => toSetting('tickMs', l, v),
  ticks: (l, v) => toSetting('ticks', l, v),
  case: (l, v) => toNonEmptyString(l, v, 'a case name or file'),
  clock: toSimClock,
  minTickMs: (l, v) => toSetting('minTickMs', l, v),
  pollDelay: (l, v) => {
    if (typeof v === 'number') return toPollDelay(l, v);
    if (!isPlainObject(v)) throw Errors.badValue(l, v, 'a number of ms or {"default": 5, "RITC": 2}');
    const out = bareRecord<number>();
    for (const [k, ms] of Object.entries(v)) {
      if (k !== 'default') toTicker(`${l} key`, k);
      out[k] = toPollDelay(`${l}.${k}`, ms);
    }
    return out;
  },
  strategies: (l, v) => toStrategies(l, v),
  riskAversion: (l, v) => toSetting('riskAversion', l, v),
  params: checkParams,
  logLevel: toLogLevel,
  logFile: (l, v) => toNonEmptyString(l, v, 'a file path'),
  reportDir: (l, v) => toNonEmptyString(l, v, 'a directory path'),
  profile: (l, v) => toNonEmptyString(l, v, 'a directory path'),
  profileIntervalUs: (l, v) => toSetting('profileIntervalUs', l, v),
  dashboard: (l, v) => {
    if (typeof v !== 'boolean') throw Errors.badValue(l, v, 'true or false');
    return v;
  },
  exchangeOutageMs: (l, v) => toSetting('exchangeOutageMs', l, v),
  outageBackoffBaseMs: (l, v) => toSetting('outageBackoffBaseMs', l, v),
  outageBackoffMaxMs: (l, v) => toSetting('outageBackoffMaxMs', l, v),
  outageLogEveryMs: (l, v) => toSetting('outageLogEveryMs', l, v),
  maxTickerHoldMs: (l, v) => toSetting('maxTickerHoldMs', l, v),
};

/** FILE_KEYS looked up by a key read from the file: only its own keys answer. */
const FILE_CHECKS = bareRecord<(label: string, v: unknown) => unknown>(FILE_KEYS);

/**
 * Reads and validates a JSON config file. Unknown keys are errors (a typo must not silently fall
 * back to a default). Relative paths inside the file are taken relative to the file's folder.
 */
export function loadConfigFile(file: string): ConfigInput {
  const abs = path.resolve(file);
  let text: string;
  try {
    text = fs.readFileSync(abs, 'utf8');
  } catch (e) {
    throw Errors.configFile(file, `cannot read it (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw Errors.configFile(file, `not valid JSON (${(e as Error).message})`);
  }
  if (!isPlainObject(raw)) throw Errors.configFile(file, 'must hold a JSON object');
  const out = bareRecord<unknown>();
  for (const [k, v] of Object.entries(raw)) {
    const check = FILE_CHECKS[k];
    if (!check) throw Errors.configFile(file, `unknown key "${k}" (known: ${Object.keys(FILE_KEYS).join(', ')})`);
    try {
      out[k] = check(`"${k}"`, v);
    } catch (e) {
      throw e instanceof CliError ? Errors.configFile(file, e.message) : e;
    }
  }
  const dir = path.dirname(abs);
  for (const k of ['logFile', 'reportDir', 'profile'] as const) {
    if (typeof out[k] === 'string') out[k] = path.resolve(dir, out[k]);
  }
  return out;
}

// ---- resolution ----

export interface ResolveOptions {
  command: 'default' | 'trade';
  file?: ConfigInput;
  flags: ConfigInput;
  env?: NodeJS.ProcessEnv;
  /** Base for relative paths given on the command line and for the default runs/ folder. */
  cwd?: string;
  /** Clock for the default report folder name. */
  now?: Date;
  configFile?: string | null;
}

/** Timestamped run folder name, e.g. 2024-05-01T09-30-00Z (sortable, safe on every filesystem). */
export function runFolderName(now: Date): string {
  return now
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/:/g, '-');
}

function splitPollDelay(v: ConfigInput['pollDelay'] | undefined): {
  default?: number;
  byTicker: Record<string, number>;
} {
  if (v === undefined) return { byTicker: {} };
  if (typeof v === 'number') return { default: v, byTicker: {} };
  const { default: d, ...byTicker } = v;
  return { default: d, byTicker };
}

/** Defaults < config file < RIT_API_KEY < flags. */
export function resolveConfig(o: ResolveOptions): RunConfig {
  const cwd = o.cwd ?? process.cwd();
  const file = o.file ?? {};
  const flags = o.flags;
  const pick = <K extends keyof ConfigInput>(k: K): ConfigInput[K] => (flags[k] !== undefined ? flags[k] : file[k]);

  const filePoll = splitPollDelay(file.pollDelay);
  const flagPoll = splitPollDelay(flags.pollDelay);
  const params = {} as Record<StrategyName, Record<string, ParamValue>>;
  for (const s of STRATEGY_NAMES) params[s] = { ...(file.params?.[s] ?? {}), ...(flags.params?.[s] ?? {}) };

  const envKey = o.env?.RIT_API_KEY && o.env.RIT_API_KEY.trim() !== '' ? o.env.RIT_API_KEY : undefined;
  const apiKey = flags.apiKey ?? envKey ?? file.apiKey ?? null;
  const apiUrl = o.command === 'trade' ? (pick('apiUrl') ?? null) : null;
  if (o.command === 'trade') {
    if (!apiUrl) throw Errors.badValue('--api-url', undefined, 'the RIT Client API URL, e.g. http://localhost:9999/v1');
    if (!apiKey) throw Errors.missingApiKey();
  }

  const reportDir = flags.reportDir
    ? path.resolve(cwd, flags.reportDir)
    : (file.reportDir ?? path.resolve(cwd, DEFAULTS.runsDir, runFolderName(o.now ?? new Date())));
  const logFile = flags.logFile
    ? path.resolve(cwd, flags.logFile)
    : (file.logFile ?? path.join(reportDir, DEFAULTS.logFileName));
  const profileDir = flags.profile ? path.resolve(cwd, flags.profile) : (file.profile ?? null);
  const engine = {} as RunConfig['engine'];
  for (const k of ENGINE_SETTINGS) engine[k] = pick(k) ?? SETTINGS[k].default;
  if (engine.outageBackoffMaxMs < engine.outageBackoffBaseMs) {
    const label = flags.outageBackoffMaxMs !== undefined ? SETTINGS.outageBackoffMaxMs.flag : '"outageBackoffMaxMs"';
    throw Errors.badValue(
      label,
      engine.outageBackoffMaxMs,
      `at least outageBackoffBaseMs (${engine.outageBackoffBaseMs})`,
    );
  }

  return {
    command: o.command,
    apiUrl,
    apiKey: o.command === 'trade' ? apiKey : null,
    sim: {
      seed: pick('seed') ?? DEFAULTS.seed,
      tickMs: pick('tickMs') ?? DEFAULTS.tickMs,
      ticks: pick('ticks') ?? (pick('case') === undefined ? DEFAULTS.ticks : null),
      case: pick('case') ?? null,
      clock: pick('clock') ?? 'wall',
      minTickMs: pick('minTickMs') ?? null,
    },
    pollDelayMs: {
      default: flagPoll.default ?? filePoll.default ?? DEFAULTS.pollDelayMs,
      byTicker: { ...filePoll.byTicker, ...flagPoll.byTicker },
    },
    strategies: pick('strategies') ?? [...DEFAULTS.strategies],
    riskAversion: pick('riskAversion') ?? DEFAULTS.riskAversion,
    params,
    logLevel: pick('logLevel') ?? DEFAULTS.logLevel,
    logFile,
    reportDir,
    profileDir,
    engine,
    profileIntervalUs: pick('profileIntervalUs') ?? DEFAULTS.profileIntervalUs,
    dashboard: pick('dashboard') ?? true,
    configFile: o.configFile ?? null,
  };
}

/**
 * Whether the bot of this run tells the simulator when it is done with a tick (POST /sim/ready):
 * only on the embedded simulator's virtual clock, never towards a RIT Client (`trade`).
 */
export function signalsVirtualClock(config: Pick<RunConfig, 'command' | 'sim'>): boolean {
  return config.command === 'default' && config.sim.clock === 'virtual';
}

/** The config with the API key replaced by ***, safe to log or print. */
export function maskConfig(c: RunConfig): RunConfig {
  return { ...c, apiKey: c.apiKey === null ? null : '***' };
}

/**
 * The poll delays as the engine's feeds take them: the resolved default and the per-ticker values
 * (one ticker's delay is market-data's pollDelayFor).
 */
export function feedPollDelays(c: RunConfig): Required<PollDelays> {
  return { defaultMs: c.pollDelayMs.default, perTicker: { ...c.pollDelayMs.byTicker } };
}
