/**
 * Statistics over seeds: mean, sample standard deviation and the one-sample t-statistic of the
 * mean against zero (t = mean / (sd / sqrt(n))), which says how many standard errors a result is
 * away from "no effect". For comparisons of two bots on the same seeds, the paired differences
 * are described the same way (a paired t-test).
 */

export interface Describe {
  n: number;
  mean: number | null;
  /** Sample standard deviation (n − 1); null when n < 2. */
  sd: number | null;
  /** mean / (sd / √n); null when n < 2 or sd = 0 (undefined, not infinite). */
  t: number | null;
}

/** Finite values only: a missing figure (null/NaN) is left out rather than poisoning the mean. */
export function describe(values: ReadonlyArray<number | null | undefined>): Describe {
  const xs = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  const n = xs.length;
  if (n === 0) return { n, mean: null, sd: null, t: null };
  // Two-pass (mean first) for accuracy with large P&L figures.
  let sum = 0;
  for (const x of xs) sum += x;
  const mean = sum / n;
  if (n < 2) return { n, mean, sd: null, t: null };
  let ss = 0;
  for (const x of xs) ss += (x - mean) * (x - mean);
  const sd = Math.sqrt(ss / (n - 1));
  const t = sd > 0 ? mean / (sd / Math.sqrt(n)) : null;
  return { n, mean, sd, t };
}

/** a[i] − b[i] where both are finite (paired by index, i.e. by seed). */
export function pairedDifferences(a: ReadonlyArray<number | null>, b: ReadonlyArray<number | null>): number[] {
  const out: number[] = [];
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    if (typeof x === 'number' && typeof y === 'number' && Number.isFinite(x) && Number.isFinite(y)) out.push(x - y);
  }
  return out;
}
