/**
 * `main tune`, `main worker` and `main merge`: they parse flags and call @ritc/evaluation (the sweep,
 * the queue worker, the merge of shard outputs), with the case job of ./case-job as the job function.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { EvaluationError } from '../errors';
import { mergeOutputs, parseShard, type Shard } from '../shard';
import { parseParams, parseSearch, parseSeeds, sweepJobs, type ParamAxis } from '../sweep';
import { parseWorkerArgs } from '../worker-main';
import { runSweep, type SweepRunner } from '../tune';
import { startWorker } from '../queue';
import { writeTuneReports, type TuneDocument } from '../report';
import { runFolderName, toInt, CliError, Errors, isCliError } from '@ritc/runner';
import { buildId } from './build-id';
import {
  DEFAULT_CASE,
  JOB_BOTS,
  JOB_MODULE,
  caseKey,
  caseScenario,
  caseSettings,
  makeCaseJob,
  validParamKeys,
} from './case-job';
import { EVALUATE_JOBS_FILE, mergeEvaluateOutputs } from './evaluate-jobs';

export const TUNE_DEFAULTS = { seeds: '1-20', bot: 'engine', ticks: 300, tickMs: 200, concurrency: 1 } as const;

export interface CommandIo {
  stdout?: { write(s: string): unknown };
  stderr?: { write(s: string): unknown; isTTY?: boolean };
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  now?: () => Date;
}

export const TUNE_HELP = `Usage: node dist/main.js tune --param KEY=V1,V2 [--param KEY=LO:HI:STEP]… [flags]

Evaluates every parameter set (and the defaults) on the same seeds — the simulator's agents draw
from per-agent seeded streams, so every set meets the same market — ranks the sets by mean P&L
and by RITC's rank criterion (each seed's sets ranked by P&L, ranks averaged), compares the best
set with the defaults (paired by seed, 95% t and bootstrap intervals), and tabulates each
parameter's sensitivity. Writes tune.json (every job), tune.md and tune.html (a chart per
parameter) in --out and prints tune.md.

Flags:
  --param KEY=V1,V2,…         a list of values (numbers, true/false, strings); repeatable
  --param KEY=LO:HI:STEP      an inclusive numeric range
                              keys: mm.*, arb.*, tender.* (the engine's strategy parameters),
                              engine.strategies, engine.riskAversion, engine.pollDelayMs
  --seeds LIST                seeds, e.g. 1-40 or 1,3,5-8 (default ${TUNE_DEFAULTS.seeds})
  --case NAME                 ${DEFAULT_CASE} (default) or a simulator scenario JSON file
  --bot NAME                  ${JOB_BOTS.join(', ')} (default ${TUNE_DEFAULTS.bot})
  --ticks N                   ticks per case (default ${TUNE_DEFAULTS.ticks})
  --tick-ms MS                tick length, ms (default ${TUNE_DEFAULTS.tickMs}, the pace the engine trades at; faster
                              ticks change its market making beyond the noise, see the README)
  --search grid|random        every grid point (default) or a seeded random sample of them
  --samples N                 random search: how many sets
  --search-seed S             random search: the RNG seed (default 1)
  --shard K/N                 run only the K-th of N slices of the jobs (combine with \`merge\`)
  --queue URL                 send the jobs to a BullMQ queue (redis://HOST:PORT); \`worker\`s run them
  --concurrency N             local run: cases at once in this process (default ${TUNE_DEFAULTS.concurrency})
  --attempts N                queue: tries per job before it is reported failed (default 2)
  --build ID                  the build the results belong to (default: RITC_BUILD, else the git commit)
  --out DIR                   output folder (default runs/tune-<timestamp>)
  --no-progress               no progress line on stderr
  --list-params               print the keys the bot accepts and exit
  -h, --help                  this help
`;

export const WORKER_HELP = `Usage: node dist/main.js worker --queue redis://HOST:PORT [flags]

Runs the jobs of every sweep submitted to the queue (by \`tune --queue\` or \`evaluate --queue\`), on
this machine, until SIGINT or SIGTERM (then it finishes its running jobs and exits). Each job runs
in a child process. Start one per machine with --concurrency about the number of cores, or several.

Flags:
  --queue URL                 redis://[user:password@]HOST:PORT[/DB] or redis+unix:///path/to/socket
  --concurrency N             jobs at once (default 1)
  --job-module PATH           the module that runs a case (default dist/evaluation-job.js)
  --queue-name NAME           serve only this queue (repeatable; default every sweep queue)
  --lock-ms MS                how long a dead worker's job stays locked (default 30000)
  --stalled-ms MS             how often stalled jobs are looked for (default 30000)
  -h, --help                  this help
`;

export const MERGE_HELP = `Usage: node dist/main.js merge DIR… [--out DIR]

Combines the outputs of \`tune --shard K/N\` (tune.json) or \`evaluate --shard K/N\`
(${EVALUATE_JOBS_FILE}) into one report, each job once; refuses outputs of different builds.

Flags:
  --out DIR                   output folder (default runs/merge-<timestamp>)
  -h, --help                  this help
`;

/** User mistakes surface as one line: EvaluationError and CliError alike. */
function userError(e: unknown): string | null {
  if (isCliError(e) || e instanceof EvaluationError) return e.message;
  return null;
}

