// Vidyamurthy's threshold design for a mean-reverting spread (Pairs Trading, ch. 8):
// exceedance profile on a grid no finer than the round-trip slippage, made non-increasing,
// smoothed by Tikhonov–Miller regularisation, profit = Δ·P(Δ), Δ* = argmax floored at slippage.

import { at, atF64 } from './checked';
import { QuantError, assertFinite, assertFiniteArray } from './errors';
import { normalCdf, normalPdf, normalSf } from './normal';
import { mean, std } from './stats';

/**
 * Solves (I + λDᵀD) z = y with D the first-difference operator, i.e. minimises
 * Σ(y_i − z_i)² + λ Σ(z_i − z_{i+1})² (Thomas algorithm, O(n)).
 */
export function tikhonovSmooth(y: ArrayLike<number>, lambda: number): number[] {
  assertFiniteArray('tikhonovSmooth: y', y);
  assertFinite('tikhonovSmooth: lambda', lambda);
  if (lambda < 0) throw new QuantError('E_DOMAIN', `tikhonovSmooth: lambda must be ≥ 0, got ${lambda}`);
  const n = y.length;
  if (n <= 1 || lambda === 0) return Array.from(y);
  // Tridiagonal: sub = sup = −λ; diag = 1 + λ at both ends, 1 + 2λ inside.
  const cp = new Float64Array(n);
  const dp = new Float64Array(n);
  const off = -lambda;
  let diag = 1 + lambda;
  cp[0] = off / diag;
  dp[0] = at(y, 0) / diag;
  for (let i = 1; i < n; i++) {
    diag = i === n - 1 ? 1 + lambda : 1 + 2 * lambda;
    const m = diag - off * atF64(cp, i - 1);
    cp[i] = off / m;
    dp[i] = (at(y, i) - off * atF64(dp, i - 1)) / m;
  }
  const z = new Array<number>(n);
  z[n - 1] = atF64(dp, n - 1);
  for (let i = n - 2; i >= 0; i--) z[i] = atF64(dp, i) - atF64(cp, i) * at(z, i + 1);
  return z;
}

/**
 * Makes a profile non-increasing the way the book describes: every point above the running
 * minimum (an upward kink) is dropped and re-filled by linear interpolation between the
 * surrounding retained points (a trailing run takes the last retained value).
 */
export function makeNonIncreasing(y: ArrayLike<number>): number[] {
  const n = y.length;
  const out = Array.from(y);
  if (n === 0) return out;
  const keep = new Uint8Array(n);
  let runMin = Infinity;
  for (let i = 0; i < n; i++) {
    if (at(out, i) <= runMin) {
      keep[i] = 1;
      runMin = at(out, i);
    }
  }
  let prev = 0; // index 0 is always kept
  for (let i = 1; i < n; i++) {
    if (at(keep, i) === 0) continue;
    for (let j = prev + 1; j < i; j++)
      out[j] = at(out, prev) + ((at(out, i) - at(out, prev)) * (j - prev)) / (i - prev);
    prev = i;
  }
  for (let j = prev + 1; j < n; j++) out[j] = at(out, prev);
  return out;
}

export interface ThresholdCurveOptions {
  /** Grid extends to (exclusive) maxStd·σ of the spread; default 3. */
  maxStd?: number;
  /** Grid spacing; raised to the slippage if smaller. Default: the slippage, or σ/20 if slippage is 0. */
  step?: number;
  /** 'mean' (default, the book) or 'zero' (the original bot's v2: "equal in equilibrium"). */
  center?: 'mean' | 'zero';
  /** Tikhonov λ; default 1; 0 disables smoothing. */
  lambda?: number;
}

export interface ThresholdCurve {
  /** Distance from the centre Δ (spread units), ascending from 0. */
  threshold: number[];
  /** Smoothed, non-increasing profile: fraction of samples with |spread − centre| > Δ (or round trips per sample). */
  probability: number[];
  /** The raw profile before monotone repair and smoothing. */
  raw: number[];
  center: number;
  sigma: number;
}

function grid(
  spread: ArrayLike<number>,
  slippage: number,
  opts: ThresholdCurveOptions,
  where: string,
): { thr: number[]; c: number; sigma: number } {
  assertFiniteArray(`${where}: spread`, spread);
  if (spread.length < 2) throw new QuantError('E_SHAPE', `${where}: need at least 2 spread observations`);
  assertFinite(`${where}: slippage`, slippage);
  if (slippage < 0) throw new QuantError('E_DOMAIN', `${where}: slippage must be ≥ 0, got ${slippage}`);
  const maxStd = opts.maxStd ?? 3;
  if (!(maxStd > 0)) throw new QuantError('E_DOMAIN', `${where}: maxStd must be > 0`);
  const c = (opts.center ?? 'mean') === 'mean' ? mean(spread) : 0;
  // σ about the chosen centre, so 'zero' centring measures dispersion around 0.
  let ss = 0;
  for (let i = 0; i < spread.length; i++) ss += (at(spread, i) - c) ** 2;
  const sigma = (opts.center ?? 'mean') === 'mean' ? std(spread, 1) : Math.sqrt(ss / (spread.length - 1));
  if (!(sigma > 0)) throw new QuantError('E_DOMAIN', `${where}: the spread has zero dispersion`);
  let step = Math.max(slippage, opts.step ?? 0);
  if (step === 0) step = sigma / 20;
  const end = maxStd * sigma;
  const thr: number[] = [];
  for (let i = 0; i * step < end; i++) thr.push(i * step);
  return { thr, c, sigma };
}

