// Standard normal distribution in full double precision.
//
// CDF: W. J. Cody's rational Chebyshev approximations (Math. Comp. 1969, "ANORM"), in the
// arrangement used by R's pnorm: three intervals, and the exp(-x²/2) factor split as
// exp(-xsq²/2)·exp(-del/2) with xsq = trunc(16x)/16 so the far tail keeps full relative
// precision (≈1e-16 relative wherever the result is a normal double).
// Quantile: Wichura's AS241 (PPND16, ≈1e-16 relative) followed by one Newton step on the
// tail that is numerically small.

import { QuantError } from './errors';

// Fixed-size tables (tuples), read only at constant indices, which the compiler checks. The
// recurrences of Cody's loops are written out (same operations in the same order): this is the
// innermost function of VPIN classification, and constant reads need no run-time check.
const A = [
  2.2352520354606839287, 161.02823106855587881, 1067.6894854603709582, 18154.981253343561249, 0.065682337918207449113,
] as const;
const B = [47.20258190468824187, 976.09855173777669322, 10260.932208618978205, 45507.789335026729956] as const;
const C = [
  0.39894151208813466764, 8.8831497943883759412, 93.506656132177855979, 597.27027639480026226, 2494.5375852903726711,
  6848.1904505362823326, 11602.651437647350124, 9842.7148383839780218, 1.0765576773720192317e-8,
] as const;
const D = [
  22.266688044328115691, 235.38790178262499861, 1519.377599407554805, 6485.558298266760755, 18615.571640885098091,
  34900.952721145977266, 38912.003286093271411, 19685.429676859990727,
] as const;
const P = [
  0.21589853405795699, 0.1274011611602473639, 0.022235277870649807, 0.001421619193227893466, 2.9112874951168792e-5,
  0.02307344176494017303,
] as const;
const Q = [
  1.28426009614491121, 0.468238212480865118, 0.0659881378689285515, 0.00378239633202758244, 7.29751555083966205e-5,
] as const;

const M_1_SQRT_2PI = 0.398942280401432677939946059934;
const M_SQRT_32 = 5.65685424949238019520675489684;
const DBL_EPS_HALF = 1.1102230246251565e-16;

/** exp(-x²/2)·temp computed as exp(-xsq²/2)·exp(-del/2)·temp (Cody / R: avoids cancellation in x²). */
function tailFactor(x: number, temp: number): number {
  const xsq = Math.trunc(x * 16) / 16;
  const del = (x - xsq) * (x + xsq);
  return Math.exp(-xsq * xsq * 0.5) * Math.exp(-del * 0.5) * temp;
}

/**
 * Lower and upper tail together: returns the SMALLER tail probability for |x| and
 * leaves the choice of side to callers (each side computed without 1 − p cancellation).
 * Result for x ≤ 0 is Φ(x); for x > 0 it is 1 − Φ(x).
 */
function smallTail(x: number): number {
  const y = Math.abs(x);
  if (y <= 0.67448975) {
    // central interval: Φ(x) = 0.5 + x·R(x²)
    let xnum = 0;
    let xden = 0;
    if (y > DBL_EPS_HALF) {
      const xsq = x * x;
      xnum = (((A[4] * xsq + A[0]) * xsq + A[1]) * xsq + A[2]) * xsq;
      xden = (((xsq + B[0]) * xsq + B[1]) * xsq + B[2]) * xsq;
    }
    const temp = (y * (xnum + A[3])) / (xden + B[3]);
    return 0.5 - temp;
  }
  if (y <= M_SQRT_32) {
    const xnum = (((((((C[8] * y + C[0]) * y + C[1]) * y + C[2]) * y + C[3]) * y + C[4]) * y + C[5]) * y + C[6]) * y;
    const xden = (((((((y + D[0]) * y + D[1]) * y + D[2]) * y + D[3]) * y + D[4]) * y + D[5]) * y + D[6]) * y;
    return tailFactor(y, (xnum + C[7]) / (xden + D[7]));
  }
  if (y < 37.5193) {
    const xsq = 1 / (x * x);
    const xnum = ((((P[5] * xsq + P[0]) * xsq + P[1]) * xsq + P[2]) * xsq + P[3]) * xsq;
    const xden = ((((xsq + Q[0]) * xsq + Q[1]) * xsq + Q[2]) * xsq + Q[3]) * xsq;
    let temp = (xsq * (xnum + P[4])) / (xden + Q[4]);
    temp = (M_1_SQRT_2PI - temp) / y;
    return tailFactor(y, temp);
  }
  return 0;
}

