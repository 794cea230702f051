// Augmented Dickey–Fuller test reproducing statsmodels' adfuller (0.13): same default maxlag,
// same common-sample AIC lag search, same re-fit on the longest sample, same MacKinnon tables.

import { at, atF64 } from '../checked';
import { QuantError, assertFiniteArray } from '../errors';
import { CriticalValues, MacKinnonRegression, mackinnoncrit, mackinnonp } from './mackinnon';
import { householderAugmented, prefixCoefficients, prefixInverseGramDiagonal, prefixSsr } from './qr';

export interface AdfOptions {
  /** Highest lag of Δy considered; absent or null: min(⌈12·(nobs/100)^¼⌉, ⌊nobs/2⌋ − ntrend − 1). */
  maxlag?: number | null;
  /** Deterministic terms: 'c' constant (default), 'ct' constant + trend, 'n' none. */
  regression?: MacKinnonRegression;
  /** 'AIC' (default): choose the lag by AIC; null: use maxlag as given. */
  autolag?: 'AIC' | null;
}

export interface AdfResult {
  /** t statistic of γ in Δy_t = det + γ·y_{t−1} + Σ δ_i Δy_{t−i} + ε_t. */
  statistic: number;
  /** MacKinnon (1994) approximate p-value (N = 1). */
  pvalue: number;
  usedlag: number;
  /** Rows of the final regression (the T used for the critical values). */
  nobs: number;
  criticalValues: CriticalValues;
  /** Winning AIC of the common-sample search (present when autolag = 'AIC'). */
  icbest?: number;
  /** The maxlag actually used for the search / fit. */
  maxlag: number;
  regression: MacKinnonRegression;
  /** γ̂ (coefficient of y_{t−1}). */
  gamma: number;
}

const LN_2PI = Math.log(2 * Math.PI);

function ntrendOf(regression: MacKinnonRegression): number {
  return regression === 'n' ? 0 : regression === 'c' ? 1 : 2;
}

/**
 * Builds [deterministic…, y_{t−1}, Δy_{t−1} … Δy_{t−lags}] and Δy_t for the rows that have
 * `sampleLag` lags available, column-major, y appended as the last column.
 */
function buildAugmented(
  x: ArrayLike<number>,
  dx: Float64Array,
  sampleLag: number,
  lags: number,
  ntrend: number,
): { a: Float64Array; n: number; k: number } {
  const n = dx.length - sampleLag;
  const k = ntrend + 1 + lags;
  const a = new Float64Array(n * (k + 1));
  let c = 0;
  if (ntrend >= 1) {
    a.fill(1, 0, n);
    c++;
  }
  if (ntrend >= 2) {
    for (let r = 0; r < n; r++) a[n + r] = r + 1;
    c++;
  }
  for (let r = 0; r < n; r++) a[c * n + r] = at(x, sampleLag + r);
  c++;
  for (let j = 1; j <= lags; j++, c++) {
    const off = c * n;
    for (let r = 0; r < n; r++) a[off + r] = atF64(dx, sampleLag + r - j);
  }
  const off = k * n;
  for (let r = 0; r < n; r++) a[off + r] = atF64(dx, sampleLag + r);
  return { a, n, k };
}

function aic(ssr: number, n: number, k: number): number {
  return n * LN_2PI + n * Math.log(ssr / n) + n + 2 * k;
}

export function adfuller(x: ReadonlyArray<number> | Float64Array, opts: AdfOptions = {}): AdfResult {
  // Read as plain values and checked: JavaScript callers and configs are not held to the types.
  const regression: string = opts.regression ?? 'c';
  if (regression !== 'c' && regression !== 'n' && regression !== 'ct') {
    throw new QuantError(
      'E_UNSUPPORTED',
      `adfuller: regression must be 'c', 'n' or 'ct', got ${JSON.stringify(regression)}`,
    );
  }
  const autolag: string | null = opts.autolag === undefined ? 'AIC' : opts.autolag;
  if (autolag !== 'AIC' && autolag !== null)
    throw new QuantError('E_UNSUPPORTED', `adfuller: autolag must be 'AIC' or null, got ${JSON.stringify(autolag)}`);
  assertFiniteArray('adfuller: x', x);
  const nobs0 = x.length;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < nobs0; i++) {
    lo = Math.min(lo, at(x, i));
    hi = Math.max(hi, at(x, i));
  }
  if (nobs0 === 0 || lo === hi) throw new QuantError('E_DOMAIN', 'adfuller: x is empty or constant');
  const ntrend = ntrendOf(regression);
  const cap = Math.floor(nobs0 / 2) - ntrend - 1;
  let maxlag: number;
  if (opts.maxlag === undefined || opts.maxlag === null) {
    maxlag = Math.min(cap, Math.ceil(12 * Math.pow(nobs0 / 100, 1 / 4)));
    if (maxlag < 0)
      throw new QuantError('E_SHAPE', `adfuller: sample of ${nobs0} is too short for regression '${regression}'`);
  } else {
    maxlag = opts.maxlag;
    if (!Number.isInteger(maxlag) || maxlag < 0)
      throw new QuantError('E_DOMAIN', `adfuller: maxlag must be a non-negative integer, got ${maxlag}`);
    if (maxlag > cap)
      throw new QuantError(
        'E_SHAPE',
        `adfuller: maxlag must be ≤ nobs/2 − 1 − ntrend = ${cap} for ${nobs0} observations, got ${maxlag}`,
      );
  }
  const dx = new Float64Array(nobs0 - 1);
  for (let i = 0; i < dx.length; i++) dx[i] = at(x, i + 1) - at(x, i);

  let usedlag = maxlag;
  let icbest: number | undefined;
  if (autolag === 'AIC') {
    // Every candidate lag on the same rows (those with maxlag lags available): one QR serves all.
    const common = buildAugmented(x, dx, maxlag, maxlag, ntrend);
    const f = householderAugmented(common.a, common.n, common.k);
    let best = Infinity;
    let bestLag = 0;
    for (let lag = 0; lag <= maxlag; lag++) {
      const p = ntrend + 1 + lag;
      const ic = aic(prefixSsr(f, p), common.n, p);
      if (ic < best) {
        best = ic;
        bestLag = lag;
      }
    }
    usedlag = bestLag;
    icbest = best;
  }
  const fin = buildAugmented(x, dx, usedlag, usedlag, ntrend);
  const f = householderAugmented(fin.a, fin.n, fin.k);
  const p = fin.k;
  const beta = prefixCoefficients(f, p);
  const ssr = prefixSsr(f, p);
  const sigma2 = ssr / (fin.n - p);
  const diag = prefixInverseGramDiagonal(f, p);
  const gamma = atF64(beta, ntrend);
  const statistic = gamma / Math.sqrt(sigma2 * atF64(diag, ntrend));
  const result: AdfResult = {
    statistic,
    pvalue: mackinnonp(statistic, regression, 1),
    usedlag,
    nobs: fin.n,
    criticalValues: mackinnoncrit(1, regression, fin.n),
    maxlag,
    regression,
    gamma,
  };
  if (icbest !== undefined) result.icbest = icbest;
  return result;
}
