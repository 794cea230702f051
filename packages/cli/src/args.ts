import * as path from 'node:path';
import { parseArgs } from 'node:util';
import {
  bareRecord,
  loadConfigFile,
  parseParamFlag,
  resolveConfig,
  toApiUrl,
  toLogLevel,
  toNonEmptyString,
  toPollDelay,
  toSetting,
  toSimClock,
  toStrategies,
  toTicker,
  DEFAULTS,
  LOG_LEVELS,
  STRATEGY_NAMES,
  type ConfigInput,
  type ParamValue,
  type RunConfig,
  type StrategyName,
  CliError,
  Errors,
  flagName,
  ENGINE_SETTINGS,
  SETTINGS,
} from '@ritc/runner';

export type RunCommand = 'default' | 'trade';

type OptionSpec = { type: 'string' | 'boolean'; multiple?: boolean; short?: string };

const COMMON: Record<string, OptionSpec> = {
  help: { type: 'boolean', short: 'h' },
  config: { type: 'string' },
  'poll-delay': { type: 'string', multiple: true },
  strategies: { type: 'string' },
  'risk-aversion': { type: 'string' },
  param: { type: 'string', multiple: true },
  'log-level': { type: 'string' },
  'log-file': { type: 'string' },
  'report-dir': { type: 'string' },
  profile: { type: 'string' },
  'profile-interval-us': { type: 'string' },
  'no-dashboard': { type: 'boolean' },
  ...Object.fromEntries(ENGINE_SETTINGS.map((k) => [flagName(k), { type: 'string' }])),
};
const SIM_FLAGS: Record<string, OptionSpec> = {
  seed: { type: 'string' },
  'tick-ms': { type: 'string' },
  ticks: { type: 'string' },
  case: { type: 'string' },
  clock: { type: 'string' },
  'min-tick-ms': { type: 'string' },
};
const API_FLAGS: Record<string, OptionSpec> = {
  'api-url': { type: 'string' },
  'api-key': { type: 'string' },
};

export const OPTIONS: Record<RunCommand, Record<string, OptionSpec>> = {
  default: { ...COMMON, ...SIM_FLAGS },
  trade: { ...COMMON, ...API_FLAGS },
};

const COMMON_HELP = `  --poll-delay MS             pause between polls of each security, ms (default ${DEFAULTS.pollDelayMs})
  --poll-delay TICKER=MS      per-security pause, e.g. --poll-delay RITC=2 (repeatable)
  --strategies LIST           comma-separated: ${STRATEGY_NAMES.join(',')} (default all)
  --risk-aversion P           loss-tail probability of the market maker, 0<P<0.5 (default ${DEFAULTS.riskAversion})
  --param S.NAME=VALUE        strategy parameter, e.g. --param mm.size=1000 (repeatable)
  --config FILE               JSON config file; flags override it (keys: see README)
  --log-level LEVEL           ${LOG_LEVELS.join('|')} (default ${DEFAULTS.logLevel})
  --log-file FILE             JSON-lines log (default <report-dir>/${DEFAULTS.logFileName})
  --report-dir DIR            summary.json, events.jsonl, report.html (default runs/<timestamp>)
  --profile DIR               write a .cpuprofile per thread and threads.json to DIR
  --profile-interval-us US    CPU profiler sampling interval (default ${DEFAULTS.profileIntervalUs})
  --no-dashboard              no live dashboard (it is off anyway when stdout is not a terminal)
  --exchange-outage-ms MS     no answer from the exchange this long ends the run (default ${SETTINGS.exchangeOutageMs.default})
  --outage-backoff-base-ms MS first retry pause in an outage, doubling (default ${SETTINGS.outageBackoffBaseMs.default})
  --outage-backoff-max-ms MS  longest retry pause in an outage (default ${SETTINGS.outageBackoffMaxMs.default})
  --outage-log-every-ms MS    one outage warning per this long (default ${SETTINGS.outageLogEveryMs.default})
  --max-ticker-hold-ms MS     longest wait the exchange may impose on a ticker's orders (default ${SETTINGS.maxTickerHoldMs.default})
  -h, --help                  this help

Exit codes:
  0    the case ended (report written)
  1    the engine failed (a bug: run with --log-level debug for the stack trace)
  2    bad flags or configuration, or the exchange refused the API key
  3    the exchange was lost: no answer for --exchange-outage-ms, or unreachable at start
  130  interrupted by Ctrl-C / SIGTERM (orders cancelled, report written)
`;

export const HELP: Record<RunCommand, string> = {
  default: `Usage: node dist/main.js [flags]

Starts the embedded RIT-compatible simulator, trades one case on it, writes a report, prints a summary.

Simulator flags:
  --seed N                    market seed (default ${DEFAULTS.seed})
  --tick-ms MS                length of one tick, ms (default ${DEFAULTS.tickMs}: a 300-tick case lasts a minute)
  --ticks N                   ticks in the case (default ${DEFAULTS.ticks}; with --case, the case's own)
  --case NAME|FILE            the simulator's case: a shipped case or a case file (default ritc-2020-etf)
  --clock wall|virtual        wall (default): a tick every --tick-ms; virtual: a tick ends once the engine
                              is done with it (--tick-ms at most), a simulator extension RIT does not have
  --min-tick-ms MS            virtual clock: the shortest tick, ms (default ${SETTINGS.minTickMs.default})
  --list-cases                print the simulator's shipped cases, one line each, and exit

Trading flags:
${COMMON_HELP}`,
  trade: `Usage: node dist/main.js trade --api-url URL [--api-key KEY] [flags]

Trades a running RIT Client (or a simulator started with \`sim\`) until the case ends or Ctrl-C.

Connection flags:
  --api-url URL               RIT Client REST API, e.g. http://localhost:9999/v1
  --api-key KEY               X-API-Key (or set RIT_API_KEY); never printed

Trading flags:
${COMMON_HELP}`,
};

