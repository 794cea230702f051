// Student's t quantiles (reference values from published tables), the paired comparison's intervals,
// and ranks with ties.
import { pairedComparison, quantileSorted, ranksDescending, studentTCdf, studentTQuantile } from '../src';

test('t quantiles match the tables', () => {
  const table: Array<[number, number, number]> = [
    [0.975, 1, 12.7062047],
    [0.975, 2, 4.30265273],
    [0.975, 5, 2.57058184],
    [0.975, 10, 2.22813885],
    [0.975, 39, 2.02269092],
    [0.975, 1000, 1.96233908],
    [0.995, 9, 3.24983554],
    [0.9, 3, 1.63774435],
  ];
  for (const [p, df, q] of table) expect(studentTQuantile(p, df)).toBeCloseTo(q, 6);
  expect(studentTQuantile(0.025, 5)).toBeCloseTo(-2.57058184, 6);
  expect(studentTQuantile(0.5, 7)).toBe(0);
  expect(studentTCdf(2.22813885, 10)).toBeCloseTo(0.975, 8);
  expect(() => studentTQuantile(1, 3)).toThrow(RangeError);
});

test('paired comparison: t interval by hand, bootstrap seeded and inside a sane range', () => {
  const d = [1, 2, 3, 4, 5];
  const c = pairedComparison(d, { seed: 7 });
  expect(c.n).toBe(5);
  expect(c.mean).toBe(3);
  expect(c.sd).toBeCloseTo(Math.sqrt(2.5), 12);
  const half = 2.77644511 * (Math.sqrt(2.5) / Math.sqrt(5)); // t(0.975, 4 df)
  expect(c.tInterval?.lo).toBeCloseTo(3 - half, 6);
  expect(c.tInterval?.hi).toBeCloseTo(3 + half, 6);
  expect(c.t).toBeCloseTo(3 / Math.sqrt(0.5), 10);
  const b = c.bootstrapInterval;
  if (b === null) throw new Error('no bootstrap interval');
  expect(b.lo).toBeGreaterThanOrEqual(1);
  expect(b.hi).toBeLessThanOrEqual(5);
  expect(b.lo).toBeLessThan(3);
  expect(b.hi).toBeGreaterThan(3);
  // Narrower than the t interval for this small symmetric sample, and reproducible.
  expect(b.hi - b.lo).toBeLessThan(2 * half);
  expect(pairedComparison(d, { seed: 7 }).bootstrapInterval).toEqual(b);
  // Another seed draws other resamples (on a sample whose resampled means are not all on a coarse grid).
  const e = [1.3, 2.9, 3.1, 4.7, 5.2, 0.4, 2.2, 3.8];
  expect(pairedComparison(e, { seed: 8 }).bootstrapInterval).not.toEqual(
    pairedComparison(e, { seed: 7 }).bootstrapInterval,
  );
  expect(pairedComparison([4]).tInterval).toBeNull();
  expect(pairedComparison([]).mean).toBeNull();
});

test('quantiles of sorted values interpolate linearly', () => {
  expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
  expect(quantileSorted([1, 2, 3, 4], 0)).toBe(1);
  expect(quantileSorted([1, 2, 3, 4], 1)).toBe(4);
});

test('ranks: largest first, ties share the average rank, missing values last', () => {
  expect(ranksDescending([10, 30, 20])).toEqual([3, 1, 2]);
  expect(ranksDescending([5, 5, 1])).toEqual([1.5, 1.5, 3]);
  expect(ranksDescending([null, 2, null, 3])).toEqual([3.5, 2, 3.5, 1]);
});
