import fc from 'fast-check';
import { buildUnwindSchedule, nextChild } from '../src';

const OPTS = { numLarge: 3, numSmallPerLarge: 10, largeToSmallRatio: 5 };

describe('unwind schedule', () => {
  test('3 large + 10 small per block, large = 5 small, integers summing exactly', () => {
    const s = buildUnwindSchedule(45_000, OPTS);
    expect(s).toHaveLength(33);
    expect(s.slice(0, 11)).toEqual([5000, ...Array(10).fill(1000)]);
    expect(s.reduce((a, b) => a + b, 0)).toBe(45_000);
  });

  test('awkward totals still sum exactly; large orders split to the max trade size', () => {
    const s = buildUnwindSchedule(97_003, { ...OPTS, maxChild: 10_000 });
    expect(s.reduce((a, b) => a + b, 0)).toBe(97_003);
    expect(Math.max(...s)).toBeLessThanOrEqual(10_000);
    expect(buildUnwindSchedule(7, OPTS).reduce((a, b) => a + b, 0)).toBe(7);
    expect(buildUnwindSchedule(0, OPTS)).toEqual([]);
    expect(() => buildUnwindSchedule(10.5, OPTS)).toThrow(/whole number/);
  });

  test('property: whole positive children, exact sum, each ≤ max', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 500_000 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 0, max: 12 }),
        fc.double({ min: 1, max: 20, noNaN: true }),
        fc.integer({ min: 1, max: 20_000 }),
        (total, numLarge, numSmallPerLarge, largeToSmallRatio, maxChild) => {
          const s = buildUnwindSchedule(total, { numLarge, numSmallPerLarge, largeToSmallRatio, maxChild });
          return (
            s.every((q) => Number.isInteger(q) && q > 0 && q <= maxChild) && s.reduce((a, b) => a + b, 0) === total
          );
        },
      ),
    );
  });

  test('the cursor: partial progress carries into the next child', () => {
    const s = [500, 100, 100];
    expect(nextChild(s, 0)).toEqual({ index: 0, quantity: 500 });
    expect(nextChild(s, 450)).toEqual({ index: 0, quantity: 50 });
    expect(nextChild(s, 500)).toEqual({ index: 1, quantity: 100 });
    expect(nextChild(s, 650)).toEqual({ index: 2, quantity: 50 });
    expect(nextChild(s, 700)).toBeNull();
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 30 }),
        fc.nat(),
        (children, d) => {
          const total = children.reduce((a, b) => a + b, 0);
          const done = d % (total + 1);
          const n = nextChild(children, done);
          return done === total
            ? n === null
            : n !== null && n.quantity > 0 && Number.isInteger(n.quantity) && done + n.quantity <= total;
        },
      ),
    );
  });
});
