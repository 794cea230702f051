import { at, ols, QuantError } from '../src';
import { expectRel } from './helpers';

describe('ols (ml-matrix QR)', () => {
  test('closed-form simple regression: coefficients, SEs, R², AIC', () => {
    const x = [0.5, 1.1, 1.4, 2.2, 2.4, 3.3];
    const y = [1, 2, 3.5, 3.9, 5.2, 6.1];
    const r = ols(y, x);
    const n = x.length;
    const mx = x.reduce((a, b) => a + b) / n;
    const my = y.reduce((a, b) => a + b) / n;
    const sxx = x.reduce((a, v) => a + (v - mx) ** 2, 0);
    const sxy = x.reduce((a, v, i) => a + (v - mx) * (at(y, i) - my), 0);
    const b = sxy / sxx;
    const a = my - b * mx;
    expectRel(at(r.coefficients, 1), b, 1e-13);
    expectRel(at(r.coefficients, 0), a, 1e-12);
    const ssr = y.reduce((s, v, i) => s + (v - a - b * at(x, i)) ** 2, 0);
    expectRel(r.ssr, ssr, 1e-12);
    const s2 = ssr / (n - 2);
    expectRel(at(r.standardErrors, 1), Math.sqrt(s2 / sxx), 1e-12);
    expectRel(at(r.standardErrors, 0), Math.sqrt(s2 * (1 / n + (mx * mx) / sxx)), 1e-12);
    expectRel(at(r.tValues, 1), b / Math.sqrt(s2 / sxx), 1e-12);
    const tss = y.reduce((s, v) => s + (v - my) ** 2, 0);
    expectRel(r.rSquared, 1 - ssr / tss, 1e-13);
    expectRel(r.aic, n * Math.log(2 * Math.PI) + n * Math.log(ssr / n) + n + 2 * 2, 1e-13);
    r.residuals.forEach((e, i) => expectRel(e + at(r.fitted, i), at(y, i), 1e-14));
  });

  test('exact recovery with several regressors and no intercept', () => {
    const x1 = [1, 2, 3, 4, 5, 6, 7];
    const x2 = [2, -1, 0, 3, 1, 1, -2];
    const y = x1.map((v, i) => 1.5 * v - 0.25 * at(x2, i) + 4);
    const r = ols(y, [x1, x2]);
    expectRel(at(r.coefficients, 0), 4, 1e-12);
    expectRel(at(r.coefficients, 1), 1.5, 1e-12);
    expectRel(at(r.coefficients, 2), -0.25, 1e-12);
    const r0 = ols(
      x1.map((v) => 3 * v),
      x1,
      { intercept: false },
    );
    expect(r0.coefficients.length).toBe(1);
    expectRel(at(r0.coefficients, 0), 3, 1e-14);
  });

  test('errors: shape, NaN, collinearity', () => {
    expect(() => ols([1, 2, 3], [1, 2])).toThrow(/length 2, y has 3/);
    expect(() => ols([1, 2, NaN, 4], [1, 2, 3, 4])).toThrow(QuantError);
    expect(() =>
      ols(
        [1, 2, 3, 5],
        [
          [1, 2, 3, 4],
          [2, 4, 6, 8],
        ],
      ),
    ).toThrow(/rank deficient/);
    expect(() => ols([1, 2], [1, 2])).toThrow(/more observations/);
    try {
      ols([1, 2, 3, 5], [[1, 1, 1, 1]]);
      throw new Error('no error');
    } catch (e) {
      expect((e as QuantError).code).toBe('E_SINGULAR');
    }
  });
});
