import fc from 'fast-check';
import { RingBuffer, RollingStd, Welford, mean, minstd, std } from '../src';
import { expectAbs, expectRel } from './helpers';

describe('stats helpers', () => {
  test('MINSTD: the Park–Miller sequence (s₁ = 16807 from seed 1; 10 000th state 1043618065)', () => {
    const u = minstd(1);
    expectRel(u() * 2147483647, 16807, 1e-15);
    let last = 0;
    for (let i = 2; i <= 10000; i++) last = u();
    expectRel(last * 2147483647, 1043618065, 1e-15);
  });

  test('Welford equals the two-pass sample statistics', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 2, maxLength: 200 }), (xs) => {
        const w = new Welford();
        xs.forEach((x) => w.push(x));
        expect(w.count).toBe(xs.length);
        expectAbs(w.mean, mean(xs), 1e-9 * (1 + Math.abs(mean(xs))));
        expectAbs(w.std, std(xs), 1e-7 * (1 + std(xs)));
      }),
    );
    const w = new Welford();
    expect(Number.isNaN(w.std)).toBe(true);
    w.push(3);
    expect(Number.isNaN(w.std)).toBe(true);
    expect(w.populationVariance).toBe(0);
  });

  test('RingBuffer keeps the newest `capacity` values in order', () => {
    const r = new RingBuffer(3);
    expect(Number.isNaN(r.push(1))).toBe(true);
    r.push(2);
    r.push(3);
    expect(r.push(4)).toBe(1);
    expect(r.toArray()).toEqual([2, 3, 4]);
    expect([r.get(0), r.last(), r.sum(), r.mean()]).toEqual([2, 4, 9, 3]);
    expectRel(r.std(), 1, 1e-15);
    expect(() => r.get(3)).toThrow(/out of range/);
    expect(() => new RingBuffer(0)).toThrow(/capacity/);
  });

  test('RollingStd equals the std of the last `window` values', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 1, maxLength: 300 }),
        fc.integer({ min: 2, max: 30 }),
        (xs, w) => {
          const r = new RollingStd(w);
          xs.forEach((x, i) => {
            r.push(x);
            const tail = xs.slice(Math.max(0, i + 1 - w), i + 1);
            expectAbs(r.mean, mean(tail), 1e-9);
            if (tail.length >= 2) expectAbs(r.std, std(tail), 1e-12);
          });
        },
      ),
      { numRuns: 100 },
    );
    expect(() => new RollingStd(5).push(NaN)).toThrow(/finite/);
  });
});
