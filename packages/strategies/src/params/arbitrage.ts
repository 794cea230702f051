import { StrategyError } from '../errors';
import { validateParams, type ParamSpecs } from './validate';

export type SpreadCentre = 'zero' | 'mean';

/** How an arbitrage position ends: traded back on reversion, or held to the case's free close-out. */
export type ArbExit = 'reversion' | 'close-out';

/**
 * Cointegration-arbitrage parameters (relation ETF·FX ≈ Σ basket stocks, in the reporting currency; CAD in the
 * 2020 ETF case). Units: shares, CAD per share (one unit = 1 ETF vs 1 of each stock), ticks, history samples.
 */
export interface ArbitrageParams {
  etf: string;
  stocks: [string, string] | string[];
  /** The currency security converting the ETF's quote currency to the reporting currency (reporting units per 1 quote unit). */
  fx: string;
  /**
   * Further listings of the same basket (the ETF quoted again, e.g. in the basket's own currency), each
   * arbitraged against the basket and against the other listings (hold-to-close only). From the case.
   */
  listings: string[];
  /** The FX security of each of `listings`, in order ('' for a listing quoted in the basket's currency). */
  listingFx: string[];
  /** Units per trade (N ETF vs N of each stock). 5,000: half a typical resting order, so a leg mostly fills near the touch. */
  tradeSize: number;
  /** Cap on the units of one position (the trade size is min(tradeSize, maxUnits); one position at a time). 10,000: one max-size order per leg. */
  maxUnits: number;
  /** Fraction of the gross/net limits the arbitrage may use (0.5: room for MM and tenders). */
  limitFraction: number;
  /** Fewest history rows (one per tick) for a calibration. 30: ADF with a constant and a few lags needs tens of points; before that the fallback threshold trades. */
  minSamples: number;
  /** Calibrate on the last N rows of the per-tick history (rolling window, as Vidyamurthy recommends). 600: two 300-tick heats, i.e. the whole heat so far. */
  windowSamples: number;
  /** Recalibrate every N RIT ticks. 10: cheap (≤ 600 points) and the original's 5 s re-ran it needlessly often. */
  recalibrateEveryTicks: number;
  /** Engle–Granger p-value below which the pair counts as cointegrated (5%: the conventional level). */
  cointPValue: number;
  /** |β − 1| above which the estimate is rejected for the structural β = 1 (0.05: the ETF holds one share of each). */
  betaTolerance: number;
  /** Where the spread reverts to: 'zero' (the case's stated equilibrium; the final original bot) or 'mean' of the window. */
  centre: SpreadCentre;
  /**
   * Entry threshold on the structural spread before the history calibrates a model, CAD (0.4; 0 = wait
   * for a model). About twice the legs' round-trip crossing cost (~0.2 CAD on the captured and simulated
   * books), and where the calibrated Δ* lands once a dislocation is in the window (0.22–0.66 in the
   * evaluate runs); the executable-profit check still gates every entry.
   */
  fallbackThresholdCad: number;
  /** Threshold floor as a multiple of the legs' round-trip slippage (1.1: the final original bot's floor). */
  thresholdSlippageFloor: number;
  /** Tikhonov roughness weight for the probability curve (1: fit and roughness weighed equally). */
  smoothingLambda: number;
  /**
   * Minimum expected profit per unit after entry and expected exit costs, CAD (0.05). The expected
   * profit assumes the exit inside the band and costs at the average spreads; 0.05 (250 CAD per
   * 5,000-unit trade) covers the gap between that estimate and the fills (the three legs' touches move
   * between the snapshot and our market orders).
   */
  minProfitPerUnit: number;
  /** Exit when |spread − centre| falls below this fraction of the entry threshold (0.25: most of the move captured). */
  exitBandFraction: number;
  /**
   * Backstop stop-loss on the mark-to-close P&L, CAD (5,000: 1 CAD/unit at 5,000 units). The mark
   * includes the closing costs (~0.26 CAD/unit of spreads and fees), so the former 2,000 (0.4/unit)
   * fired on a 0.15 wobble right after entry and the strategy re-entered at once (seed 2: −2,150 CAD on
   * one round trip); the spread-based stop below is the working stop.
   */
  lossLimitCad: number;
  /**
   * Exit when the spread has moved this far further against the position since entry, CAD (0.3): the
   * spread "runs away" — a second dislocation on top of the first, which RIT-style ETF shocks of
   * 0.25–0.6 in the ETF's quote currency are; smaller moves are the ~0.04 noise around a decaying gap.
   */
  stopWideningCad: number;
  /** Time stop in ticks (60: Vidyamurthy's time stop; an unconverged spread accumulates common-factor exposure). */
  maxHoldTicks: number;
  /** No entries and close everything this many ticks before the heat ends (10: time to unwind 3 legs). */
  stopBeforeEndTicks: number;
  /**
   * No new entries this many ticks before the heat ends (40): a gap needs about two half-lives to
   * revert (0.70 → 0.15 CAD in 41 ticks, evaluate seed 1), so a later entry mostly pays the round trip
   * and exits at the end of heat still dislocated (seed 3: entered at tick 285, forced out at 290).
   */
  lastEntryBeforeEndTicks: number;
  /** Hedge the ETF's currency exposure with the fx security (true: the ETF's quote currency is not the reporting currency). */
  hedgeCurrency: boolean;
  /** After sending orders, wait this many ticks for fills to show before acting again (1 RIT tick: MARKET orders fill on their POST, so their fills are in the positions by the next tick). */
  cooldownTicks: number;
  /**
   * After sending orders, wait up to this long for the ETF and stock legs to show them before acting
   * again, coordinator ms (5,000). The engine queues orders (pacing, 10 orders/s per ticker shared with
   * the market maker) and they are visible neither as open orders nor as positions meanwhile: in a full
   * default run decision→send took 1.4 s at the median and 7.6 s at p99, and the arbitrage, acting again
   * after one tick, flattened the same legs over and over (−30,900 CAD, seed 1).
   */
  orderConfirmMs: number;
  /** Stale-snapshot bound, coordinator ms (2,000 = two ticks). */
  maxSnapshotAgeMs: number;
  /**
   * The engine-wide risk aversion the CLI hands to every strategy. The arbitrage sizes by limits and
   * its loss limit, not by it; it is accepted so that the shared key does not fail the whole strategy
   * with STRAT_UNKNOWN_PARAM (which kept the arbitrage from ever running). 0.005: the engine default.
   */
  riskAversion: number;
  /**
   * 'close-out' (default): the case closes the ETF at (Σ stocks) / FX rate for free, so every unit is held
   * to the close and earns its executable spread at entry minus fees (arbitrage/hold.ts); the model,
   * thresholds and stops above are not used. 'reversion': enter past Δ*, exit on reversion or a stop.
   */
  exitAt: ArbExit;
  /**
   * Largest net units held to the close (25,000: 100,000 of the 300,000 gross in the 2020 ETF case — the
   * ETF counts twice and the stocks once each — leaving room for a held 100,000-share tender; the same cap
   * as the public reference script's |stock 1 + stock 2 + ETF| < 25,000).
   */
  holdMaxUnits: number;
  /**
   * Least profit per unit a trade must lock in, after fees, CAD (0.02: two ticks of a stock; the
   * touches move between the snapshot and our market orders, and the evaluate runs' fills came in a
   * cent or so worse than the snapshot on a third of the legs).
   */
  holdMinProfitPerUnit: number;
  /**
   * No trades this many ticks before the end (20): the risk state goes REDUCING 15 ticks before the
   * end and then refuses orders that add to a leg, which could leave one leg of a unit unfilled.
   */
  holdLastTradeBeforeEndTicks: number;
}

