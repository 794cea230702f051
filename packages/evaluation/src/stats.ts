// Statistics for comparing parameter sets on the same seeds: the paired t interval (Student's t
// quantile from the regularized incomplete beta function) and a seeded bootstrap percentile interval.
import { at, minstd } from '@ritc/quant';

/** Finite values only: a missing figure (null/NaN) is left out rather than poisoning the mean. */
export function finite(xs: ReadonlyArray<number | null | undefined>): number[] {
  return xs.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
}

export function mean(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/** Sample standard deviation (n − 1); null when n < 2. Two-pass for accuracy with large P&L figures. */
export function sampleSd(xs: readonly number[]): number | null {
  const m = mean(xs);
  if (m === null || xs.length < 2) return null;
  let ss = 0;
  for (const x of xs) ss += (x - m) * (x - m);
  return Math.sqrt(ss / (xs.length - 1));
}

/** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9; about 15 significant digits). */
function lnGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  const z = x - 1;
  let a = at(c, 0);
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += at(c, i) / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Continued fraction of the incomplete beta function (modified Lentz). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return h;
}

/** Regularized incomplete beta I_x(a, b). */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const lnFront = lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log(1 - x);
  const front = Math.exp(lnFront);
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(a, b, x)) / a;
  return 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** P(T ≤ t) for Student's t with `df` degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** The p-quantile of Student's t (0 < p < 1, df > 0), by bisection on the CDF to full precision. */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1) || !(df > 0)) throw new RangeError(`studentTQuantile(${p}, ${df}) is undefined`);
  if (p === 0.5) return 0;
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  let lo = 0;
  let hi = 1;
  while (studentTCdf(hi, df) < p) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (studentTCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

export interface Interval {
  lo: number;
  hi: number;
}

export interface PairedComparison {
  /** Seeds on which both sets have a figure. */
  n: number;
  /** Mean of the paired differences (a − b). */
  mean: number | null;
  sd: number | null;
  /** mean / (sd / √n); null when n < 2 or sd = 0. */
  t: number | null;
  /** The paired-t interval mean ± t(1 − α/2, n − 1)·sd/√n; null when n < 2. */
  tInterval: Interval | null;
  /** Bootstrap percentile interval of the mean difference (seeded resampling); null when n < 2. */
  bootstrapInterval: Interval | null;
  level: number;
  resamples: number;
}

/** The q-quantile of sorted values, linear between order statistics (R type 7). */
export function quantileSorted(sorted: readonly number[], q: number): number {
  const h = (sorted.length - 1) * q;
  const i = Math.floor(h);
  const lo = at(sorted, i);
  return i + 1 < sorted.length ? lo + (h - i) * (at(sorted, i + 1) - lo) : lo;
}

/**
 * Compares paired differences `d` (a − b on the same seeds): mean, paired t interval and a
 * bootstrap percentile interval at `level` (default 0.95) from `resamples` resamples drawn with a
 * MINSTD stream seeded by `seed` (the same input always gives the same interval).
 */
export function pairedComparison(
  d: readonly number[],
  opts: { level?: number; resamples?: number; seed?: number } = {},
): PairedComparison {
  const level = opts.level ?? 0.95;
  const resamples = opts.resamples ?? 2000;
  const xs = finite(d);
  const n = xs.length;
  const m = mean(xs);
  const sd = sampleSd(xs);
  const base = { n, mean: m, sd, level, resamples };
  if (m === null || sd === null) return { ...base, t: null, tInterval: null, bootstrapInterval: null };
  const se = sd / Math.sqrt(n);
  const q = studentTQuantile(1 - (1 - level) / 2, n - 1);
  const rng = minstd(opts.seed ?? 1);
  const means: number[] = [];
  for (let b = 0; b < resamples; b++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += at(xs, Math.min(n - 1, Math.floor(rng() * n)));
    means.push(s / n);
  }
  means.sort((a, b) => a - b);
  const alpha = 1 - level;
  return {
    ...base,
    t: sd > 0 ? m / se : null,
    tInterval: { lo: m - q * se, hi: m + q * se },
    bootstrapInterval: { lo: quantileSorted(means, alpha / 2), hi: quantileSorted(means, 1 - alpha / 2) },
  };
}

/**
 * Ranks of `values` (1 = largest), ties sharing their average rank; null values rank after every
 * number (sharing the average of the last ranks).
 */
export function ranksDescending(values: ReadonlyArray<number | null>): number[] {
  const order = values.map((v, i) => ({ v, i }));
  order.sort((a, b) => {
    if (a.v === null || b.v === null) return a.v === null ? (b.v === null ? 0 : 1) : -1;
    return b.v - a.v;
  });
  const ranks: number[] = new Array<number>(values.length).fill(0);
  let i = 0;
  while (i < order.length) {
    let j = i;
    const vi = at(order, i).v;
    while (j + 1 < order.length && at(order, j + 1).v === vi) j++;
    const r = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[at(order, k).i] = r;
    i = j + 1;
  }
  return ranks;
}
