import { StrategyError } from '../errors';
import { validateParams, type ParamSpecs } from './validate';

export type SpreadCentre = 'zero' | 'mean';

/**
 * Cointegration-arbitrage parameters (2020 relation RITC·USD ≈ BULL + BEAR, in CAD).
 * Units: shares, CAD per share (one unit = 1 RITC vs 1 BULL + 1 BEAR), ticks, history samples.
 */
export interface ArbitrageParams {
  etf: string;
  stocks: [string, string] | string[];
  /** The currency security converting the ETF's quote currency to CAD (CAD per 1 USD). */
  fx: string;
  /** Units per trade (N RITC vs N BULL + N BEAR). 5,000: half a typical resting order, so a leg mostly fills near the touch. */
  tradeSize: number;
  /** Max units held at once (stacked entries). 10,000: one max-size order per leg. */
  maxUnits: number;
  /** Fraction of the gross/net limits the arbitrage may use (0.5: room for MM and tenders). */
  limitFraction: number;
  /** Fewest history samples for a calibration. 30: ADF with a constant and a few lags needs tens of points. */
  minSamples: number;
  /** Calibrate on the last N samples (rolling window, as Vidyamurthy recommends). 600 ≈ 5 min at 500 ms samples. */
  windowSamples: number;
  /** Recalibrate every N RIT ticks. 10: cheap (≤ 600 points) and the original's 5 s re-ran it needlessly often. */
  recalibrateEveryTicks: number;
  /** Engle–Granger p-value below which the pair counts as cointegrated (5%: the conventional level). */
  cointPValue: number;
  /** |β − 1| above which the estimate is rejected for the structural β = 1 (0.05: the ETF holds one share of each). */
  betaTolerance: number;
  /** Where the spread reverts to: 'zero' (the case's stated equilibrium; the final original bot) or 'mean' of the window. */
  centre: SpreadCentre;
  /** Threshold floor as a multiple of the legs' round-trip slippage (1.1: the final original bot's floor). */
  thresholdSlippageFloor: number;
  /** Tikhonov roughness weight for the probability curve (1: the reference's worked example). */
  smoothingLambda: number;
  /** Minimum expected profit per unit after entry and expected exit costs, CAD (0.01: one tick). */
  minProfitPerUnit: number;
  /** Exit when |spread − centre| falls below this fraction of the entry threshold (0.25: most of the move captured). */
  exitBandFraction: number;
  /** Stop-loss on the open position, CAD (2,000: ~0.4 CAD/unit at 5,000 units — a shock twice the typical threshold). */
  lossLimitCad: number;
  /** Time stop in ticks (60: Vidyamurthy's time stop; an unconverged spread accumulates common-factor exposure). */
  maxHoldTicks: number;
  /** No entries and close everything this many ticks before the heat ends (10: time to unwind 3 legs). */
  stopBeforeEndTicks: number;
  /** Hedge the ETF's currency exposure with the fx security (true: the case's USD is not the base currency). */
  hedgeCurrency: boolean;
  /** After sending orders, wait this many ticks for fills to show before acting again (1 RIT tick). */
  cooldownTicks: number;
  /** Stale-snapshot bound, coordinator ms (2,000 = two ticks). */
  maxSnapshotAgeMs: number;
}

export const DEFAULT_ARB_PARAMS: Readonly<ArbitrageParams> = Object.freeze({
  etf: 'RITC',
  stocks: ['BULL', 'BEAR'],
  fx: 'USD',
  tradeSize: 5000,
  maxUnits: 10_000,
  limitFraction: 0.5,
  minSamples: 30,
  windowSamples: 600,
  recalibrateEveryTicks: 10,
  cointPValue: 0.05,
  betaTolerance: 0.05,
  centre: 'zero' as SpreadCentre,
  thresholdSlippageFloor: 1.1,
  smoothingLambda: 1,
  minProfitPerUnit: 0.01,
  exitBandFraction: 0.25,
  lossLimitCad: 2000,
  maxHoldTicks: 60,
  stopBeforeEndTicks: 10,
  hedgeCurrency: true,
  cooldownTicks: 1,
  maxSnapshotAgeMs: 2000,
});

const SPECS: ParamSpecs<ArbitrageParams> = {
  etf: { kind: 'enum', values: ['RITC'] },
  stocks: { kind: 'tickers' },
  fx: { kind: 'enum', values: ['USD'] },
  tradeSize: { kind: 'number', min: 1, integer: true },
  maxUnits: { kind: 'number', min: 1, integer: true },
  limitFraction: { kind: 'number', min: 0, max: 1, exclusiveMin: true },
  minSamples: { kind: 'number', min: 10, integer: true },
  windowSamples: { kind: 'number', min: 10, integer: true },
  recalibrateEveryTicks: { kind: 'number', min: 1, integer: true },
  cointPValue: { kind: 'number', min: 0, max: 1, exclusiveMin: true },
  betaTolerance: { kind: 'number', min: 0 },
  centre: { kind: 'enum', values: ['zero', 'mean'] },
  thresholdSlippageFloor: { kind: 'number', min: 0 },
  smoothingLambda: { kind: 'number', min: 0 },
  minProfitPerUnit: { kind: 'number', min: 0 },
  exitBandFraction: { kind: 'number', min: 0, max: 1 },
  lossLimitCad: { kind: 'number', min: 0, exclusiveMin: true },
  maxHoldTicks: { kind: 'number', min: 1, integer: true },
  stopBeforeEndTicks: { kind: 'number', min: 0, integer: true },
  hedgeCurrency: { kind: 'boolean' },
  cooldownTicks: { kind: 'number', min: 0, integer: true },
  maxSnapshotAgeMs: { kind: 'number', min: 0, exclusiveMin: true },
};

export function validateArbitrageParams(overrides: unknown): ArbitrageParams {
  const p = validateParams('arbitrage', DEFAULT_ARB_PARAMS as ArbitrageParams, SPECS, overrides);
  if (p.stocks.length !== 2) throw new StrategyError('STRAT_BAD_PARAM', 'arbitrage.stocks must name exactly two stocks (the ETF basket)');
  if (p.minSamples > p.windowSamples) throw new StrategyError('STRAT_BAD_PARAM', 'arbitrage.minSamples must be ≤ windowSamples');
  if (p.tradeSize > p.maxUnits) throw new StrategyError('STRAT_BAD_PARAM', 'arbitrage.tradeSize must be ≤ maxUnits');
  return { ...p, stocks: [...p.stocks] };
}
