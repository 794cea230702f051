import { adfuller, at, minstd, normalQuantile, ols, QuantError } from '../src';
import { expectAbs, expectRel, sunspots } from './helpers';

describe('adfuller (statsmodels parity)', () => {
  test('sunspots, defaults (regression c, autolag AIC)', () => {
    const r = adfuller(sunspots());
    expectRel(r.statistic, -2.8377807249381943, 1e-11);
    expectRel(r.pvalue, 0.053076421728120673, 1e-11);
    expect(r.usedlag).toBe(8);
    expect(r.nobs).toBe(300);
    expect(r.maxlag).toBe(16);
    expectRel(r.criticalValues['1%'], -3.4523371197407404, 1e-13);
    expectRel(r.criticalValues['5%'], -2.871222860740741, 1e-13);
    expectRel(r.criticalValues['10%'], -2.571929211111111, 1e-13);
    expectRel(r.icbest!, 2430.5003422905497, 1e-12);
  });

  test('sunspots, maxlag = 1, autolag = null', () => {
    const r = adfuller(sunspots(), { maxlag: 1, autolag: null });
    expectRel(r.statistic, -12.080564203565093, 1e-11);
    expect(r.nobs).toBe(307);
    expect(r.usedlag).toBe(1);
    expect(r.icbest).toBeUndefined();
    expectAbs(r.criticalValues['1%'], -3.451831, 5e-7);
    expectAbs(r.criticalValues['5%'], -2.871001, 5e-7);
    expectAbs(r.criticalValues['10%'], -2.571811, 5e-7);
  });

  test('tiny series, maxlag 0', () => {
    const s = [1, 3, 2, 5, 4, 6, 5, 8, 7, 9, 8, 11, 10, 12, 11, 14, 13, 15, 14, 17];
    const r = adfuller(s, { maxlag: 0, autolag: null });
    expectRel(r.statistic, -0.7707702875838236, 1e-12);
    expectRel(r.pvalue, 0.8275576760681667, 1e-12);
    expect(r.nobs).toBe(19);
    expectRel(r.criticalValues['1%'], -3.8326031418574136, 1e-13);
    expectRel(r.criticalValues['5%'], -3.0312271701414204, 1e-13);
    expectRel(r.criticalValues['10%'], -2.655519584487535, 1e-13);
  });

  test('the fast nested-QR path equals an ml-matrix OLS of the same regression', () => {
    const x = sunspots();
    for (const [regression, lags] of [
      ['c', 3],
      ['n', 2],
      ['ct', 5],
    ] as const) {
      const r = adfuller(x, { maxlag: lags, autolag: null, regression });
      const dx = x.slice(1).map((v, i) => v - at(x, i));
      const rows = dx.length - lags;
      const y = dx.slice(lags);
      const cols: number[][] = [x.slice(lags, lags + rows)];
      for (let j = 1; j <= lags; j++) cols.push(dx.slice(lags - j, lags - j + rows));
      if (regression === 'ct') cols.push(Array.from({ length: rows }, (_, i) => i + 1));
      const fit = ols(y, cols, { intercept: regression !== 'n' });
      const idx = regression === 'n' ? 0 : 1;
      expectRel(r.statistic, at(fit.tValues, idx), 1e-10);
      expect(r.nobs).toBe(rows);
    }
  });

  test('AIC lag choice: a stationary AR(1) rejects the unit root, a random walk does not', () => {
    const u = minstd(42);
    const ar: number[] = [0];
    const rw: number[] = [0];
    for (let i = 1; i < 1000; i++) {
      ar.push(0.5 * at(ar, i - 1) + normalQuantile(u()));
      rw.push(at(rw, i - 1) + normalQuantile(u()));
    }
    const a = adfuller(ar);
    expect(a.pvalue).toBeLessThan(0.01);
    expect(a.usedlag).toBeLessThanOrEqual(a.maxlag);
    expect(a.maxlag).toBe(22);
    expect(adfuller(rw).pvalue).toBeGreaterThan(0.05);
  });

  test('bad input gets a clear error', () => {
    expect(() => adfuller([1, 1, 1, 1, 1, 1])).toThrow(/constant/);
    expect(() => adfuller([1, 2, NaN, 4])).toThrow(QuantError);
    expect(() => adfuller([1, 2, 3, 4, 5, 7, 6, 8], { maxlag: 5, autolag: null })).toThrow(/maxlag must be ≤/);
    expect(() => adfuller([1, 2], {})).toThrow(/too short/);
    expect(() => adfuller([1, 3, 2, 5], { regression: 'ctt' as never })).toThrow(/regression must be/);
  });
});
