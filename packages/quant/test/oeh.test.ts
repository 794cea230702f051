import fc from 'fast-check';
import { QuantError, computeOptimalVolume, getBounds, getOI } from '../src';
import { signum } from '../src/oeh';
import { expectAbs, expectRel } from './helpers';

// The paper's main() parameter block.
const P = { m: 1000, phi: 1, vB: 0.5, sigma: 1000, volSigma: 10000, S_S: 10000, zLambda: -1.644853627, k: 0 };
type Params = typeof P;
const V = (p: Partial<Params> = {}) => {
  const q = { ...P, ...p };
  return computeOptimalVolume(q.m, q.phi, q.vB, q.sigma, q.volSigma, q.S_S, q.zLambda, q.k);
};

describe('optimal execution horizon: golden values (the paper’s own code)', () => {
  test('paper defaults → V* = 11392.048517 (branch v1), OI(V*) = 0.087781, bounds', () => {
    const v = V();
    expectAbs(v, 11392.048517, 5e-7); // given to 6 decimals
    expectAbs(getOI(v, P.m, P.phi, P.vB, P.sigma, P.volSigma), 0.087781, 5e-7);
    const b = getBounds(P.m, P.phi, P.vB, P.sigma, P.volSigma, P.S_S, P.zLambda, P.k);
    expectAbs(b.vBu, 0.986996, 5e-7);
    expectAbs(b.vBl, 1.013004, 5e-7);
  });

  test.each([
    [{ vB: 0.4 }, 6000, 'OI = 0 volume'],
    [{ vB: 0.99 }, 1000, '|m| (vB > vB_u)'],
    [{ m: -1000 }, 11392.048517, 'v2'],
    [{ phi: 0.1, vB: 0.3 }, 1000, '|m| (vB < vB_z)'],
  ] as Array<[Partial<Params>, number, string]>)('%o → %p (%s)', (p, expected) => {
    expectRel(V(p), expected, 1e-9);
    expectAbs(V(p), expected, 5e-7);
  });

  test('branch details: OI(V*) = 0 on the zero-imbalance branch; vB_z = 0.444444 for φ = 0.1', () => {
    const v = V({ vB: 0.4 });
    expect(Math.abs(getOI(v, P.m, P.phi, 0.4, P.sigma, P.volSigma))).toBeLessThan(1e-9);
    const b = getBounds(1000, 0.1, 0.3, P.sigma, P.volSigma, P.S_S, P.zLambda, 0);
    expectAbs(b.vBz, 0.444444, 5e-7);
    // the unclamped φ = 1 case is 6000 up to the paper's 1e-12 nudge
    expect(v).toBeLessThan(6000);
  });

  test('signum', () => {
    expect([signum(-3), signum(0), signum(2)]).toEqual([-1, 0, 1]);
  });

  test('m = 0 → 0; vB = 1 with a buy → |m|', () => {
    expect(V({ m: 0 })).toBe(0);
    expect(V({ vB: 1 })).toBe(1000);
  });
});

describe('optimal execution horizon: input validation (never NaN)', () => {
  test('a positive or zero zLambda is a caller error', () => {
    expect(() => V({ zLambda: 2.576 })).toThrow(QuantError);
    expect(() => V({ zLambda: 2.576 })).toThrow(/zLambda must be negative/);
    expect(() => V({ zLambda: 0 })).toThrow(/zLambda must be negative/);
  });

  test.each([
    [{ sigma: 0 }, /sigma must be > 0/],
    [{ volSigma: -1 }, /volSigma must be > 0/],
    [{ m: NaN }, /m must be a finite number/],
    [{ vB: 1.2 }, /vB .* must be in \[0,1\]/],
    [{ phi: -0.1 }, /phi .* must be in \[0,1\]/],
    [{ S_S: -5 }, /S_S .* must be ≥ 0/],
    [{ k: Infinity }, /k must be a finite number/],
  ] as Array<[Partial<Params>, RegExp]>)('%o rejected', (p, re) => {
    expect(() => V(p)).toThrow(re);
  });
});

describe('optimal execution horizon: properties', () => {
  const arb = fc.record({
    m: fc.double({ min: 1, max: 1e6, noNaN: true }),
    phi: fc.double({ min: 0, max: 1, noNaN: true }),
    vB: fc.double({ min: 0, max: 1, noNaN: true }),
    sigma: fc.double({ min: 1e-3, max: 1e4, noNaN: true }),
    volSigma: fc.double({ min: 1, max: 1e6, noNaN: true }),
    S_S: fc.double({ min: 0, max: 1e5, noNaN: true }),
    zLambda: fc.double({ min: -4, max: -0.01, noNaN: true }),
    k: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1, noNaN: true })),
  });

  test('V* is finite and ≥ |m|; symmetric: V*(m, vB) = V*(−m, 1 − vB)', () => {
    fc.assert(
      fc.property(arb, (p) => {
        const buy = V(p);
        const sell = V({ ...p, m: -p.m, vB: 1 - p.vB });
        expect(Number.isFinite(buy)).toBe(true);
        expect(buy).toBeGreaterThanOrEqual(p.m * (1 - 1e-9));
        expectRel(sell, buy, 1e-6);
      }),
      { numRuns: 2000 },
    );
  });

  test('on the zero-imbalance branch OI(V*) = 0', () => {
    let hits = 0;
    fc.assert(
      fc.property(arb, (p) => {
        const v = V(p);
        const oiZero = Math.min(p.phi, 1 - 1e-12) * (p.m - p.m / (2 * p.vB - 1));
        if (v > p.m * (1 + 1e-9) && Math.abs(v - oiZero) <= 1e-9 * v) {
          hits++;
          expect(
            Math.abs(getOI(v, p.m, Math.max(Math.min(p.phi, 1 - 1e-12), 1e-12), p.vB, p.sigma, p.volSigma)),
          ).toBeLessThan(1e-7);
        }
      }),
      { numRuns: 3000 },
    );
    expect(hits).toBeGreaterThan(0);
  });

  test('on the v1 branch: non-increasing in σ, non-decreasing in S_S and k', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1.01, max: 3, noNaN: true }),
        fc.double({ min: 0.3, max: 0.7, noNaN: true }),
        (f, vB) => {
          const base = { vB, phi: 0.8 };
          expect(V({ ...base, sigma: P.sigma * f })).toBeLessThanOrEqual(V(base) * (1 + 1e-12));
          expect(V({ ...base, S_S: P.S_S * f })).toBeGreaterThanOrEqual(V(base) * (1 - 1e-12));
          expect(V({ ...base, k: f })).toBeGreaterThanOrEqual(V(base) * (1 - 1e-12));
        },
      ),
      { numRuns: 200 },
    );
  });

  test('the v1 root is a stationary point of the reconstructed loss Π(V) = |OI|·(S_S + |m|k) − zλσ√(V/Vσ)', () => {
    const v = V();
    const loss = (x: number) =>
      Math.abs(getOI(x, P.m, 1 - 1e-12, P.vB, P.sigma, P.volSigma)) * P.S_S -
      P.zLambda * P.sigma * Math.sqrt(x / P.volSigma);
    expect(loss(v)).toBeLessThan(loss(v * 1.01));
    expect(loss(v)).toBeLessThan(loss(v * 0.99));
  });
});
