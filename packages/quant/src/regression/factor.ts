import { QuantError } from '../errors';

/**
 * The part of `y` orthogonal to `beta`: y − beta·(beta·y)/(beta·beta). For log prices that load on
 * one common factor through `beta`, the factor's move vanishes from the result, so what is left is
 * the residuals' own part — the part a book with Σ wᵢ·betaᵢ = 0 (factor-neutral weights) can earn.
 */
export function projectOutFactor(y: readonly number[], beta: readonly number[]): number[] {
  if (y.length !== beta.length) throw new QuantError('E_SHAPE', `y has ${y.length} values, beta ${beta.length}`);
  let bb = 0;
  let by = 0;
  for (let i = 0; i < y.length; i++) {
    bb += beta[i]! * beta[i]!;
    by += beta[i]! * y[i]!;
  }
  if (!(bb > 0)) throw new QuantError('E_DOMAIN', 'beta must not be all zero');
  return y.map((v, i) => v - (beta[i]! * by) / bb);
}

/**
 * AR(1) coefficient φ of zero-mean series pooled together (x_t = φ·x_{t−1} + ε): Σ x_t·x_{t−1} / Σ x_{t−1}².
 * Null when the series hold fewer than two points each or never move off zero.
 */
export function pooledAr1(series: readonly (readonly number[])[]): number | null {
  let num = 0;
  let den = 0;
  for (const s of series)
    for (let t = 1; t < s.length; t++) {
      num += s[t]! * s[t - 1]!;
      den += s[t - 1]! * s[t - 1]!;
    }
  if (!(den > 0) || !Number.isFinite(num)) return null;
  return num / den;
}

/** Half-life in steps of an AR(1) coefficient: ln ½ / ln φ (Infinity when φ ≥ 1 or φ ≤ 0: no reversion to speak of). */
export function ar1HalfLife(phi: number): number {
  if (!(phi > 0) || phi >= 1) return Number.POSITIVE_INFINITY;
  return Math.log(0.5) / Math.log(phi);
}