/** Φ(x), the standard normal CDF. NaN in → NaN out; ±Infinity → 1 / 0. */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const t = smallTail(x);
  return x <= 0 ? t : 1 - t;
}

/** 1 − Φ(x) without cancellation (accurate for large positive x). */
export function normalSf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const t = smallTail(x);
  return x <= 0 ? 1 - t : t;
}

/** φ(x), the standard normal density. */
export function normalPdf(x: number): number {
  return M_1_SQRT_2PI * Math.exp(-0.5 * x * x);
}

/** AS241 PPND16 (Wichura 1988); p in (0,1). */
function as241(p: number): number {
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (
      (q *
        (((((((r * 2509.0809287301226727 + 33430.575583588128105) * r + 67265.770927008700853) * r +
          45921.953931549871457) *
          r +
          13731.693765509461125) *
          r +
          1971.5909503065514427) *
          r +
          133.14166789178437745) *
          r +
          3.387132872796366608)) /
      (((((((r * 5226.495278852545925 + 28729.085735721942674) * r + 39307.89580009271061) * r +
        21213.794301586595867) *
        r +
        5394.1960214247511077) *
        r +
        687.1870074920579083) *
        r +
        42.313330701600911252) *
        r +
        1)
    );
  }
  let r = q < 0 ? p : 1 - p;
  r = Math.sqrt(-Math.log(r));
  let val: number;
  if (r <= 5) {
    r -= 1.6;
    val =
      (((((((r * 7.7454501427834140764e-4 + 0.0227238449892691845833) * r + 0.24178072517745061177) * r +
        1.27045825245236838258) *
        r +
        3.64784832476320460504) *
        r +
        5.7694972214606914055) *
        r +
        4.6303378461565452959) *
        r +
        1.42343711074968357734) /
      (((((((r * 1.05075007164441684324e-9 + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r +
        0.14810397642748007459) *
        r +
        0.68976733498510000455) *
        r +
        1.6763848301838038494) *
        r +
        2.05319162663775882187) *
        r +
        1);
  } else {
    r -= 5;
    val =
      (((((((r * 2.01033439929228813265e-7 + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r +
        0.026532189526576123093) *
        r +
        0.29656057182850489123) *
        r +
        1.7848265399172913358) *
        r +
        5.4637849111641143699) *
        r +
        6.6579046435011037772) /
      (((((((r * 2.04426310338993978564e-15 + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r +
        7.868691311456132591e-4) *
        r +
        0.0148753612908506148525) *
        r +
        0.13692988092273580531) *
        r +
        0.59983220655588793769) *
        r +
        1);
  }
  return q < 0 ? -val : val;
}

/**
 * Φ⁻¹(p). p = 0 → −Infinity, p = 1 → +Infinity, outside [0,1] or NaN → QuantError.
 * One Newton step refines AS241; it works on the small tail so p near 1 keeps its precision
 * as far as 1 − p is representable.
 */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) throw new QuantError('E_DOMAIN', `normalQuantile: p must be in [0,1], got ${p}`);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const x = as241(p);
  if (!Number.isFinite(x)) return x;
  const dens = normalPdf(x);
  if (dens === 0) return x;
  // F(x) − p, computed on the tail where it is small: for x > 0 it equals (1 − p) − sf(x).
  const err = x <= 0 ? normalCdf(x) - p : 1 - p - normalSf(x);
  return x - err / dens;
}
