// Flags `evaluate` and `tune` share: which case, on which clock, and the parse of argv itself.
import { parseArgs } from 'node:util';
import { DEFAULT_CASE, EvaluationError, caseSource } from '@ritc/evaluation';
import { CliError, SETTINGS, toSetting, toSimClock, type SimClock } from '@ritc/runner';
import { translateParseError } from './args';

type OptionSpec = { type: 'string' | 'boolean'; multiple?: boolean; short?: string };

export const CASE_FLAGS: Record<string, OptionSpec> = {
  case: { type: 'string' },
  clock: { type: 'string' },
  'min-tick-ms': { type: 'string' },
};

export const CASE_HELP = `  --case NAME|FILE            ${DEFAULT_CASE} (default: the simulator's default case, RITC 2020 ETF), a shipped
                              case (\`sim --list-cases\`), a case file, or a scenario file (overrides of the default)
  --clock wall|virtual        virtual (default): a tick ends once the bot is done with it (--tick-ms at most),
                              so a case runs as fast as the bot reacts; wall: a tick every --tick-ms
  --min-tick-ms MS            virtual clock: the shortest tick, ms (default ${SETTINGS.minTickMs.default})
`;

export interface CaseFlags {
  caseName: string;
  clock: SimClock;
  minTickMs: number | null;
}

/** --case, --clock and --min-tick-ms, checked now (a bad case fails before any case runs). */
export function caseFlags(
  values: Record<string, unknown>,
  tickMs: number,
  cwd: string,
  defaultClock: SimClock,
): CaseFlags {
  const s = (k: string) => (typeof values[k] === 'string' ? values[k] : undefined);
  const caseName = s('case') ?? DEFAULT_CASE;
  caseSource(caseName, cwd);
  const clock = s('clock') !== undefined ? toSimClock('--clock', s('clock')) : defaultClock;
  const rawMin = s('min-tick-ms');
  if (rawMin !== undefined && clock !== 'virtual') {
    throw new CliError('CLI_BAD_VALUE', '--min-tick-ms needs --clock virtual (the wall clock ticks every --tick-ms)');
  }
  const minTickMs = rawMin === undefined ? null : toSetting('minTickMs', '--min-tick-ms', rawMin);
  if (minTickMs !== null && minTickMs > tickMs) {
    throw new CliError('CLI_BAD_VALUE', `--min-tick-ms ${minTickMs} is above --tick-ms ${tickMs} (the longest tick)`);
  }
  return { caseName, clock, minTickMs };
}

/** node:util parseArgs with errors as CliErrors naming the flag. */
export function parseFlags(
  command: string,
  argv: string[],
  options: Record<string, OptionSpec>,
): Record<string, unknown> {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values;
  } catch (e) {
    throw translateParseError(e, command);
  }
}

/** Runs a parse step whose helpers (seeds, params, shard, search) throw EvaluationErrors, as CliErrors. */
export function asCliErrors<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof EvaluationError) throw new CliError('CLI_BAD_VALUE', e.message);
    throw e;
  }
}