function finish(raw: number[], thr: number[], c: number, sigma: number, lambda: number): ThresholdCurve {
  return { threshold: thr, probability: tikhonovSmooth(makeNonIncreasing(raw), lambda), raw, center: c, sigma };
}

/** Exceedance profile P(|spread − centre| > Δ) on a slippage-spaced grid, monotone-repaired and smoothed. */
export function thresholdProbabilityCurve(
  spread: ArrayLike<number>,
  slippage: number,
  opts: ThresholdCurveOptions = {},
): ThresholdCurve {
  const { thr, c, sigma } = grid(spread, slippage, opts, 'thresholdProbabilityCurve');
  const n = spread.length;
  const dev = new Float64Array(n);
  for (let i = 0; i < n; i++) dev[i] = Math.abs(at(spread, i) - c);
  dev.sort();
  // Count of dev > t = n − (first index with dev > t).
  const raw = thr.map((t) => {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (atF64(dev, mid) > t) hi = mid;
      else lo = mid + 1;
    }
    return (n - lo) / n;
  });
  return finish(raw, thr, c, sigma, opts.lambda ?? 1);
}

/**
 * The book's trading-mimicry count: for each Δ, the number of episodes in which the spread
 * reaches ≥ Δ away from the centre (either side) and later returns to (crosses or touches)
 * the centre, divided by the number of observations (a round-trip rate per sample).
 */
export function roundTripCurve(
  spread: ArrayLike<number>,
  slippage: number,
  opts: ThresholdCurveOptions = {},
): ThresholdCurve & { count: number[] } {
  const { thr, c, sigma } = grid(spread, slippage, opts, 'roundTripCurve');
  const n = spread.length;
  const count = thr.map((t) => {
    let open = 0; // +1 above, −1 below, 0 flat
    let trips = 0;
    for (let i = 0; i < n; i++) {
      const d = at(spread, i) - c;
      if (open > 0 && d <= 0) {
        trips++;
        open = 0;
      } else if (open < 0 && d >= 0) {
        trips++;
        open = 0;
      }
      if (open === 0) {
        if (d >= t && d > 0) open = 1;
        else if (-d >= t && d < 0) open = -1;
      }
    }
    return trips;
  });
  const raw = count.map((k) => k / n);
  return { ...finish(raw, thr, c, sigma, opts.lambda ?? 1), count };
}

export interface OptimalThresholdOptions {
  /** Floor for the result (round-trip cost); default 0. */
  slippage?: number;
  /** Profit per round trip = multiplier × Δ (1: entry at Δ, exit at the mean; 2: ±Δ style). Default 1. */
  profitMultiplier?: number;
  /** Refine the discrete argmax by the vertex of the parabola through its neighbours (default false). */
  refine?: boolean;
}

export interface OptimalThreshold {
  threshold: number;
  /** multiplier × Δ × P(Δ) at the chosen grid point (before the floor). */
  expectedProfit: number;
  /** Grid index of the discrete argmax. */
  index: number;
  /** True when the slippage floor raised the threshold. */
  floored: boolean;
}

/** Δ* = argmax Δ·P(Δ) over the curve (ties → smallest Δ), floored at the slippage. */
export function optimalThreshold(
  curve: { threshold: ArrayLike<number>; probability: ArrayLike<number> },
  opts: OptimalThresholdOptions = {},
): OptimalThreshold {
  const x = curve.threshold;
  const p = curve.probability;
  if (x.length === 0 || x.length !== p.length)
    throw new QuantError(
      'E_SHAPE',
      `optimalThreshold: threshold (${x.length}) and probability (${p.length}) must be non-empty and equally long`,
    );
  assertFiniteArray('optimalThreshold: threshold', x);
  assertFiniteArray('optimalThreshold: probability', p);
  const mult = opts.profitMultiplier ?? 1;
  const slippage = opts.slippage ?? 0;
  assertFinite('optimalThreshold: profitMultiplier', mult);
  assertFinite('optimalThreshold: slippage', slippage);
  let best = 0;
  for (let i = 1; i < x.length; i++) if (at(x, i) * at(p, i) > at(x, best) * at(p, best)) best = i;
  let t = at(x, best);
  if (opts.refine && best > 0 && best < x.length - 1) {
    const x0 = at(x, best - 1),
      x1 = at(x, best),
      x2 = at(x, best + 1);
    const f0 = x0 * at(p, best - 1),
      f1 = x1 * at(p, best),
      f2 = x2 * at(p, best + 1);
    const den = (x1 - x0) * (f1 - f2) - (x1 - x2) * (f1 - f0);
    if (den !== 0) {
      const v = x1 - (0.5 * ((x1 - x0) ** 2 * (f1 - f2) - (x1 - x2) ** 2 * (f1 - f0))) / den;
      if (v > x0 && v < x2) t = v;
    }
  }
  const floored = t < slippage;
  return { threshold: floored ? slippage : t, expectedProfit: mult * at(x, best) * at(p, best), index: best, floored };
}

/**
 * White-noise (Gaussian) optimum in units of σ: the root of 1 − Φ(Δ) = Δ·φ(Δ), the maximiser
 * of Δ(1 − Φ(Δ)) — 0.7517915… (Newton on g(Δ) = 1 − Φ(Δ) − Δφ(Δ), g' = (Δ² − 2)φ(Δ)).
 */
export function gaussianOptimalThreshold(): { threshold: number; profitPerStep: number } {
  let d = 0.75;
  for (let i = 0; i < 50; i++) {
    const g = normalSf(d) - d * normalPdf(d);
    const step = g / ((d * d - 2) * normalPdf(d));
    d -= step;
    if (Math.abs(step) < 1e-16) break;
  }
  return { threshold: d, profitPerStep: 2 * d * (1 - normalCdf(d)) };
}
