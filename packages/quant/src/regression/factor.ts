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

/**
 * Loadings of the one factor that moves most of `rows` (each row one observation of every series):
 * the top eigenvector of Σ y·yᵀ (power iteration), unit length, signed so its sum is positive. With
 * series that are a factor times their loadings plus noise of equal size on each, its direction is
 * the loadings' — which is all a factor-neutral book needs. Null for fewer than two rows or no movement.
 */
export function factorLoadings(rows: readonly (readonly number[])[], iterations = 100): number[] | null {
  if (rows.length < 2) return null;
  const k = rows[0]!.length;
  const m = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (const y of rows) {
    if (y.length !== k) throw new QuantError('E_SHAPE', `a row has ${y.length} values, not ${k}`);
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) m[i]![j]! += y[i]! * y[j]!;
  }
  let v = new Array<number>(k).fill(1 / Math.sqrt(k));
  for (let it = 0; it < iterations; it++) {
    const w = m.map((row) => row.reduce((s, x, j) => s + x * v[j]!, 0));
    const norm = Math.sqrt(w.reduce((s, x) => s + x * x, 0));
    if (!(norm > 0) || !Number.isFinite(norm)) return null;
    v = w.map((x) => x / norm);
  }
  const sign = v.reduce((s, x) => s + x, 0) < 0 ? -1 : 1;
  return v.map((x) => x * sign);
}
