import * as path from 'node:path';
import { parseArgs } from 'node:util';
import {
  runFolderName,
  toInt,
  toPollDelay,
  toStrategies,
  type StrategyName,
  STRATEGY_NAMES,
  CliError,
  Errors,
} from '@ritc/runner';
import { parseShard, type Shard } from '../shard';
import { parseSeeds } from './seeds';

export const BOT_NAMES = ['engine', 'reference', 'naive', 'nothing'] as const;
export type BotName = (typeof BOT_NAMES)[number];
/** The baselines every bot is compared with. */
export const BASELINES: readonly BotName[] = ['reference', 'naive', 'nothing'];

export interface EvaluateSettings {
  seeds: number[];
  tickMs: number;
  ticks: number;
  strategies: StrategyName[];
  bots: BotName[];
  pollDelayMs: number | null;
  /** Output folder (absolute). */
  out: string;
  progress: boolean;
  /** Run only this slice of the cases (combine the outputs with \`merge\`). */
  shard: Shard | null;
  /** Send the cases to this BullMQ queue (redis://HOST:PORT) for \`worker\`s to run. */
  queue: string | null;
}

export const EVALUATE_DEFAULTS = { seeds: '1-20', tickMs: 50, ticks: 300 } as const;

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
  --tick-ms MS                tick length, ms (default ${EVALUATE_DEFAULTS.tickMs})
  --ticks N                   ticks per case (default ${EVALUATE_DEFAULTS.ticks})
  --strategies LIST           the engine's strategies: ${STRATEGY_NAMES.join(',')} (default all)
  --poll-delay MS             the engine's poll delay, ms (default: the engine's)
  --bots LIST                 ${BOT_NAMES.join(',')} (default all)
  --out DIR                   output folder (default runs/evaluate-<timestamp>); one report per case under it
  --shard K/N                 run only the K-th of N slices of the cases; \`merge DIR…\` combines them
  --queue URL                 send the cases to a BullMQ queue (redis://HOST:PORT) run by \`worker\`s
  --no-progress               no progress line on stderr
  -h, --help                  this help
`;

function toShard(v: string | undefined): Shard | null {
  if (v === undefined) return null;
  try {
    return parseShard(v);
  } catch {
    throw Errors.badValue('--shard', v, 'K/N with 1 ≤ K ≤ N, e.g. 1/4');
  }
}

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
  let values: Record<string, unknown>;
  try {
    values = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        help: { type: 'boolean', short: 'h' },
        seeds: { type: 'string' },
        'tick-ms': { type: 'string' },
        ticks: { type: 'string' },
        strategies: { type: 'string' },
        'poll-delay': { type: 'string' },
        bots: { type: 'string' },
        out: { type: 'string' },
        'no-progress': { type: 'boolean' },
        shard: { type: 'string' },
        queue: { type: 'string' },
      },
    }).values;
  } catch (e) {
    const msg = (e as Error).message;
    const code = (e as { code?: string }).code;
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION')
      throw Errors.unknownFlag(/'(-[^' ]+)/.exec(msg)?.[1] ?? msg, 'evaluate');
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL')
      throw Errors.unexpectedArgument(/'([^']+)'/.exec(msg)?.[1] ?? msg, 'evaluate');
    throw new CliError('CLI_BAD_VALUE', msg);
  }
  if (values.help === true) return { help: true };
  const s = (k: string) => (typeof values[k] === 'string' ? values[k] : undefined);
  const cwd = ctx.cwd ?? process.cwd();
  return {
    help: false,
    settings: {
      seeds: parseSeeds('--seeds', s('seeds') ?? EVALUATE_DEFAULTS.seeds),
      tickMs: s('tick-ms') !== undefined ? toInt('--tick-ms', s('tick-ms'), 1, 60_000) : EVALUATE_DEFAULTS.tickMs,
      ticks: s('ticks') !== undefined ? toInt('--ticks', s('ticks'), 10, 100_000) : EVALUATE_DEFAULTS.ticks,
      strategies: s('strategies') !== undefined ? toStrategies('--strategies', s('strategies')) : [...STRATEGY_NAMES],
      bots: s('bots') !== undefined ? toBots('--bots', s('bots')!) : [...BOT_NAMES],
      pollDelayMs: s('poll-delay') !== undefined ? toPollDelay('--poll-delay', s('poll-delay')) : null,
      out: path.resolve(cwd, s('out') ?? path.join('runs', `evaluate-${runFolderName(ctx.now ?? new Date())}`)),
      progress: values['no-progress'] !== true,
      shard: toShard(s('shard')),
      queue: s('queue') ?? null,
    },
  };
}