export const DEFAULT_ARB_PARAMS: Readonly<ArbitrageParams> = Object.freeze({
  // The legs come from the case (the engine's strategy assignment) or a parameter.
  etf: '',
  stocks: [],
  fx: '',
  listings: [],
  listingFx: [],
  tradeSize: 5000,
  maxUnits: 10_000,
  limitFraction: 0.5,
  minSamples: 30,
  windowSamples: 600,
  recalibrateEveryTicks: 10,
  cointPValue: 0.05,
  betaTolerance: 0.05,
  centre: 'zero',
  fallbackThresholdCad: 0.4,
  thresholdSlippageFloor: 1.1,
  smoothingLambda: 1,
  minProfitPerUnit: 0.05,
  exitBandFraction: 0.25,
  lossLimitCad: 5000,
  stopWideningCad: 0.3,
  maxHoldTicks: 60,
  stopBeforeEndTicks: 10,
  lastEntryBeforeEndTicks: 40,
  hedgeCurrency: true,
  cooldownTicks: 1,
  orderConfirmMs: 5000,
  maxSnapshotAgeMs: 2000,
  riskAversion: 0.005,
  exitAt: 'close-out',
  holdMaxUnits: 25_000,
  holdMinProfitPerUnit: 0.02,
  holdLastTradeBeforeEndTicks: 20,
});

