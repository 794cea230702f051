import fc from 'fast-check';
import { at, normalCdf, QuantError, std, vpinFromBars } from '../src';
import { expectAbs, expectRel } from './helpers';
import { referenceBuckets } from './vpin-ref';

const barArb = fc.record({
  volume: fc.oneof(fc.integer({ min: 0, max: 2000 }), fc.double({ min: 0, max: 2000, noNaN: true })),
  priceChange: fc.double({ min: -5, max: 5, noNaN: true }),
});

describe('vpinFromBars', () => {
  test.each([
    [0, 0],
    [0.5, 0.38292492254802624],
    [1, 0.6826894921370859],
    [2, 0.9544997361036416],
    [-1, 0.6826894921370859],
  ])('closed form: constant standardised change z = %p gives VPIN = |2Φ(z) − 1| = %p', (z, expected) => {
    const sigma = 0.25;
    for (const [V, n] of [
      [100, 1],
      [250, 5],
      [73, 12],
    ] as const) {
      const bars = Array.from({ length: 200 }, (_, i) => ({ volume: 37 + (i % 11) * 13, priceChange: z * sigma }));
      const r = vpinFromBars(bars, { bucketVolume: V, window: n, sigma });
      expect(r.vpin.length).toBe(r.buckets.length - n + 1);
      expect(r.vpin.length).toBeGreaterThan(0);
      for (const v of r.vpin) expectRel(v, expected, 1e-12);
    }
  });

  test('σ defaults to the sample standard deviation (n − 1) of all price changes', () => {
    const bars = [3, -1, 4, -1, 5, -9, 2, 6].map((d, i) => ({ volume: 10 + i, priceChange: d }));
    const r = vpinFromBars(bars, { bucketVolume: 15, window: 2 });
    const m = bars.reduce((a, b) => a + b.priceChange, 0) / bars.length;
    const s = Math.sqrt(bars.reduce((a, b) => a + (b.priceChange - m) ** 2, 0) / (bars.length - 1));
    expectRel(r.sigma, s, 1e-15);
  });

  test('a bar straddling a boundary is split pro rata (worked example)', () => {
    const sigma = 1;
    // bucket 100: 60 @ z=1, then 40 of the 80-volume bar @ z=−1; bucket 2: its other 40 + 60 @ z=0.
    const bars = [
      { volume: 60, priceChange: 1 },
      { volume: 80, priceChange: -1 },
      { volume: 60, priceChange: 0 },
      { volume: 30, priceChange: 2 }, // incomplete third bucket: dropped
    ];
    const r = vpinFromBars(bars, { bucketVolume: 100, window: 1, sigma });
    expect(r.buckets.length).toBe(2);
    expectRel(at(r.buckets, 0).buyVolume, 60 * normalCdf(1) + 40 * normalCdf(-1), 1e-14);
    expectRel(at(r.buckets, 1).buyVolume, 40 * normalCdf(-1) + 60 * 0.5, 1e-14);
    for (const b of r.buckets) {
      expectRel(b.buyVolume + b.sellVolume, 100, 1e-15);
      expectRel(b.orderImbalance, Math.abs(b.sellVolume - b.buyVolume), 1e-15);
    }
  });

  test('a bar larger than V fills several buckets', () => {
    const r = vpinFromBars([{ volume: 1050, priceChange: 1 }], { bucketVolume: 100, window: 3, sigma: 1 });
    expect(r.buckets.length).toBe(10);
    expect(r.vpin.length).toBe(8);
    for (const b of r.buckets) expectRel(b.buyVolume, 100 * normalCdf(1), 1e-14);
  });

  test('property: pro-rata split matches an interval-overlap reference', () => {
    fc.assert(
      fc.property(fc.array(barArb, { minLength: 2, maxLength: 60 }), fc.integer({ min: 50, max: 3000 }), (bars, V) => {
        const sigma = 0.7;
        const r = vpinFromBars(bars, { bucketVolume: V, window: 1, sigma });
        const ref = referenceBuckets(
          bars.map((b) => b.volume),
          bars.map((b) => normalCdf(b.priceChange / sigma)),
          V,
        );
        // Rounding in the cumulative sums may move an exact boundary by an ulp; allow that.
        expect(Math.abs(r.buckets.length - ref.count)).toBeLessThanOrEqual(1);
        const m = Math.min(r.buckets.length, ref.count);
        for (let t = 0; t < m; t++) expectAbs(at(r.buckets, t).buyVolume, at(ref.buy, t), 1e-9 * V);
      }),
      { numRuns: 300 },
    );
  });

  test('property: VPIN ∈ [0, 1] and buckets are consistent', () => {
    fc.assert(
      fc.property(
        fc.array(barArb, { minLength: 2, maxLength: 200 }),
        fc.integer({ min: 50, max: 5000 }),
        fc.integer({ min: 1, max: 20 }),
        (bars, V, n) => {
          const r = vpinFromBars(bars, { bucketVolume: V, window: n });
          expect(r.vpin.length).toBe(Math.max(0, r.buckets.length - n + 1));
          for (const v of r.vpin) {
            expect(v).toBeGreaterThanOrEqual(0);
            expect(v).toBeLessThanOrEqual(1 + 1e-12);
          }
          for (const b of r.buckets) {
            expect(b.buyVolume).toBeGreaterThanOrEqual(-1e-9);
            expect(b.sellVolume).toBeGreaterThanOrEqual(-1e-9);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  test('zero σ (all changes equal) uses the σ → 0⁺ limit: up-moves are all buys', () => {
    const bars = Array.from({ length: 10 }, () => ({ volume: 10, priceChange: 0.5 }));
    const r = vpinFromBars(bars, { bucketVolume: 20, window: 2 });
    expect(std(bars.map((b) => b.priceChange))).toBe(0);
    expect(r.buckets.every((b) => b.buyVolume === 20)).toBe(true);
    expect(r.vpin.every((v) => v === 1)).toBe(true);
  });

  test('pluggable CDF', () => {
    const logistic = (z: number) => 1 / (1 + Math.exp(-z));
    const r = vpinFromBars([{ volume: 100, priceChange: 1 }], {
      bucketVolume: 100,
      window: 1,
      sigma: 1,
      cdf: logistic,
    });
    expectRel(at(r.vpin, 0), Math.abs(2 * logistic(1) - 1), 1e-14);
  });

  test('bad input gets a clear error', () => {
    const ok = [{ volume: 1, priceChange: 0 }];
    expect(() => vpinFromBars(ok, { bucketVolume: 0, window: 1 })).toThrow(/bucketVolume must be > 0/);
    expect(() => vpinFromBars(ok, { bucketVolume: 10, window: 0 })).toThrow(/window must be an integer/);
    expect(() => vpinFromBars(ok, { bucketVolume: 10, window: 1, sigma: -1 })).toThrow(/sigma must be > 0/);
    expect(() => vpinFromBars([{ volume: NaN, priceChange: 0 }], { bucketVolume: 10, window: 1 })).toThrow(
      /bars\[0\]: volume must be a finite number/,
    );
    expect(() => vpinFromBars([{ volume: -5, priceChange: 0 }], { bucketVolume: 10, window: 1 })).toThrow(QuantError);
    expect(() => vpinFromBars([{ volume: 5, priceChange: Infinity }], { bucketVolume: 10, window: 1 })).toThrow(
      /priceChange/,
    );
    expect(() => vpinFromBars(ok, { bucketVolume: 10, window: 1, sigma: 1, cdf: () => 2 })).toThrow(/cdf returned 2/);
  });
});
