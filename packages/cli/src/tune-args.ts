// `tune` flags → TuneSettings for @ritc/evaluation.
import * as path from 'node:path';
import {
  JOB_BOTS,
  TUNE_DEFAULTS,
  buildId,
  caseSettings,
  parseParams,
  parseSearch,
  parseSeeds,
  parseShard,
  validParamKeys,
  type TuneSettings,
} from '@ritc/evaluation';
import { runFolderName, toInt, CliError, Errors } from '@ritc/runner';
import { CASE_FLAGS, CASE_HELP, asCliErrors, caseFlags, parseFlags } from './case-flags';

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
${CASE_HELP}  --bot NAME                  ${JOB_BOTS.join(', ')} (default ${TUNE_DEFAULTS.bot})
  --ticks N                   ticks per case (default ${TUNE_DEFAULTS.ticks})
  --tick-ms MS                tick length, ms (default ${TUNE_DEFAULTS.tickMs}, the pace the engine trades at; faster
                              wall-clock ticks change its market making beyond the noise, see the README)
  --search grid|random        every grid point (default) or a seeded random sample of them
  --samples N                 random search: how many sets
  --search-seed S             random search: the RNG seed (default 1)
  --shard K/N                 run only the K-th of N slices of the jobs (combine with \`merge\`)
  --queue URL                 send the jobs to a BullMQ queue (redis://HOST:PORT); \`worker\`s run them
  --concurrency N             local run: cases at once in this process (default ${TUNE_DEFAULTS.concurrency})
  --attempts N                queue: tries per job before it is reported failed (default ${TUNE_DEFAULTS.attempts})
  --build ID                  the build the results belong to (default: RITC_BUILD, else the git commit)
  --out DIR                   output folder (default runs/tune-<timestamp>)
  --no-progress               no progress line on stderr
  --list-params               print the keys the bot accepts and exit
  -h, --help                  this help
`;

export type ParsedTune = { help: true } | { listParams: string } | { settings: TuneSettings };

export function parseTuneArgs(
  argv: string[],
  io: { cwd?: string; env?: NodeJS.ProcessEnv; now?: () => Date } = {},
): ParsedTune {
  const values = parseFlags('tune', argv, {
    help: { type: 'boolean', short: 'h' },
    param: { type: 'string', multiple: true },
    seeds: { type: 'string' },
    ...CASE_FLAGS,
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
  const str = (k: string) => (typeof values[k] === 'string' ? values[k] : undefined);
  const bot = str('bot') ?? TUNE_DEFAULTS.bot;
  if (!(JOB_BOTS as readonly string[]).includes(bot)) throw Errors.badValue('--bot', bot, JOB_BOTS.join(', '));
  if (values['list-params'] === true) {
    const keys = validParamKeys(bot);
    return { listParams: keys.length === 0 ? `the ${bot} bot takes no parameters\n` : `${keys.join('\n')}\n` };
  }
  const specs = Array.isArray(values.param) ? values.param.filter((p): p is string => typeof p === 'string') : [];
  const axes = asCliErrors(() => parseParams(specs));
  // Every value of every axis checked now, so a typo fails before any case runs.
  for (const a of axes) for (const v of a.values) caseSettings(bot, { [a.key]: v });
  const ticksRaw = str('ticks');
  const tickMsRaw = str('tick-ms');
  const tickMs = tickMsRaw === undefined ? TUNE_DEFAULTS.tickMs : toInt('--tick-ms', tickMsRaw, 1, 60_000);
  const concurrencyRaw = str('concurrency');
  const attemptsRaw = str('attempts');
  const shardRaw = str('shard');
  const queue = str('queue') ?? null;
  if (queue !== null && shardRaw !== undefined) {
    throw new CliError('CLI_BAD_VALUE', '--shard and --queue do not go together (the queue already spreads the jobs)');
  }
  const cwd = io.cwd ?? process.cwd();
  const now = io.now?.() ?? new Date();
  return {
    settings: {
      axes,
      seeds: asCliErrors(() => parseSeeds(str('seeds') ?? TUNE_DEFAULTS.seeds)),
      ...caseFlags(values, tickMs, cwd, TUNE_DEFAULTS.clock),
      bot,
      ticks: ticksRaw === undefined ? TUNE_DEFAULTS.ticks : toInt('--ticks', ticksRaw, 10, 100_000),
      tickMs,
      search: asCliErrors(() => parseSearch(str('search'), str('samples'), str('search-seed'))),
      shard: shardRaw === undefined ? null : asCliErrors(() => parseShard(shardRaw)),
      queue,
      concurrency:
        concurrencyRaw === undefined ? TUNE_DEFAULTS.concurrency : toInt('--concurrency', concurrencyRaw, 1, 64),
      attempts: attemptsRaw === undefined ? TUNE_DEFAULTS.attempts : toInt('--attempts', attemptsRaw, 1, 100),
      build: buildId({ flag: str('build'), env: io.env }),
      out: path.resolve(cwd, str('out') ?? path.join('runs', `tune-${runFolderName(now)}`)),
      progress: values['no-progress'] !== true,
    },
  };
}