const SPECS: ParamSpecs<ArbitrageParams> = {
  etf: { kind: 'ticker' },
  stocks: { kind: 'tickers' },
  fx: { kind: 'ticker', optional: true },
  listings: { kind: 'tickers', optional: true },
  listingFx: { kind: 'tickers', optional: true, blanks: true },
  tradeSize: { kind: 'number', min: 1, integer: true },
  maxUnits: { kind: 'number', min: 1, integer: true },
  limitFraction: { kind: 'number', min: 0, max: 1, exclusiveMin: true },
  minSamples: { kind: 'number', min: 10, integer: true },
  windowSamples: { kind: 'number', min: 10, integer: true },
  recalibrateEveryTicks: { kind: 'number', min: 1, integer: true },
  cointPValue: { kind: 'number', min: 0, max: 1, exclusiveMin: true },
  betaTolerance: { kind: 'number', min: 0 },
  centre: { kind: 'enum', values: ['zero', 'mean'] },
  fallbackThresholdCad: { kind: 'number', min: 0 },
  thresholdSlippageFloor: { kind: 'number', min: 0 },
  smoothingLambda: { kind: 'number', min: 0 },
  minProfitPerUnit: { kind: 'number', min: 0 },
  exitBandFraction: { kind: 'number', min: 0, max: 1 },
  lossLimitCad: { kind: 'number', min: 0, exclusiveMin: true },
  stopWideningCad: { kind: 'number', min: 0, exclusiveMin: true },
  maxHoldTicks: { kind: 'number', min: 1, integer: true },
  stopBeforeEndTicks: { kind: 'number', min: 0, integer: true },
  lastEntryBeforeEndTicks: { kind: 'number', min: 0, integer: true },
  hedgeCurrency: { kind: 'boolean' },
  cooldownTicks: { kind: 'number', min: 0, integer: true },
  orderConfirmMs: { kind: 'number', min: 0 },
  maxSnapshotAgeMs: { kind: 'number', min: 0, exclusiveMin: true },
  riskAversion: { kind: 'number', min: 0, max: 0.5, exclusiveMin: true, exclusiveMax: true },
  exitAt: { kind: 'enum', values: ['reversion', 'close-out'] },
  holdMaxUnits: { kind: 'number', min: 1, integer: true },
  holdMinProfitPerUnit: { kind: 'number', min: 0 },
  holdLastTradeBeforeEndTicks: { kind: 'number', min: 0, integer: true },
};

export function validateArbitrageParams(overrides: unknown): ArbitrageParams {
  const p = validateParams('arbitrage', DEFAULT_ARB_PARAMS as ArbitrageParams, SPECS, overrides);
  // No legs (none given yet) is valid: such an arbitrage finds no snapshot and never trades.
  if ((p.etf || p.stocks.length) && p.stocks.length !== 2)
    throw new StrategyError('STRAT_BAD_PARAM', 'arbitrage.stocks must name exactly two stocks (the ETF basket)');
  if (p.listingFx.length !== p.listings.length)
    throw new StrategyError('STRAT_BAD_PARAM', "arbitrage.listingFx must give one FX security (or '') per listing");
  if (p.minSamples > p.windowSamples)
    throw new StrategyError('STRAT_BAD_PARAM', 'arbitrage.minSamples must be ≤ windowSamples');
  if (p.tradeSize > p.maxUnits) throw new StrategyError('STRAT_BAD_PARAM', 'arbitrage.tradeSize must be ≤ maxUnits');
  return { ...p, stocks: [...p.stocks], listings: [...p.listings], listingFx: [...p.listingFx] };
}