async function guarded(io: CommandIo, body: () => Promise<number> | number): Promise<number> {
  try {
    return await body();
  } catch (e) {
    const msg = userError(e);
    if (msg === null) throw e;
    (io.stderr ?? process.stderr).write(`error: ${msg}\n`);
    return 2;
  }
}

function parseFlags(
  command: string,
  argv: string[],
  options: NonNullable<Parameters<typeof parseArgs>[0]>['options'],
  positionals = false,
): { values: Record<string, unknown>; positionals: string[] } {
  try {
    const r = parseArgs({ args: argv, strict: true, allowPositionals: positionals, options });
    return { values: r.values, positionals: r.positionals };
  } catch (e) {
    const msg = (e as Error).message;
    const code = (e as { code?: string }).code;
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw Errors.unknownFlag(/'(-[^' ]+)/.exec(msg)?.[1] ?? msg, command);
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL')
      throw Errors.unexpectedArgument(/'([^']+)'/.exec(msg)?.[1] ?? msg, command);
    throw new CliError('CLI_BAD_VALUE', msg.split('\n')[0] ?? msg);
  }
}

const str = (values: Record<string, unknown>, k: string): string | undefined => {
  const v = values[k];
  return typeof v === 'string' ? v : undefined;
};

export interface TuneSettings {
  axes: ParamAxis[];
  seeds: number[];
  caseName: string;
  bot: string;
  ticks: number;
  tickMs: number;
  search: ReturnType<typeof parseSearch>;
  shard: Shard | null;
  queue: string | null;
  concurrency: number;
  attempts: number;
  build: string;
  out: string;
  progress: boolean;
}

export type ParsedTune = { help: true } | { listParams: string } | { settings: TuneSettings };

