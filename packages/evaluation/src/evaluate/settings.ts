// The typed settings of an evaluation; the CLI parses the flags into them.
import type { SimClock, StrategyName } from '@ritc/runner';
import type { Shard } from '../shard';

export const BOT_NAMES = ['engine', 'reference', 'naive', 'nothing'] as const;
export type BotName = (typeof BOT_NAMES)[number];
/** The baselines every bot is compared with. */
export const BASELINES: readonly BotName[] = ['reference', 'naive', 'nothing'];

export interface EvaluateSettings {
  seeds: number[];
  /** The case (see case-source: ritc-2020, a shipped case, a case or scenario file). */
  caseName: string;
  tickMs: number;
  ticks: number;
  /** wall: a tick every tickMs; virtual: a tick ends once the bot is done with it (tickMs at most). */
  clock: SimClock;
  /** Virtual clock: the shortest tick, ms; null = the simulator's default. */
  minTickMs: number | null;
  strategies: StrategyName[];
  bots: BotName[];
  pollDelayMs: number | null;
  /** Output folder (absolute). */
  out: string;
  progress: boolean;
  /** Run only this slice of the cases (combine the outputs with `merge`). */
  shard: Shard | null;
  /** Send the cases to this BullMQ queue (redis://HOST:PORT) for `worker`s to run. */
  queue: string | null;
  /** Each seed as one heat: the trading bots as traders of one simulator, ranked against each other. */
  heat: boolean;
}

/**
 * 200 ms ticks on the virtual clock: the statistics (P&L in total and by strategy) match 200 ms
 * wall-clock ticks within the noise while a case runs several times faster; faster wall-clock
 * ticks change the engine's market making beyond the noise (`--clock wall` keeps them available).
 */
export const EVALUATE_DEFAULTS = { seeds: '1-20', tickMs: 200, ticks: 300, clock: 'virtual' } as const;
