/**
 * The one place this package takes math from. TEMPORARY local implementations until
 * `@ritc/quant` exports its contract; then this file becomes a re-export.
 */

// ---- normal distribution (Acklam's rational approximation + one Halley step on an erfc-based CDF)
function erfc(x: number): number {
  // W. J. Cody's rational Chebyshev approximation via the complementary error function (|err| < 1.2e-7
  // before refinement; the Halley step in normalQuantile restores full precision in practice).
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? r : 2 - r;
}
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) {
    if (p === 0) return -Infinity;
    if (p === 1) return Infinity;
    throw new RangeError(`normalQuantile: p must be in [0,1], got ${p}`);
  }
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const pl = 0.02425;
  let x: number;
  if (p < pl) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p <= 1 - pl) {
    const q = p - 0.5;
    const r = q * q;
    x = ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  return x;
}

// ---- Optimal execution horizon (Easley, López de Prado, O'Hara 2015)
export function getOI(v: number, m: number, phi: number, vB: number): number {
  const b = 2 * vB - 1;
  return phi * ((m - b * Math.abs(m)) / v + b) + (1 - phi) * b;
}
export function getBounds(m: number, phi: number, vB: number, sigma: number, volSigma: number, S_S: number, zLambda: number, k = 0) {
  void vB;
  const lam = S_S + Math.abs(m) * k;
  const s = Math.sign(m);
  const w = (zLambda * sigma * Math.sqrt(Math.abs(m))) / (4 * phi * lam * Math.sqrt(volSigma));
  return { vBl: (s + 1) / 2 - w, vBu: (s + 1) / 2 + w, vBz: ((s * phi) / (phi - 1) + 1) / 2 };
}
export function computeOptimalVolume(m: number, phi: number, vB: number, sigma: number, volSigma: number, S_S: number, zLambda: number, k = 0): number {
  if (!(zLambda < 0)) throw new RangeError('computeOptimalVolume: zLambda must be negative');
  if (phi <= 0) phi += 1e-12;
  if (phi >= 1) phi -= 1e-12;
  const { vBl, vBu, vBz } = getBounds(m, phi, vB, sigma, volSigma, S_S, zLambda, k);
  const lam = S_S + Math.abs(m) * k;
  const A = (2 * vB - 1) * Math.abs(m);
  if (A < m) {
    const v1 = Math.pow((2 * phi * (A - m) * lam * Math.sqrt(volSigma)) / (zLambda * sigma), 2 / 3);
    if (getOI(v1, m, phi, vB) > 0) return vB <= vBu ? v1 : Math.abs(m);
  } else if (A > m) {
    const v2 = Math.pow((2 * phi * (m - A) * lam * Math.sqrt(volSigma)) / (zLambda * sigma), 2 / 3);
    if (getOI(v2, m, phi, vB) < 0) return vB >= vBl ? v2 : Math.abs(m);
  } else return Math.abs(m);
  const b = 2 * vB - 1;
  if (m < 0) return vB < vBz ? phi * (Math.abs(m) - m / b) : Math.abs(m);
  return vB >= vBz ? phi * (Math.abs(m) - m / b) : Math.abs(m);
}

// ---- Avellaneda–Stoikov
export function reservationPrice(s: number, q: number, gamma: number, sigma: number, tau: number): number {
  return s - q * gamma * sigma * sigma * tau;
}

// ---- Least squares y = a + b x
export function olsSimple(y: ArrayLike<number>, x: ArrayLike<number>): { alpha: number; beta: number; residuals: number[] } {
  const n = y.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) { mx += x[i]; my += y[i]; }
  mx /= n; my /= n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) { sxy += (x[i] - mx) * (y[i] - my); sxx += (x[i] - mx) ** 2; }
  const beta = sxx > 0 ? sxy / sxx : NaN;
  const alpha = my - beta * mx;
  const residuals: number[] = [];
  for (let i = 0; i < n; i++) residuals.push(y[i] - alpha - beta * x[i]);
  return { alpha, beta, residuals };
}

/** Engle–Granger with a lag-0 Dickey–Fuller test on the residuals and MacKinnon (1994) N = 2 p-values. */
export function coint(y: ArrayLike<number>, x: ArrayLike<number>): { statistic: number; pvalue: number; criticalValues: number[] } {
  const { residuals: e } = olsSimple(y, x);
  const n = e.length;
  let sxy = 0;
  let sxx = 0;
  for (let t = 1; t < n; t++) { sxy += e[t - 1] * (e[t] - e[t - 1]); sxx += e[t - 1] ** 2; }
  const g = sxy / sxx;
  let ssr = 0;
  for (let t = 1; t < n; t++) ssr += (e[t] - e[t - 1] - g * e[t - 1]) ** 2;
  const se = Math.sqrt(ssr / (n - 2) / sxx);
  const stat = g / se;
  let p: number;
  if (!Number.isFinite(stat)) p = NaN;
  else if (stat > 0.92) p = 1;
  else if (stat < -18.86) p = 0;
  else if (stat <= -2.62) p = normalCdf(2.92 + 1.5012 * stat + 0.039796 * stat * stat);
  else p = normalCdf(2.1945 + 0.64695 * stat - 0.29198 * stat * stat - 0.042377 * stat ** 3);
  const T = n - 1;
  const crit = [[-3.89644, -10.9519, -33.527], [-3.33613, -6.1101, -6.823], [-3.04445, -4.2412, -2.72]].map(([b0, b1, b2]) => b0 + b1 / T + b2 / (T * T));
  return { statistic: stat, pvalue: p, criticalValues: crit };
}

// ---- Tikhonov–Miller smoothing: (I + λ DᵀD) z = y, Thomas algorithm
export function tikhonovSmooth(y: ArrayLike<number>, lambda: number): number[] {
  const n = y.length;
  if (n === 0) return [];
  if (n === 1) return [y[0]];
  const a = new Array<number>(n).fill(-lambda);
  const b = new Array<number>(n);
  const c = new Array<number>(n).fill(-lambda);
  for (let i = 0; i < n; i++) b[i] = 1 + lambda * (i === 0 || i === n - 1 ? 1 : 2);
  const cp = new Array<number>(n);
  const dp = new Array<number>(n);
  cp[0] = c[0] / b[0];
  dp[0] = y[0] / b[0];
  for (let i = 1; i < n; i++) {
    const den = b[i] - a[i] * cp[i - 1];
    cp[i] = c[i] / den;
    dp[i] = (y[i] - a[i] * dp[i - 1]) / den;
  }
  const z = new Array<number>(n);
  z[n - 1] = dp[n - 1];
  for (let i = n - 2; i >= 0; i--) z[i] = dp[i] - cp[i] * z[i + 1];
  return z;
}