export function parseTuneArgs(argv: string[], io: CommandIo = {}): ParsedTune {
  const { values } = parseFlags('tune', argv, {
    help: { type: 'boolean', short: 'h' },
    param: { type: 'string', multiple: true },
    seeds: { type: 'string' },
    case: { type: 'string' },
    bot: { type: 'string' },
    ticks: { type: 'string' },
    'tick-ms': { type: 'string' },
    search: { type: 'string' },
    samples: { type: 'string' },
    'search-seed': { type: 'string' },
    shard: { type: 'string' },
    queue: { type: 'string' },
    concurrency: { type: 'string' },
    attempts: { type: 'string' },
    build: { type: 'string' },
    out: { type: 'string' },
    'no-progress': { type: 'boolean' },
    'list-params': { type: 'boolean' },
  });
  if (values.help === true) return { help: true };
  const bot = str(values, 'bot') ?? TUNE_DEFAULTS.bot;
  if (!(JOB_BOTS as readonly string[]).includes(bot)) throw Errors.badValue('--bot', bot, JOB_BOTS.join(', '));
  if (values['list-params'] === true) {
    const keys = validParamKeys(bot);
    return { listParams: keys.length === 0 ? `the ${bot} bot takes no parameters\n` : `${keys.join('\n')}\n` };
  }
  const specs = Array.isArray(values.param) ? values.param.filter((p): p is string => typeof p === 'string') : [];
  const axes = parseParams(specs);
  // Every value of every axis checked now, so a typo fails before any case runs.
  for (const a of axes) for (const v of a.values) caseSettings(bot, { [a.key]: v });
  const caseName = str(values, 'case') ?? DEFAULT_CASE;
  caseScenario(caseName, io.cwd);
  const ticksRaw = str(values, 'ticks');
  const tickMsRaw = str(values, 'tick-ms');
  const concurrencyRaw = str(values, 'concurrency');
  const attemptsRaw = str(values, 'attempts');
  const shardRaw = str(values, 'shard');
  const queue = str(values, 'queue') ?? null;
  if (queue !== null && shardRaw !== undefined) {
    throw new CliError('CLI_BAD_VALUE', '--shard and --queue do not go together (the queue already spreads the jobs)');
  }
  const cwd = io.cwd ?? process.cwd();
  const now = io.now?.() ?? new Date();
  return {
    settings: {
      axes,
      seeds: parseSeeds(str(values, 'seeds') ?? TUNE_DEFAULTS.seeds),
      caseName,
      bot,
      ticks: ticksRaw === undefined ? TUNE_DEFAULTS.ticks : toInt('--ticks', ticksRaw, 10, 100_000),
      tickMs: tickMsRaw === undefined ? TUNE_DEFAULTS.tickMs : toInt('--tick-ms', tickMsRaw, 1, 60_000),
      search: parseSearch(str(values, 'search'), str(values, 'samples'), str(values, 'search-seed')),
      shard: shardRaw === undefined ? null : parseShard(shardRaw),
      queue,
      concurrency:
        concurrencyRaw === undefined ? TUNE_DEFAULTS.concurrency : toInt('--concurrency', concurrencyRaw, 1, 64),
      attempts: attemptsRaw === undefined ? 2 : toInt('--attempts', attemptsRaw, 1, 100),
      build: buildId({ flag: str(values, 'build'), env: io.env }),
      out: path.resolve(cwd, str(values, 'out') ?? path.join('runs', `tune-${runFolderName(now)}`)),
      progress: values['no-progress'] !== true,
    },
  };
}

/** `main tune [flags]` → 0 = every job ran, 1 = some failed, 2 = usage. */
export function tuneMain(argv: string[], io: CommandIo = {}): Promise<number> {
  return guarded(io, async () => {
    const out = io.stdout ?? process.stdout;
    const parsed = parseTuneArgs(argv, io);
    if ('help' in parsed) {
      out.write(TUNE_HELP);
      return 0;
    }
    if ('listParams' in parsed) {
      out.write(parsed.listParams);
      return 0;
    }
    const s = parsed.settings;
    const jobs = sweepJobs({
      bot: s.bot,
      case: caseKey({ name: s.caseName, ticks: s.ticks, tickMs: s.tickMs }),
      build: s.build,
      axes: s.axes,
      seeds: s.seeds,
      search: s.search,
    });
    const runner: SweepRunner =
      s.queue === null
        ? { kind: 'local', fn: makeCaseJob(io.cwd === undefined ? {} : { cwd: io.cwd }), concurrency: s.concurrency }
        : { kind: 'queue', url: s.queue, jobModule: JOB_MODULE, attempts: s.attempts };
    const stderr = io.stderr ?? process.stderr;
    const outcome = await runSweep({
      jobs,
      runner,
      outDir: s.out,
      build: s.build,
      ...(s.shard === null ? {} : { shard: s.shard }),
      sweep: { axes: s.axes, seeds: s.seeds, search: s.search },
      progress: s.progress ? { stream: stderr } : false,
      machine: { case: caseKey({ name: s.caseName, ticks: s.ticks, tickMs: s.tickMs }), bot: s.bot },
    });
    out.write(`${fs.readFileSync(outcome.md, 'utf8')}\nWritten: ${outcome.json}, ${outcome.md}, ${outcome.html}\n`);
    return outcome.results.every((r) => r.ok) ? 0 : 1;
  });
}

