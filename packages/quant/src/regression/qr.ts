// Householder QR of an augmented design [X | y] stored column-major in one Float64Array.
// The R factor alone gives every nested least-squares fit on a column prefix of X:
// with c = R[:, K] (= Qᵀy), SSR of the first-k-columns fit = Σ_{j=k}^{K} c_j².
// ADF's lag search (K+1 nested models on one sample) then costs a single factorisation.
// ols() uses ml-matrix; this kernel is the allocation-light hot path of adfuller/coint and is
// cross-checked against ml-matrix in the tests.

import { atF64 } from '../checked';
import { QuantError } from '../errors';

export interface AugmentedR {
  /** (K+1)×(K+1) upper-triangular, column-major: R[i][j] at r[j*(K+1)+i]. Last column = Qᵀy (first K+1 entries). */
  r: Float64Array;
  /** Number of regressors K (y is column K). */
  k: number;
  /** Rows n. */
  n: number;
}

/**
 * Factorises the column-major n×(K+1) matrix `a` (X then y) in place and returns R.
 * Throws E_SINGULAR if some column of X is (numerically) in the span of the previous ones.
 */
export function householderAugmented(a: Float64Array, n: number, k: number): AugmentedR {
  const cols = k + 1;
  if (a.length !== n * cols)
    throw new QuantError('E_SHAPE', `householderAugmented: buffer has ${a.length} values, expected ${n}×${cols}`);
  if (n < cols) throw new QuantError('E_SHAPE', `least squares needs more rows (${n}) than columns (${cols})`);
  const r = new Float64Array(cols * cols);
  const original = new Float64Array(k);
  for (let j = 0; j < k; j++) original[j] = columnNorm(a, j * n, 0, n);
  for (let j = 0; j < cols; j++) {
    const cj = j * n;
    const norm = columnNorm(a, cj, j, n);
    // What is left of column j after projecting out the previous ones, relative to its size.
    if (j < k && !(norm > 1e-12 * atF64(original, j))) {
      throw new QuantError(
        'E_SINGULAR',
        `design matrix is rank deficient (column ${j} is a linear combination of the previous ones, or zero)`,
      );
    }
    if (j === k || norm === 0) {
      // y column: R_KK = residual norm of the full fit; no reflection needed afterwards.
      r[j * cols + j] = norm;
      for (let i = 0; i < j; i++) r[j * cols + i] = atF64(a, cj + i);
      continue;
    }
    const x0 = atF64(a, cj + j);
    const alpha = x0 > 0 ? -norm : norm;
    // v = x − α e1 stored in place of x; vᵀv = 2‖x‖(‖x‖ + |x0|) because α = −sgn(x0)‖x‖.
    a[cj + j] = x0 - alpha;
    const vtv = 2 * norm * (norm + Math.abs(x0));
    for (let jj = j + 1; jj < cols; jj++) {
      const cjj = jj * n;
      let dot = 0;
      for (let i = j; i < n; i++) dot += atF64(a, cj + i) * atF64(a, cjj + i);
      const f = (2 * dot) / vtv;
      for (let i = j; i < n; i++) a[cjj + i] = atF64(a, cjj + i) - f * atF64(a, cj + i);
    }
    for (let i = 0; i < j; i++) r[j * cols + i] = atF64(a, cj + i);
    r[j * cols + j] = alpha;
  }
  return { r, k, n };
}

/** ‖a[off+from … off+n−1]‖₂, scaled so huge or tiny values neither overflow nor underflow. */
function columnNorm(a: Float64Array, off: number, from: number, n: number): number {
  let scale = 0;
  for (let i = from; i < n; i++) scale = Math.max(scale, Math.abs(atF64(a, off + i)));
  if (scale === 0 || !Number.isFinite(scale)) return scale;
  let ss = 0;
  for (let i = from; i < n; i++) {
    const v = atF64(a, off + i) / scale;
    ss += v * v;
  }
  return scale * Math.sqrt(ss);
}

/** SSR of the least-squares fit on the first `p` columns of X (0 ≤ p ≤ K). */
export function prefixSsr(f: AugmentedR, p: number): number {
  const cols = f.k + 1;
  const c = f.k * cols; // start of y column in r
  let s = 0;
  for (let j = p; j <= f.k; j++) {
    const v = atF64(f.r, c + j);
    s += v * v;
  }
  return s;
}

/** Coefficients of the fit on the first p columns (back substitution on R[0:p,0:p]). */
export function prefixCoefficients(f: AugmentedR, p: number): Float64Array {
  const cols = f.k + 1;
  const yc = f.k * cols;
  const b = new Float64Array(p);
  for (let i = p - 1; i >= 0; i--) {
    let s = atF64(f.r, yc + i);
    for (let j = i + 1; j < p; j++) s -= atF64(f.r, j * cols + i) * atF64(b, j);
    b[i] = s / atF64(f.r, i * cols + i);
  }
  return b;
}

/**
 * Diagonal of (XᵀX)⁻¹ = R⁻¹R⁻ᵀ for the first p columns: row i of R⁻¹ squared and summed.
 * Takes an upper-triangular p×p `get(i,j)` accessor so ols() can reuse it with ml-matrix's R.
 */
export function inverseGramDiagonal(p: number, get: (i: number, j: number) => number): Float64Array {
  // Solve R W = I column by column (W = R⁻¹ upper triangular).
  const w = new Float64Array(p * p); // column-major
  for (let c = 0; c < p; c++) {
    for (let i = c; i >= 0; i--) {
      let s = i === c ? 1 : 0;
      for (let j = i + 1; j <= c; j++) s -= get(i, j) * atF64(w, c * p + j);
      w[c * p + i] = s / get(i, i);
    }
  }
  const d = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let s = 0;
    for (let c = i; c < p; c++) s += atF64(w, c * p + i) * atF64(w, c * p + i);
    d[i] = s;
  }
  return d;
}

export function prefixInverseGramDiagonal(f: AugmentedR, p: number): Float64Array {
  const cols = f.k + 1;
  return inverseGramDiagonal(p, (i, j) => atF64(f.r, j * cols + i));
}
