import { StrategyError } from '../errors';
import { validateParams, type ParamSpecs } from './validate';

/**
 * How a statistical-arbitrage leg is worked: 'passive' posts inside the touch (earns the rebate, fills
 * on the noise flow), 'cross' takes the opposite touch (pays the fee and half the spread, fills now).
 */
export type StatArbExecution = 'passive' | 'cross';

/**
 * Statistical arbitrage on stocks that move with one index through known betas (log price = constant
 * + beta × log index + a mean-reverting residual). Units: shares, ticks (RIT clock), coordinator ms.
 */
export interface StatArbParams {
  /** The stocks traded against each other (the index itself does not trade). */
  tickers: string[];
  /**
   * Each stock's beta to the index, aligned with `tickers`; empty: estimated from the stocks' history
   * (the loadings of their common factor).
   */
  betas: number[];
  /**
   * Most gross shares the strategy holds across its stocks (130,000 of the simulated case's 150,000
   * gross limit, some room left for the market maker; 90,000 made 1,081 less on seeds 1–10, t 1.49).
   */
  maxGrossShares: number;
  /** Fraction of the gross/net limits the strategy's own orders may bring the book to (0.9). */
  limitFraction: number;
  /**
   * Expected reversion gain over one-way crossing cost at which a position starts (0.75). The legs
   * are mostly worked passively, earning the rebate instead of paying the crossing cost, so a gain
   * below the crossing cost still pays (1.5 made 5,231 less on seeds 1–10, t 2.74).
   */
  entryEdge: number;
  /**
   * Edge below which a held position is traded down (0.25): above it a position up to full size is
   * kept (added to only toward the entry-sized target); entryEdge = no band, sizes follow the edge.
   */
  exitEdge: number;
  /** Edge at which the position is full size (4): sizes grow linearly from entryEdge to here. */
  fullEdge: number;
  /**
   * Horizon of the expected reversion, ticks (30: two half-lives of the simulated residual). The
   * gain counted is the part of the residual expected to decay within it.
   */
  horizonTicks: number;
  /** Half-life used until the history estimates one, ticks (15: what the simulated case draws). */
  priorHalfLifeTicks: number;
  /** Stop trading (hold, add nothing) when the estimated half-life exceeds this, ticks (60). */
  maxHalfLifeTicks: number;
  /** Samples (one per tick) before the half-life is estimated from the history instead of the prior (40). */
  minSamples: number;
  /** Samples kept for the estimates (600: two 300-tick heats). */
  windowSamples: number;
  /**
   * Least difference between a leg's target and its position worth an order, as a fraction of the
   * gross cap split over the legs (0.15): smaller rebalancing pays costs for little change in edge.
   */
  bandFraction: number;
  /** Largest order per leg, shares (5,000: a few of the book's resting orders). */
  maxOrderShares: number;
  /** How legs are worked (see StatArbExecution). */
  execution: StatArbExecution;
  /** Above this edge a leg crosses even when `execution` is passive (8: the gap is large enough to pay now). */
  crossEdge: number;
  /** No orders that add to a position this many ticks before the end (20): the risk state goes REDUCING before it. */
  lastTradeBeforeEndTicks: number;
  /** Stale-snapshot bound, coordinator ms (2,000). */
  maxSnapshotAgeMs: number;
  /** The engine-wide risk aversion every strategy is handed; stat arb sizes by its edge and limits. */
  riskAversion: number;
}

export const DEFAULT_STAT_ARB_PARAMS: Readonly<StatArbParams> = Object.freeze({
  // The stocks and betas come from the case (the engine's strategy assignment) or a parameter.
  tickers: [],
  betas: [],
  maxGrossShares: 130_000,
  limitFraction: 0.9,
  entryEdge: 0.75,
  exitEdge: 0.25,
  fullEdge: 4,
  horizonTicks: 30,
  priorHalfLifeTicks: 15,
  maxHalfLifeTicks: 60,
  minSamples: 40,
  windowSamples: 600,
  bandFraction: 0.15,
  maxOrderShares: 5000,
  execution: 'passive',
  crossEdge: 8,
  lastTradeBeforeEndTicks: 20,
  maxSnapshotAgeMs: 2000,
  riskAversion: 0.005,
});

const SPECS: ParamSpecs<StatArbParams> = {
  tickers: { kind: 'tickers', optional: true },
  betas: { kind: 'numbers', optional: true },
  maxGrossShares: { kind: 'number', min: 0, integer: true },
  limitFraction: { kind: 'number', min: 0, max: 1 },
  entryEdge: { kind: 'number', min: 0 },
  exitEdge: { kind: 'number', min: 0 },
  fullEdge: { kind: 'number', min: 0, exclusiveMin: true },
  horizonTicks: { kind: 'number', min: 0, exclusiveMin: true },
  priorHalfLifeTicks: { kind: 'number', min: 0, exclusiveMin: true },
  maxHalfLifeTicks: { kind: 'number', min: 0, exclusiveMin: true },
  minSamples: { kind: 'number', min: 3, integer: true },
  windowSamples: { kind: 'number', min: 3, integer: true },
  bandFraction: { kind: 'number', min: 0, max: 1 },
  maxOrderShares: { kind: 'number', min: 1, integer: true },
  execution: { kind: 'enum', values: ['passive', 'cross'] },
  crossEdge: { kind: 'number', min: 0 },
  lastTradeBeforeEndTicks: { kind: 'number', min: 0, integer: true },
  maxSnapshotAgeMs: { kind: 'number', min: 0, exclusiveMin: true },
  riskAversion: { kind: 'number', min: 0, max: 1, exclusiveMin: true, exclusiveMax: true },
};

export function validateStatArbParams(overrides: unknown): StatArbParams {
  const p = validateParams('statArb', DEFAULT_STAT_ARB_PARAMS as StatArbParams, SPECS, overrides);
  if (p.betas.length !== 0 && p.betas.length !== p.tickers.length)
    throw new StrategyError(
      'STRAT_BAD_PARAM',
      `statArb.betas must give one beta per ticker (${p.tickers.length}) or none`,
    );
  if (p.exitEdge > p.entryEdge)
    throw new StrategyError('STRAT_BAD_PARAM', 'statArb.exitEdge must not be above statArb.entryEdge');
  if (p.fullEdge <= p.entryEdge)
    throw new StrategyError('STRAT_BAD_PARAM', 'statArb.fullEdge must be above statArb.entryEdge');
  return p;
}