/** `main worker --queue URL [flags]`: serves the queue until SIGINT/SIGTERM. */
export function workerMain(
  argv: string[],
  io: CommandIo & { signals?: Pick<NodeJS.Process, 'once'> } = {},
): Promise<number> {
  return guarded(io, async () => {
    const out = io.stdout ?? process.stdout;
    const err = io.stderr ?? process.stderr;
    if (argv.includes('--help') || argv.includes('-h')) {
      out.write(WORKER_HELP);
      return 0;
    }
    const opts = parseWorkerArgs(argv);
    const log = (line: string) => err.write(`worker: ${line}\n`);
    const w = await startWorker({ jobModule: JOB_MODULE, ...opts, log });
    out.write(`worker ready ${w.name}\n`);
    const signals = io.signals ?? process;
    await new Promise<void>((resolve) => {
      signals.once('SIGINT', () => resolve());
      signals.once('SIGTERM', () => resolve());
    });
    log('stopping after the running jobs');
    await w.close();
    return 0;
  });
}

/** `main merge DIR… [--out DIR]`. */
export function mergeMain(argv: string[], io: CommandIo = {}): Promise<number> {
  return guarded(io, () => {
    const out = io.stdout ?? process.stdout;
    const { values, positionals } = parseFlags(
      'merge',
      argv,
      { help: { type: 'boolean', short: 'h' }, out: { type: 'string' } },
      true,
    );
    if (values.help === true) {
      out.write(MERGE_HELP);
      return 0;
    }
    if (positionals.length === 0)
      throw new CliError('CLI_BAD_VALUE', 'merge needs output folders (see `merge --help`)');
    const cwd = io.cwd ?? process.cwd();
    const dirs = positionals.map((p) => path.resolve(cwd, p));
    const outDir = path.resolve(
      cwd,
      str(values, 'out') ?? path.join('runs', `merge-${runFolderName(io.now?.() ?? new Date())}`),
    );
    const evaluate = dirs.filter((d) => fs.existsSync(path.join(d, EVALUATE_JOBS_FILE)));
    if (evaluate.length > 0) {
      if (evaluate.length !== dirs.length) {
        throw new CliError('CLI_BAD_VALUE', 'merge: cannot mix evaluate outputs with tune outputs');
      }
      return mergeEvaluateOutputs(dirs, outDir, out);
    }
    const { build, jobs } = mergeOutputs(dirs);
    const first = readSweep(dirs[0]);
    const written = writeTuneReports(outDir, jobs, { build, shard: null, sweep: first });
    out.write(`${fs.readFileSync(written.md, 'utf8')}\nWritten: ${written.json}, ${written.md}, ${written.html}\n`);
    return jobs.every((j) => j.ok) ? 0 : 1;
  });
}

/** The sweep a tune output describes (its axes give the sensitivity tables their value order). */
function readSweep(dir: string | undefined): TuneDocument['sweep'] {
  if (dir === undefined) return null;
  try {
    const doc = JSON.parse(fs.readFileSync(path.join(dir, 'tune.json'), 'utf8')) as Partial<TuneDocument>;
    return doc.sweep ?? null;
  } catch {
    // mergeOutputs has read this file already; a sweep that cannot be read only loses the value order.
    return null;
  }
}
