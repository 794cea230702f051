// Ordinary least squares via ml-matrix's Householder QR (numerically stable; no normal equations).

import { Matrix, QrDecomposition } from 'ml-matrix';
import { at, atF64 } from '../checked';
import { QuantError, assertFiniteArray } from '../errors';
import { inverseGramDiagonal } from './qr';

export interface OlsOptions {
  /** Prepend a column of ones (default true). */
  intercept?: boolean;
}

export interface OlsResult {
  /** β, intercept first when included, then one per regressor series in the given order. */
  coefficients: number[];
  standardErrors: number[];
  tValues: number[];
  residuals: number[];
  fitted: number[];
  /** Σ residual². */
  ssr: number;
  /** σ̂² = SSR / (n − k). */
  sigma2: number;
  /** Rows n. */
  nobs: number;
  /** Regressors k, intercept included. */
  k: number;
  /** Residual degrees of freedom n − k. */
  dfResid: number;
  rSquared: number;
  /** Gaussian log-likelihood at the estimate (statsmodels' llf). */
  llf: number;
  /** −2·llf + 2k (statsmodels' aic). */
  aic: number;
  hasIntercept: boolean;
}

/** Accepts one regressor series or several (an array of series, each of length n). */
export function toSeriesList(
  X: ReadonlyArray<number> | ReadonlyArray<ReadonlyArray<number>>,
  where: string,
): ReadonlyArray<ReadonlyArray<number>> {
  if (!Array.isArray(X))
    throw new QuantError('E_SHAPE', `${where}: X must be an array (one series) or an array of series`);
  if (X.length > 0 && typeof X[0] === 'number') return [X as ReadonlyArray<number>];
  return X as ReadonlyArray<ReadonlyArray<number>>;
}

/**
 * OLS of y on [1, X₁, …, X_K] (or without the intercept). X is a list of regressor SERIES
 * (columns), e.g. ols(y, x) or ols(y, [x1, x2]).
 */
export function ols(
  y: ReadonlyArray<number>,
  X: ReadonlyArray<number> | ReadonlyArray<ReadonlyArray<number>>,
  opts: OlsOptions = {},
): OlsResult {
  const series = toSeriesList(X, 'ols');
  const intercept = opts.intercept ?? true;
  const n = y.length;
  assertFiniteArray('ols: y', y);
  // An element may be missing or null in an untyped caller's list of series.
  series.forEach((s: ReadonlyArray<number> | null | undefined, j) => {
    if (!s || s.length !== n)
      throw new QuantError('E_SHAPE', `ols: regressor ${j} has length ${s?.length}, y has ${n}`);
    assertFiniteArray(`ols: X[${j}]`, s);
  });
  const k = series.length + (intercept ? 1 : 0);
  if (k === 0) throw new QuantError('E_SHAPE', 'ols: no regressors');
  if (n <= k) throw new QuantError('E_SHAPE', `ols: need more observations (${n}) than regressors (${k})`);

  const design = new Matrix(n, k);
  const colNorm = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    let c = 0;
    if (intercept) design.set(i, c++, 1);
    for (const s of series) design.set(i, c++, at(s, i));
  }
  for (let j = 0; j < k; j++) {
    let ss = 0;
    for (let i = 0; i < n; i++) ss += design.get(i, j) ** 2;
    colNorm[j] = Math.sqrt(ss);
  }
  const qr = new QrDecomposition(design);
  const R = qr.upperTriangularMatrix;
  for (let j = 0; j < k; j++) {
    if (!(Math.abs(R.get(j, j)) > 1e-12 * atF64(colNorm, j))) {
      throw new QuantError(
        'E_SINGULAR',
        `ols: design matrix is rank deficient (column ${j}${intercept && j === 0 ? ' (intercept)' : ''} is collinear or zero)`,
      );
    }
  }
  const beta = qr.solve(Matrix.columnVector(Array.from(y))).getColumn(0);

  const fitted = new Array<number>(n);
  const residuals = new Array<number>(n);
  let ssr = 0;
  let ym = 0;
  for (let i = 0; i < n; i++) ym += at(y, i);
  ym /= n;
  let tss = 0;
  for (let i = 0; i < n; i++) {
    let f = 0;
    for (let j = 0; j < k; j++) f += design.get(i, j) * at(beta, j);
    fitted[i] = f;
    const e = at(y, i) - f;
    residuals[i] = e;
    ssr += e * e;
    const d = intercept ? at(y, i) - ym : at(y, i); // statsmodels: uncentered R² without a constant
    tss += d * d;
  }
  const dfResid = n - k;
  const sigma2 = ssr / dfResid;
  const diag = inverseGramDiagonal(k, (i, j) => R.get(i, j));
  const standardErrors = Array.from(diag, (d) => Math.sqrt(sigma2 * d));
  const tValues = beta.map((b, j) => b / at(standardErrors, j));
  const llf = -(n / 2) * (Math.log(2 * Math.PI) + Math.log(ssr / n) + 1);
  return {
    coefficients: beta,
    standardErrors,
    tValues,
    residuals,
    fitted,
    ssr,
    sigma2,
    nobs: n,
    k,
    dfResid,
    rSquared: tss > 0 ? 1 - ssr / tss : NaN,
    llf,
    aic: -2 * llf + 2 * k,
    hasIntercept: intercept,
  };
}
