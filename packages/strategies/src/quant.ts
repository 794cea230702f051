/**
 * The one place this package takes math from (`@ritc/quant`), with the thin adapters the strategies
 * need: plain-number results and no throwing on degenerate data where a strategy can fall back.
 */
import { coint as quantCoint, ols, QuantError } from '@ritc/quant';

export {
  normalQuantile,
  normalCdf,
  computeOptimalVolume,
  reservationPrice,
  tikhonovSmooth,
  optimalThreshold,
} from '@ritc/quant';

/** OLS y = α + βx; null when the data cannot support a fit (too short, non-finite, collinear). */
export function olsSimple(y: number[], x: number[]): { alpha: number; beta: number } | null {
  try {
    const fit = ols(y, x);
    const [alpha, beta] = fit.coefficients;
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
    return { statistic: r.statistic, pvalue: r.pvalue, beta: r.hedgeRatio[0], alpha: r.intercept };
  } catch (err) {
    if (err instanceof QuantError) return null;
    throw err;
  }
}
