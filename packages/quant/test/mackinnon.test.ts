import { mackinnoncrit, mackinnonp } from '../src';
import { expectRel } from './helpers';

describe('MacKinnon tables', () => {
  test.each([
    [-2.0, 1, 0.28657309916843154],
    [-2.0, 2, 0.5285780802451076],
    [-3.0, 1, 0.034894400275345266],
    [-3.0, 2, 0.1102054949706574],
  ])('mackinnonp(%p, c, N=%p) = %p', (t, N, p) => {
    expectRel(mackinnonp(t, 'c', N), p, 1e-12);
  });

  test('critical values, regression c, N = 1', () => {
    const c = mackinnoncrit(1, 'c', 100);
    expectRel(c['1%'], -3.49750103, 1e-9);
    expectRel(c['5%'], -2.89090644, 1e-9);
    expectRel(c['10%'], -2.5824349, 1e-9);
    expect(mackinnoncrit(1, 'c')).toEqual({ '1%': -3.43035, '5%': -2.86154, '10%': -2.56677 });
  });

  test('critical values follow b0 + b1/T + b2/T² + b3/T³ for the tabulated ct, n and N = 2 rows', () => {
    const T = 250;
    const f = ([b0, b1, b2, b3]: [number, number, number, number]) => b0 + b1 / T + b2 / T ** 2 + b3 / T ** 3;
    expectRel(mackinnoncrit(1, 'ct', T)['1%'], f([-3.95877, -9.0531, -28.428, -134.155]), 1e-14);
    expectRel(mackinnoncrit(1, 'ct', T)['10%'], f([-3.12705, -2.5856, -3.925, -22.38]), 1e-14);
    expectRel(mackinnoncrit(1, 'n', T)['5%'], f([-1.941, -0.2686, -3.365, 31.223]), 1e-14);
    expectRel(mackinnoncrit(2, 'c', T)['1%'], f([-3.89644, -10.9519, -33.527, 0]), 1e-14);
  });

  test('p-value tails and monotonicity', () => {
    expect(mackinnonp(3, 'c', 1)).toBe(1);
    expect(mackinnonp(-20, 'c', 1)).toBe(0);
    expect(mackinnonp(-Infinity, 'c', 2)).toBe(0);
    expect(mackinnonp(50, 'n', 1)).toBeLessThanOrEqual(1);
    for (const reg of ['c', 'n', 'ct'] as const) {
      for (let N = 1; N <= 6; N++) {
        let prev = 0;
        for (let t = -8; t <= 0.5; t += 0.05) {
          const p = mackinnonp(t, reg, N);
          expect(p).toBeGreaterThanOrEqual(prev - 2e-3); // the two response surfaces meet at τ*, almost continuously
          prev = p;
        }
      }
    }
  });

  test('outside the tables: a clear error', () => {
    expect(() => mackinnonp(-2, 'c', 7)).toThrow(/N must be an integer in 1..6/);
    expect(() => mackinnoncrit(2, 'n', 100)).toThrow(/N must be an integer in 1..1 for regression 'n'/);
    expect(() => mackinnoncrit(1, 'ctt' as never)).toThrow(/regression must be/);
    expect(() => mackinnonp(NaN)).toThrow(/NaN/);
  });
});
