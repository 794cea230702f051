import type { StrategyContext } from './context';
import type { Source } from './intents';
import type { StrategyOutput } from './output';
import { DEFAULT_ARB_PARAMS, validateArbitrageParams, type ArbitrageParams } from './params/arbitrage';
import { DEFAULT_MM_PARAMS, validateMarketMakingParams, type MarketMakingParams } from './params/market-making';
import { DEFAULT_STAT_ARB_PARAMS, validateStatArbParams, type StatArbParams } from './params/stat-arb';
import { DEFAULT_TENDER_PARAMS, validateTenderParams, type TenderParams } from './params/tender';
import { makeMarkets } from './market-making/make-markets';
import { searchForArbitrage } from './arbitrage/search';
import { runTenderStrategy } from './tender/watch';
import { STAT_ARB_SOURCE, tradeStatArb } from './stat-arb/decide';

/**
 * The strategy registry: the one place that knows which strategies exist. The engine's decision
 * rounds, the worker pool and the CLI iterate it; adding a strategy means adding its entry here
 * (and writing its own files), nothing else.
 *
 * The three vocabularies meet here: the kind (`marketMaking`, the config and task key), the CLI
 * name (`mm`, for `--strategies` and `--param mm.size=…`) and the order source (`MARKET_MAKER`,
 * which its orders and positions are booked under).
 */
export const STRATEGY_CLI_NAMES = { marketMaking: 'mm', arbitrage: 'arb', tender: 'tender', statArb: 'stat' } as const;

/** A strategy's key in tasks, results, specs and config. */
export type StrategyKind = keyof typeof STRATEGY_CLI_NAMES;
/** A strategy's name on the command line and in config files. */
export type StrategyCliName = (typeof STRATEGY_CLI_NAMES)[StrategyKind];

/** What a strategy's context must hold beyond the common fields, and what makes it decide at once. */
export interface StrategyNeeds {
  /** Order-book depth of the ETF and its basket, read while a tender is on offer. */
  depth: boolean;
  /** The sampled mid/spread history (for calibration). */
  history: boolean;
  /** Decides as soon as a new tender is offered (the tender fast path), not only on its rounds. */
  tenders: boolean;
  /** Decides as soon as the touch of one of its legs (the ETF, its basket, the ETF's currency) moves. */
  legs: boolean;
}

export interface StrategyEntry<P = unknown> {
  kind: StrategyKind;
  cliName: StrategyCliName;
  /** The source its orders are sent and booked under; a strategy acts only on its own orders. */
  source: Source;
  needs: Readonly<StrategyNeeds>;
  /** Parameter defaults (what an empty `params` means). */
  defaults: Readonly<P>;
  /** Defaults merged with the overrides, checked; throws StrategyError STRAT_BAD_PARAM. */
  validate(params: unknown): P;
  /** One decision on a validated parameter set. */
  decide(ctx: StrategyContext, params: P): StrategyOutput<unknown>;
}

function entry<P>(e: StrategyEntry<P>): StrategyEntry<P> {
  return Object.freeze({ ...e, needs: Object.freeze({ ...e.needs }) });
}

const MARKET_MAKING: StrategyEntry<MarketMakingParams> = entry({
  kind: 'marketMaking',
  cliName: STRATEGY_CLI_NAMES.marketMaking,
  source: 'MARKET_MAKER',
  needs: { depth: false, history: false, tenders: false, legs: false },
  defaults: DEFAULT_MM_PARAMS,
  validate: validateMarketMakingParams,
  decide: makeMarkets,
});

const ARBITRAGE: StrategyEntry<ArbitrageParams> = entry({
  kind: 'arbitrage',
  cliName: STRATEGY_CLI_NAMES.arbitrage,
  source: 'ARBITRAGE',
  needs: { depth: false, history: true, tenders: false, legs: true },
  defaults: DEFAULT_ARB_PARAMS,
  validate: validateArbitrageParams,
  decide: searchForArbitrage,
});

const TENDER: StrategyEntry<TenderParams> = entry({
  kind: 'tender',
  cliName: STRATEGY_CLI_NAMES.tender,
  source: 'TENDER',
  needs: { depth: true, history: false, tenders: true, legs: false },
  defaults: DEFAULT_TENDER_PARAMS,
  validate: validateTenderParams,
  decide: runTenderStrategy,
});

const STAT_ARB: StrategyEntry<StatArbParams> = entry({
  kind: 'statArb',
  cliName: STRATEGY_CLI_NAMES.statArb,
  source: STAT_ARB_SOURCE,
  needs: { depth: false, history: false, tenders: false, legs: false },
  defaults: DEFAULT_STAT_ARB_PARAMS,
  validate: validateStatArbParams,
  decide: tradeStatArb,
});

/** Every strategy by kind. */
export const STRATEGIES: Readonly<Record<StrategyKind, StrategyEntry>> = Object.freeze({
  marketMaking: MARKET_MAKING,
  arbitrage: ARBITRAGE,
  tender: TENDER,
  statArb: STAT_ARB,
});

/** The kinds in their registry order (the CLI's default order of `--strategies`). */
export const STRATEGY_KINDS: readonly StrategyKind[] = Object.freeze(Object.keys(STRATEGY_CLI_NAMES) as StrategyKind[]);

/** The entries in registry order. */
export const STRATEGY_ENTRIES: readonly StrategyEntry[] = Object.freeze(STRATEGY_KINDS.map((k) => STRATEGIES[k]));

/** The entry of a kind, or undefined for a name that is not one (only own keys answer: no prototype lookups). */
export function strategyOf(kind: string): StrategyEntry | undefined {
  return Object.prototype.hasOwnProperty.call(STRATEGIES, kind) ? STRATEGIES[kind as StrategyKind] : undefined;
}

/** The entry of a CLI name (`mm`, `arb`, `tender`), or undefined. */
export function strategyByCliName(name: string): StrategyEntry | undefined {
  return STRATEGY_ENTRIES.find((e) => e.cliName === name);
}

/** Validates `ctx.params` and decides: what a worker thread runs for one task. */
export function decideWith(e: StrategyEntry, ctx: StrategyContext): StrategyOutput<unknown> {
  return e.decide(ctx, e.validate(ctx.params));
}
