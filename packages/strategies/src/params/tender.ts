import { validateParams, type ParamSpecs } from './validate';
import { StrategyError } from '../errors';

/** Tender parameters. Units: shares, USD per share (RITC quote currency), ticks. */
export interface TenderParams {
  ticker: string;
  /** Stocks of the basket used for the alternative unwind / optional hedge. */
  basket: string[];
  fx: string;
  /** Accept only when expected value per share exceeds this, USD (0.01: one tick of RITC). */
  minEdgePerShare: number;
  /**
   * Permanent impact k of the OEH model, USD per share per share (range = S_S + |m|·k).
   * 1e-6: walking ~80,000 shares through the observed RITC books moves the touch ~8 cents.
   */
  permanentImpact: number;
  /** OEH leakage φ ∈ (0, 1]: 1 = every share we trade shows in the flow (the paper's own example). */
  leakage: number;
  /** λ of z_λ = −Φ⁻¹(1 − λ) (0.05: the paper's default, z = −1.645). */
  lambda: number;
  /** Risk aversion of the max viable spread S_S = Φ⁻¹(1 − ra)·σ (0.005 as the market maker). */
  riskAversion: number;
  /** Decline when the signed flow opposes the unwind by more than this (0.7: the original's counter-trend filter). */
  counterTrendImbalance: number;
  /** Consider the basket (BULL + BEAR, via USD) as the unwind route when it is worth more. */
  allowBasketRoute: boolean;
  /** Hedge the tender at once in the basket (and USD) even when RITC is the better route. */
  basketHedge: boolean;
  /** Fraction of gross/net limits a tender may fill (0.9: leave a margin so hedges can still trade). */
  limitFraction: number;
  /** Child-order schedule: large orders per schedule (3, the original's). */
  numLarge: number;
  /** Small orders following each large one (10, the original's). */
  numSmallPerLarge: number;
  /** Size of a large order in small-order units (5, the original's). */
  largeToSmallRatio: number;
  /** Send a MARKET child when VPIN exceeds this (0.6, the original's; true BVC VPIN is ~0.2–0.4 on random flow). */
  vpinMarketThreshold: number;
  /** Send a MARKET child when the flow opposes the unwind by more than this (0.3). */
  againstImbalanceThreshold: number;
  /** Cancel a working limit child after this many ticks without a full fill (3). */
  repriceAfterTicks: number;
  /** Cancel a working limit child when the touch moved this many ticks away from it (1). */
  repriceToleranceTicks: number;
  /** Re-send a cancel if the order is still open this many ticks later (2). */
  cancelRetryTicks: number;
  /** Unwind everything at market this many ticks before the heat ends (10). */
  finishBeforeEndTicks: number;
  /** Ignore residual positions below this many shares (0: unwind to exactly flat). */
  minChildShares: number;
  /** Stale-snapshot bound, coordinator ms. */
  maxSnapshotAgeMs: number;
}

export const DEFAULT_TENDER_PARAMS: Readonly<TenderParams> = Object.freeze({
  ticker: 'RITC',
  basket: ['BULL', 'BEAR'],
  fx: 'USD',
  minEdgePerShare: 0.01,
  permanentImpact: 1e-6,
  leakage: 1,
  lambda: 0.05,
  riskAversion: 0.005,
  counterTrendImbalance: 0.7,
  allowBasketRoute: true,
  basketHedge: false,
  limitFraction: 0.9,
  numLarge: 3,
  numSmallPerLarge: 10,
  largeToSmallRatio: 5,
  vpinMarketThreshold: 0.6,
  againstImbalanceThreshold: 0.3,
  repriceAfterTicks: 3,
  repriceToleranceTicks: 1,
  cancelRetryTicks: 2,
  finishBeforeEndTicks: 10,
  minChildShares: 0,
  maxSnapshotAgeMs: 2000,
});

const SPECS: ParamSpecs<TenderParams> = {
  ticker: { kind: 'enum', values: ['RITC'] },
  basket: { kind: 'tickers' },
  fx: { kind: 'enum', values: ['USD'] },
  minEdgePerShare: { kind: 'number' },
  permanentImpact: { kind: 'number', min: 0 },
  leakage: { kind: 'number', min: 0, max: 1, exclusiveMin: true },
  lambda: { kind: 'number', min: 0, max: 0.5, exclusiveMin: true, exclusiveMax: true },
  riskAversion: { kind: 'number', min: 0, max: 0.5, exclusiveMin: true, exclusiveMax: true },
  counterTrendImbalance: { kind: 'number', min: 0, max: 1 },
  allowBasketRoute: { kind: 'boolean' },
  basketHedge: { kind: 'boolean' },
  limitFraction: { kind: 'number', min: 0, max: 1, exclusiveMin: true },
  numLarge: { kind: 'number', min: 1, integer: true },
  numSmallPerLarge: { kind: 'number', min: 0, integer: true },
  largeToSmallRatio: { kind: 'number', min: 1 },
  vpinMarketThreshold: { kind: 'number', min: 0, max: 1 },
  againstImbalanceThreshold: { kind: 'number', min: 0, max: 1 },
  repriceAfterTicks: { kind: 'number', min: 1, integer: true },
  repriceToleranceTicks: { kind: 'number', min: 0, integer: true },
  cancelRetryTicks: { kind: 'number', min: 1, integer: true },
  finishBeforeEndTicks: { kind: 'number', min: 0, integer: true },
  minChildShares: { kind: 'number', min: 0, integer: true },
  maxSnapshotAgeMs: { kind: 'number', min: 0, exclusiveMin: true },
};

export function validateTenderParams(overrides: unknown): TenderParams {
  const p = validateParams('tender', DEFAULT_TENDER_PARAMS as TenderParams, SPECS, overrides);
  if (p.basket.length !== 2) throw new StrategyError('STRAT_BAD_PARAM', 'tender.basket must name exactly two stocks');
  return { ...p, basket: [...p.basket] };
}
