import type { HistoryView } from '../context';
import type { ArbitrageParams } from '../params/arbitrage';
import { at, coint, last, optimalThreshold, tikhonovSmooth } from '../quant';

/** Spread s = β·ETF·FX + α − (stock1 + stock2), in CAD. Structural relation: β = 1, α = 0. */
export interface SpreadCoefficients {
  beta: number;
  alpha: number;
}

export interface ArbModel extends SpreadCoefficients {
  /** True when the structural β = 1, α = 0 is used (estimate rejected or unavailable). */
  structural: boolean;
  betaEstimated: number | null;
  alphaEstimated: number | null;
  cointStatistic: number | null;
  cointPValue: number | null;
  /** Level the spread reverts to, CAD. */
  centre: number;
  /** Entry threshold Δ* on |spread − centre|, CAD. */
  threshold: number;
  /** Round-trip slippage: sum of the legs' average bid–ask spreads, CAD per unit. */
  slippage: number;
  spreadStd: number;
  samples: number;
  calibratedTick: number;
  notes: string[];
}

export interface ThresholdCurve {
  threshold: number[];
  /** Smoothed, non-increasing P(|spread| > threshold). */
  probability: number[];
  /** Empirical exceedance fractions before smoothing. */
  raw: number[];
}

interface Legs {
  etf: string;
  stocks: string[];
  fx: string;
}

function legsOf(p: Pick<ArbitrageParams, 'etf' | 'stocks' | 'fx'>): Legs {
  return { etf: p.etf, stocks: p.stocks, fx: p.fx };
}

/** Rows of the history where every leg has a finite, positive mid (others are dropped). */
function cleanRows(history: HistoryView, legs: Legs, window: number): number[] {
  const n = history.tick.length;
  const rows: number[] = [];
  for (let i = Math.max(0, n - window); i < n; i++) {
    // fx '' (the ETF quoted in its basket's currency): no FX column, the rate is 1.
    const ok = [legs.etf, legs.fx, ...legs.stocks].every((t) => {
      if (t === '') return true;
      const v = history.mid[t]?.[i];
      return v !== undefined && Number.isFinite(v) && v > 0;
    });
    if (ok) rows.push(i);
  }
  return rows;
}

/**
 * Mid of `ticker` at row `i`. The rows come from `cleanRows` (every leg has a finite mid there) or from a
 * caller that vouches for them: a miss is a wrong row set and throws rather than pricing a NaN spread.
 */
function midAt(history: HistoryView, ticker: string, i: number): number {
  return at(history.mid[ticker] ?? [], i);
}

/** The FX rate at row `i`: 1 when the ETF has no FX leg (fx ''). */
function fxMidAt(history: HistoryView, fx: string, i: number): number {
  return fx === '' ? 1 : midAt(history, fx, i);
}

function mean(xs: number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN;
}

function std(xs: number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
}

/**
 * Historical spread β·ETF·FX + α − Σ stocks (CAD) over the given rows (default: all), plus the
 * average round-trip slippage: ETF spread × FX + Σ stock spreads (+ the FX spread × ETF price).
 */
export function constructHistoricalSpread(
  history: HistoryView,
  coeff: SpreadCoefficients,
  legsParam: Pick<ArbitrageParams, 'etf' | 'stocks' | 'fx'>,
  rows?: number[],
): { spread: number[]; slippage: number } {
  const legs = legsOf(legsParam);
  const idx = rows ?? cleanRows(history, legs, history.tick.length);
  const spread: number[] = [];
  const slip: number[] = [];
  for (const i of idx) {
    const etf = midAt(history, legs.etf, i);
    const fx = fxMidAt(history, legs.fx, i);
    const stocks = legs.stocks.reduce((a, t) => a + midAt(history, t, i), 0);
    spread.push(coeff.beta * etf * fx + coeff.alpha - stocks);
    const sp = (t: string): number => {
      const v = history.spread[t]?.[i];
      return v !== undefined && Number.isFinite(v) && v >= 0 ? v : 0;
    };
    slip.push(sp(legs.etf) * fx + sp(legs.fx) * etf + legs.stocks.reduce((a, t) => a + sp(t), 0));
  }
  return { spread, slippage: slip.length ? mean(slip) : 0 };
}

/**
 * Probability that |spread| exceeds each threshold Δ on a grid from 0 to max|spread| (spread
 * already centred), made non-increasing and smoothed by Tikhonov–Miller regularisation
 * (Vidyamurthy ch. 8). Grid step: a quarter of the slippage (levels closer than the trading costs are
 * indistinguishable), widened so the grid has at most 400 points.
 */
