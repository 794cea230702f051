/**
 * The one place this package takes math from (`@ritc/quant`), with the thin adapters the strategies
 * need: plain-number results and no throwing on degenerate data where a strategy can fall back. The
 * checked element access (`at`, `first`, `last`) comes from here too.
 */
import { at, coint as quantCoint, first, ols, QuantError } from '@ritc/quant';

export {
  at,
  first,
  last,
  normalQuantile,
  normalCdf,
  computeOptimalVolume,
  reservationPrice,
  tikhonovSmooth,
  optimalThreshold,
  ar1HalfLife,
  factorLoadings,
  pooledAr1,
  projectOutFactor,
} from '@ritc/quant';

/** OLS y = α + βx; null when the data cannot support a fit (too short, non-finite, collinear). */
export function olsSimple(y: number[], x: number[]): { alpha: number; beta: number } | null {
  try {
    const fit = ols(y, x);
    // One regressor and an intercept: exactly two coefficients.
    const alpha = at(fit.coefficients, 0);
    const beta = at(fit.coefficients, 1);
    return Number.isFinite(alpha) && Number.isFinite(beta) ? { alpha, beta } : null;
  } catch (err) {
    if (err instanceof QuantError) return null;
    throw err;
  }
}

/** Engle–Granger test of y on x; null on degenerate data (a QuantError) so the caller can fall back. */
export function coint(
  y: number[],
  x: number[],
): { statistic: number; pvalue: number; beta: number; alpha: number } | null {
  try {
    const r = quantCoint(y, x);
    return { statistic: r.statistic, pvalue: r.pvalue, beta: first(r.hedgeRatio), alpha: r.intercept };
  } catch (err) {
    if (err instanceof QuantError) return null;
    throw err;
  }
}