export type ParsedArgs = { help: true } | { help: false; config: RunConfig };

export interface ParseContext {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  now?: Date;
}

/** Turns node:util parseArgs errors into CliErrors that name the flag. */
export function translateParseError(e: unknown, command: string): CliError {
  const err = e as { code?: string; message?: string };
  const msg = err.message ?? String(e);
  const flag = /'(-[^' ]+)/.exec(msg)?.[1];
  switch (err.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return Errors.unknownFlag(flag ?? msg, command === 'default' ? 'main' : command);
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return Errors.unexpectedArgument(/'([^']+)'/.exec(msg)?.[1] ?? msg, command);
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return new CliError(flag && /argument missing/.test(msg) ? 'CLI_MISSING_VALUE' : 'CLI_BAD_VALUE', msg);
    default:
      return new CliError('CLI_BAD_VALUE', msg);
  }
}

/** The last value of a string flag (a repeated single-valued flag: the last one wins, as usual). */
export function one(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** Converts raw flag strings into a validated ConfigInput. */
export function flagsToInput(values: Record<string, unknown>): ConfigInput {
  const input: ConfigInput = {};
  const s = (k: string) => one(values[k]);
  if (s('api-url') !== undefined) input.apiUrl = toApiUrl('--api-url', s('api-url'));
  if (s('api-key') !== undefined) input.apiKey = toNonEmptyString('--api-key', s('api-key'), 'a non-empty key');
  if (s('seed') !== undefined) input.seed = toSetting('seed', '--seed', s('seed'));
  if (s('tick-ms') !== undefined) input.tickMs = toSetting('tickMs', '--tick-ms', s('tick-ms'));
  if (s('ticks') !== undefined) input.ticks = toSetting('ticks', '--ticks', s('ticks'));
  if (s('case') !== undefined) input.case = toNonEmptyString('--case', s('case'), 'a case name or file');
  if (s('clock') !== undefined) input.clock = toSimClock('--clock', s('clock'));
  if (s('min-tick-ms') !== undefined) input.minTickMs = toSetting('minTickMs', '--min-tick-ms', s('min-tick-ms'));
  if (s('strategies') !== undefined) input.strategies = toStrategies('--strategies', s('strategies'));
  if (s('risk-aversion') !== undefined)
    input.riskAversion = toSetting('riskAversion', '--risk-aversion', s('risk-aversion'));
  if (s('log-level') !== undefined) input.logLevel = toLogLevel('--log-level', s('log-level'));
  if (s('log-file') !== undefined) input.logFile = toNonEmptyString('--log-file', s('log-file'), 'a file path');
  if (s('report-dir') !== undefined) input.reportDir = toNonEmptyString('--report-dir', s('report-dir'), 'a directory');
  if (s('profile') !== undefined) input.profile = toNonEmptyString('--profile', s('profile'), 'a directory');
  if (s('profile-interval-us') !== undefined) {
    input.profileIntervalUs = toSetting('profileIntervalUs', '--profile-interval-us', s('profile-interval-us'));
  }
  for (const k of ENGINE_SETTINGS) {
    const raw = s(flagName(k));
    if (raw !== undefined) input[k] = toSetting(k, SETTINGS[k].flag, raw);
  }
  if (values['no-dashboard'] === true) input.dashboard = false;

  const polls = values['poll-delay'] as string[] | undefined;
  if (polls && polls.length > 0) {
    const pd = bareRecord<number>();
    for (const raw of polls) {
      const eq = raw.indexOf('=');
      if (eq < 0) {
        pd.default = toPollDelay('--poll-delay', raw);
      } else {
        const ticker = toTicker('--poll-delay', raw.slice(0, eq));
        pd[ticker] = toPollDelay(`--poll-delay ${ticker}`, raw.slice(eq + 1));
      }
    }
    input.pollDelay = pd;
  }

  const params = values.param as string[] | undefined;
  if (params && params.length > 0) {
    const out: Partial<Record<StrategyName, Record<string, ParamValue>>> = {};
    for (const raw of params) {
      const p = parseParamFlag('--param', raw);
      (out[p.strategy] ??= bareRecord<ParamValue>())[p.key] = p.value;
    }
    input.params = out;
  }
  return input;
}

/**
 * Parses the flags of `default` (no sub-command) or `trade` into a validated RunConfig.
 * Throws CliError naming the flag (or config key) at fault.
 */
export function parseRunArgs(command: RunCommand, argv: string[], ctx: ParseContext = {}): ParsedArgs {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS[command], strict: true, allowPositionals: false });
  } catch (e) {
    throw translateParseError(e, command);
  }
  const values = parsed.values as Record<string, unknown>;
  if (values.help === true) return { help: true };
  const flags = flagsToInput(values);
  const configArg = one(values.config);
  const configFile = configArg !== undefined ? path.resolve(ctx.cwd ?? process.cwd(), configArg) : null;
  const file = configFile !== null ? loadConfigFile(configFile) : undefined;
  const config = resolveConfig({
    command,
    file,
    flags,
    env: ctx.env ?? process.env,
    cwd: ctx.cwd,
    now: ctx.now,
    configFile,
  });
  return { help: false, config };
}