export function getThresholdProbabilityCurve(
  spread: number[],
  slippage: number,
  opts: { lambda?: number; maxPoints?: number } = {},
): ThresholdCurve {
  const abs = spread
    .filter(Number.isFinite)
    .map(Math.abs)
    .sort((a, b) => a - b);
  const n = abs.length;
  if (n === 0) return { threshold: [], probability: [], raw: [] };
  const top = last(abs);
  const maxPoints = opts.maxPoints ?? 400;
  const step = Math.max(slippage > 0 ? slippage / 4 : 0, top / maxPoints, 1e-9);
  const threshold: number[] = [];
  const raw: number[] = [];
  let j = 0; // abs[j..] > Δ ; advance as Δ grows
  for (let k = 0; k * step <= top + 1e-12 && k <= maxPoints; k++) {
    const d = k * step;
    while (j < n && at(abs, j) <= d) j++;
    threshold.push(d);
    raw.push((n - j) / n);
  }
  const smooth = tikhonovSmooth(raw, opts.lambda ?? 1);
  const probability: number[] = [];
  let prev = 1;
  for (const z of smooth) {
    const c = Math.min(prev, Math.max(0, Math.min(1, z)));
    probability.push(c);
    prev = c;
  }
  return { threshold, probability, raw };
}

/** Δ* = argmax 2Δ·P(|s| > Δ), floored at `floorMultiple` × slippage (the final original bot's 1.1). */
export function getOptimalThreshold(curve: ThresholdCurve, slippage: number, floorMultiple = 1.1): number {
  if (curve.threshold.length === 0) return floorMultiple * slippage;
  // Profit per round trip 2Δ (enter at ±Δ, the spread swings through the centre).
  return optimalThreshold(curve, { slippage: floorMultiple * slippage, profitMultiplier: 2 }).threshold;
}

/**
 * Engle–Granger calibration on the last `windowSamples` of the history: OLS of Σ stocks on ETF·FX,
 * cointegration test on the residuals. The estimate is used only if the pair is cointegrated at
 * `cointPValue` and |β − 1| ≤ `betaTolerance`; otherwise the structural β = 1, α = 0 with a note.
 * Then the spread, its slippage, the smoothed probability curve and the optimal threshold.
 * Null (with the reason in `notes`) when there are too few clean samples.
 */
export function calibrateModel(
  history: HistoryView | undefined,
  params: ArbitrageParams,
  tick = 0,
  notes: string[] = [],
): ArbModel | null {
  if (!history || history.tick.length === 0) {
    notes.push('calibration: no history');
    return null;
  }
  const legs = legsOf(params);
  const rows = cleanRows(history, legs, params.windowSamples);
  if (rows.length < params.minSamples) {
    notes.push(`calibration: ${rows.length} clean samples < ${params.minSamples}`);
    return null;
  }
  const x = rows.map((i) => midAt(history, legs.etf, i) * fxMidAt(history, legs.fx, i));
  const y = rows.map((i) => legs.stocks.reduce((a, t) => a + midAt(history, t, i), 0));
  const modelNotes: string[] = [];
  let betaEst: number | null = null;
  let alphaEst: number | null = null;
  let stat: number | null = null;
  let pval: number | null = null;
  if (std(x) > 0) {
    // Engle–Granger: the levels regression gives β, α; the ADF on its residuals the p-value.
    const c = coint(y, x);
    if (c) {
      if (Number.isFinite(c.beta) && Number.isFinite(c.alpha)) {
        betaEst = c.beta;
        alphaEst = c.alpha;
      }
      if (Number.isFinite(c.statistic)) stat = c.statistic;
      if (Number.isFinite(c.pvalue)) pval = c.pvalue;
    }
  }
  let coeff: SpreadCoefficients = { beta: 1, alpha: 0 };
  let structural = true;
  if (betaEst === null || pval === null)
    modelNotes.push('no usable Engle–Granger estimate (flat or degenerate history): structural β = 1');
  else if (pval > params.cointPValue)
    modelNotes.push(`not cointegrated (p = ${pval.toFixed(3)} > ${params.cointPValue}): structural β = 1`);
  else if (Math.abs(betaEst - 1) > params.betaTolerance)
    modelNotes.push(
      `β = ${betaEst.toFixed(4)} too far from 1 (tolerance ${params.betaTolerance}): structural β = 1 — check the data`,
    );
  else {
    // y = α + βx  ⇒  spread = βx + α − y has mean zero on the window.
    coeff = { beta: betaEst, alpha: alphaEst as number };
    structural = false;
  }
  const { spread, slippage } = constructHistoricalSpread(history, coeff, params, rows);
  const centre = params.centre === 'mean' || !structural ? (structural ? mean(spread) : 0) : 0;
  const centred = spread.map((s) => s - centre);
  const curve = getThresholdProbabilityCurve(centred, slippage, { lambda: params.smoothingLambda });
  const threshold = getOptimalThreshold(curve, slippage, params.thresholdSlippageFloor);
  notes.push(...modelNotes.map((n) => `calibration: ${n}`));
  return {
    ...coeff,
    structural,
    betaEstimated: betaEst,
    alphaEstimated: alphaEst,
    cointStatistic: stat,
    cointPValue: pval,
    centre,
    threshold,
    slippage,
    spreadStd: std(centred),
    samples: rows.length,
    calibratedTick: tick,
    notes: modelNotes,
  };
}
