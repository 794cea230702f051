/** Small sample statistics for benchmarks (no allocation beyond one sorted copy). */
import { at } from '@ritc/quant';

/** The q-quantile (0..1) of samples by the nearest-rank method; NaN when empty. */
export function quantile(samples: ArrayLike<number>, q: number): number {
  const n = samples.length;
  if (n === 0) return NaN;
  const s = Float64Array.from(samples).sort();
  const rank = Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1));
  return at(s, rank);
}

export function p50p99(samples: ArrayLike<number>): { p50: number; p99: number; n: number } {
  return { p50: quantile(samples, 0.5), p99: quantile(samples, 0.99), n: samples.length };
}
