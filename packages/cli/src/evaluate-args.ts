// `evaluate` flags → EvaluateSettings for @ritc/evaluation.
import * as path from 'node:path';
import {
  BOT_NAMES,
  EVALUATE_DEFAULTS,
  parseSeeds,
  parseShard,
  type BotName,
  type EvaluateSettings,
} from '@ritc/evaluation';
import {
  runFolderName,
  toInt,
  toPollDelay,
  toStrategies,
  Errors,
  CliError,
  STRATEGY_NAMES,
  type StrategyName,
} from '@ritc/runner';
import { CASE_FLAGS, CASE_HELP, asCliErrors, caseFlags, parseFlags } from './case-flags';

export const EVALUATE_HELP = `Usage: node dist/main.js evaluate [flags]

Trades one simulated case per seed with the engine and with three baselines on the same seeds
("nothing": never trades; "naive": accepts every tender within limits and unwinds it at once with
market orders; "reference": the simple public threshold bot — accepts every tender and holds it to
the close, trades RITC against BULL + BEAR in 5,000-share market orders when the edge on the touch
exceeds 0.07 CAD, never hedges or flattens), then prints and writes evaluate.json and evaluate.md:
per seed and in total, P&L total and by source, fees, rebates, fines, limit breaches, tenders and
their P&L, orders and 429s, with mean, standard deviation and t-statistic over seeds; each seed's
rank of every bot and the average rank (how RITC scores heats); and each bot's paired record
against each baseline (win rate, ratio of means, 95% paired-t and bootstrap intervals).

Flags:
  --seeds LIST                seeds, e.g. 1-20 or 1,3,5-8 (default ${EVALUATE_DEFAULTS.seeds})
${CASE_HELP}  --tick-ms MS                tick length, ms (default ${EVALUATE_DEFAULTS.tickMs}; the longest tick on the virtual clock)
  --ticks N                   ticks per case (default ${EVALUATE_DEFAULTS.ticks})
  --strategies LIST           the engine's strategies: ${STRATEGY_NAMES.join(',')} (default all)
  --poll-delay MS             the engine's poll delay, ms (default: the engine's)
  --bots LIST                 ${BOT_NAMES.join(',')} (default all)
  --out DIR                   output folder (default runs/evaluate-<timestamp>); one report per case under it
  --shard K/N                 run only the K-th of N slices of the cases; \`merge DIR…\` combines them
  --queue URL                 send the cases to a BullMQ queue (redis://HOST:PORT) run by \`worker\`s
  --heat                      each seed as one heat: the trading bots as traders of one simulator at once,
                              ranked against each other (not with --shard or --queue)
  --no-progress               no progress line on stderr
  -h, --help                  this help
`;

export type ParsedEvaluate = { help: true } | { help: false; settings: EvaluateSettings };

function toBots(label: string, v: string): BotName[] {
  const out: BotName[] = [];
  for (const s of v.split(',').map((x) => x.trim())) {
    if (!(BOT_NAMES as readonly string[]).includes(s))
      throw Errors.badValue(label, s, `one of ${BOT_NAMES.join(', ')}`);
    if (!out.includes(s as BotName)) out.push(s as BotName);
  }
  if (out.length === 0) throw Errors.badValue(label, v, `a list of ${BOT_NAMES.join(',')}`);
  return out;
}

export function parseEvaluateArgs(argv: string[], ctx: { cwd?: string; now?: Date } = {}): ParsedEvaluate {
  const values = parseFlags('evaluate', argv, {
    help: { type: 'boolean', short: 'h' },
    seeds: { type: 'string' },
    ...CASE_FLAGS,
    'tick-ms': { type: 'string' },
    ticks: { type: 'string' },
    strategies: { type: 'string' },
    'poll-delay': { type: 'string' },
    bots: { type: 'string' },
    out: { type: 'string' },
    'no-progress': { type: 'boolean' },
    shard: { type: 'string' },
    queue: { type: 'string' },
    heat: { type: 'boolean' },
  });
  if (values.help === true) return { help: true };
  const s = (k: string) => (typeof values[k] === 'string' ? values[k] : undefined);
  const cwd = ctx.cwd ?? process.cwd();
  const tickMs = s('tick-ms') !== undefined ? toInt('--tick-ms', s('tick-ms'), 1, 60_000) : EVALUATE_DEFAULTS.tickMs;
  const shardRaw = s('shard');
  if (values.heat === true && (shardRaw !== undefined || s('queue') !== undefined)) {
    throw new CliError(
      'CLI_BAD_VALUE',
      '--heat does not go with --shard or --queue (a heat runs its bots together, in one process)',
    );
  }
  const strategies: StrategyName[] =
    s('strategies') !== undefined ? toStrategies('--strategies', s('strategies')) : [...STRATEGY_NAMES];
  return {
    help: false,
    settings: {
      seeds: asCliErrors(() => parseSeeds(s('seeds') ?? EVALUATE_DEFAULTS.seeds)),
      ...caseFlags(values, tickMs, cwd, EVALUATE_DEFAULTS.clock),
      tickMs,
      ticks: s('ticks') !== undefined ? toInt('--ticks', s('ticks'), 10, 100_000) : EVALUATE_DEFAULTS.ticks,
      strategies,
      bots: s('bots') !== undefined ? toBots('--bots', s('bots')!) : [...BOT_NAMES],
      pollDelayMs: s('poll-delay') !== undefined ? toPollDelay('--poll-delay', s('poll-delay')) : null,
      out: path.resolve(cwd, s('out') ?? path.join('runs', `evaluate-${runFolderName(ctx.now ?? new Date())}`)),
      progress: values['no-progress'] !== true,
      shard: shardRaw === undefined ? null : asCliErrors(() => parseShard(shardRaw)),
      queue: s('queue') ?? null,
      heat: values.heat === true,
    },
  };
}
