import fc from 'fast-check';
import {
  at,
  gaussianOptimalThreshold,
  minstd,
  normalSf,
  optimalThreshold,
  roundTripCurve,
  thresholdProbabilityCurve,
  tikhonovSmooth,
} from '../src';
import { makeNonIncreasing } from '../src/threshold';
import { expectAbs, expectRel, normalSample } from './helpers';

describe('tikhonovSmooth', () => {
  test('golden: y = [1, .8, .8, .5, .5, .2], λ = 1', () => {
    const z = tikhonovSmooth([1.0, 0.8, 0.8, 0.5, 0.5, 0.2], 1);
    const expected = [0.9048611111, 0.8097222222, 0.7243055556, 0.5631944444, 0.4652777778, 0.3326388889];
    z.forEach((v, i) => expectAbs(v, at(expected, i), 5e-11));
  });

  test('solves (I + λDᵀD) z = y (residual check) and preserves the sum', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 2, maxLength: 50 }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        (y, lam) => {
          const z = tikhonovSmooth(y, lam);
          const n = y.length;
          for (let i = 0; i < n; i++) {
            const left = i > 0 ? at(z, i) - at(z, i - 1) : 0;
            const right = i < n - 1 ? at(z, i) - at(z, i + 1) : 0;
            expectAbs(at(z, i) + lam * (left + right), at(y, i), 1e-9 * (1 + lam));
          }
          expectAbs(
            z.reduce((a, b) => a + b, 0),
            y.reduce((a, b) => a + b, 0),
            1e-8 * (1 + lam) * n,
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  test('λ = 0 and short inputs are returned unchanged; negative λ rejected', () => {
    expect(tikhonovSmooth([3, 1, 2], 0)).toEqual([3, 1, 2]);
    expect(tikhonovSmooth([7], 5)).toEqual([7]);
    expect(() => tikhonovSmooth([1, 2], -1)).toThrow(/lambda must be ≥ 0/);
  });
});

describe('makeNonIncreasing', () => {
  test('upward kinks are replaced by linear interpolation', () => {
    const out = makeNonIncreasing([1, 0.5, 0.7, 0.3, 0.4, 0.4, 0.1]);
    [1, 0.5, 0.4, 0.3, 0.3 - 0.2 / 3, 0.3 - 0.4 / 3, 0.1].forEach((v, i) => expectAbs(at(out, i), v, 1e-15));
    expect(makeNonIncreasing([1, 0.5, 0.7, 0.9])).toEqual([1, 0.5, 0.5, 0.5]);
  });
});

describe('thresholds', () => {
  test('white noise: the analytic optimum Δ* = 0.7517915σ, profit per step 0.3399424', () => {
    const g = gaussianOptimalThreshold();
    expectAbs(g.threshold, 0.7517915, 5e-8);
    expectAbs(g.profitPerStep, 0.3399424, 5e-8);
    expectAbs(normalSf(g.threshold), (g.threshold * Math.exp(-(g.threshold ** 2) / 2)) / Math.sqrt(2 * Math.PI), 1e-15);
  });

  test('white noise: optimalThreshold on the analytic curve 2(1 − Φ(Δ)) finds Δ* (grid + parabolic refinement)', () => {
    const step = 1e-4;
    const threshold = Array.from({ length: 30000 }, (_, i) => i * step);
    const probability = threshold.map((t) => 2 * normalSf(t));
    const best = optimalThreshold({ threshold, probability }, { profitMultiplier: 2, refine: true });
    expectAbs(best.threshold, 0.7517915, 5e-8);
    const coarse = optimalThreshold({ threshold, probability });
    expectAbs(coarse.threshold, 0.7517915, step / 2);
  });

  test('white noise: a large MINSTD normal sample lands near 0.75σ', () => {
    const s = normalSample(200_000, 12345).map((v) => 2 * v + 10); // σ = 2, mean 10
    const curve = thresholdProbabilityCurve(s, 0.01, { maxStd: 3, lambda: 1 });
    expectAbs(curve.center, 10, 0.02);
    expectRel(curve.sigma, 2, 0.01);
    const best = optimalThreshold(curve, { slippage: 0.01 });
    expectAbs(best.threshold / curve.sigma, 0.7517915, 0.02);
    for (let i = 1; i < curve.probability.length; i++)
      expect(at(curve.probability, i)).toBeLessThanOrEqual(at(curve.probability, i - 1) + 1e-12);
  });

  test('uniform noise U(−a, a): Δ* = a/2 (analytic curve exact, sample close)', () => {
    const a = 3;
    const threshold = Array.from({ length: 301 }, (_, i) => i * 0.01);
    const probability = threshold.map((t) => Math.max(0, 1 - t / a));
    expectRel(optimalThreshold({ threshold, probability }).threshold, a / 2, 1e-12);
    const u = minstd(99);
    const s = Array.from({ length: 100_000 }, () => (2 * u() - 1) * a);
    const curve = thresholdProbabilityCurve(s, 0.005, { maxStd: 1.7 });
    expectAbs(optimalThreshold(curve).threshold, a / 2, 0.03);
  });

  test('grid spacing is at least the slippage; centring at zero vs mean; slippage floor', () => {
    const s = normalSample(5000, 77).map((v) => v + 0.5);
    const c = thresholdProbabilityCurve(s, 0.2, { step: 0.05 });
    expectAbs(at(c.threshold, 1) - at(c.threshold, 0), 0.2, 1e-15);
    expect(at(c.threshold, c.threshold.length - 1)).toBeLessThan(3 * c.sigma);
    const z = thresholdProbabilityCurve(s, 0.2, { center: 'zero' });
    expect(z.center).toBe(0);
    expectAbs(c.center, 0.5, 0.05);
    const floored = optimalThreshold(c, { slippage: 5 });
    expect(floored).toMatchObject({ threshold: 5, floored: true });
  });

  test('raw exceedance counts are the fraction strictly beyond each level', () => {
    const s = [-2, -1, 0, 1, 2];
    const c = thresholdProbabilityCurve(s, 1, { lambda: 0, maxStd: 2 });
    expect(c.threshold).toEqual([0, 1, 2, 3]);
    expect(c.raw).toEqual([4 / 5, 2 / 5, 0, 0]);
  });

  test('round-trip counting: episodes that reach Δ and come back to the mean', () => {
    // centre 0; excursions: up to +2 and back, down to −1 and back, up to +3 (never returns)
    const s = [0, 1, 2, 1, 0, -1, 0, 2, 3, 2];
    const c = roundTripCurve(s, 1, { lambda: 0, maxStd: 3, center: 'zero' });
    expect(c.threshold.slice(0, 4)).toEqual([0, 1, 2, 3]);
    // Δ=0: both completed excursions count; Δ=1: both (reach ±1); Δ=2: only the first; Δ=3: none completed
    expect(c.count.slice(0, 4)).toEqual([2, 2, 1, 0]);
    fc.assert(
      fc.property(fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 3, maxLength: 300 }), (xs) => {
        fc.pre(Math.max(...xs) - Math.min(...xs) > 1e-3);
        const r = roundTripCurve(xs, 0.1, { lambda: 0 });
        for (let i = 1; i < r.count.length; i++) expect(at(r.count, i)).toBeLessThanOrEqual(at(r.count, i - 1));
      }),
      { numRuns: 100 },
    );
  });

  test('bad input gets a clear error', () => {
    expect(() => thresholdProbabilityCurve([1], 0.1)).toThrow(/at least 2/);
    expect(() => thresholdProbabilityCurve([1, 1, 1], 0.1)).toThrow(/zero dispersion/);
    expect(() => thresholdProbabilityCurve([1, 2, NaN], 0.1)).toThrow(/finite/);
    expect(() => thresholdProbabilityCurve([1, 2, 3], -0.1)).toThrow(/slippage must be ≥ 0/);
    expect(() => optimalThreshold({ threshold: [0, 1], probability: [1] })).toThrow(/equally long/);
  });
});
