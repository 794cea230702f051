import { adfuller, at, coint, mackinnoncrit, mackinnonp, minstd, normalQuantile } from '../src';
import { expectRel } from './helpers';

function walks(n: number, seed: number) {
  const u = minstd(seed);
  const g = () => normalQuantile(u());
  const x: number[] = [100];
  const z: number[] = [50];
  for (let i = 1; i < n; i++) {
    x.push(at(x, i - 1) + g());
    z.push(at(z, i - 1) + g());
  }
  return { x, z, g };
}

describe('coint (Engle–Granger as statsmodels)', () => {
  test('a cointegrated pair: hedge ratio recovered, unit root in the spread rejected', () => {
    const { x, g } = walks(600, 7);
    const y = x.map((v) => 2 + 1.5 * v + 0.5 * g());
    const r = coint(y, x);
    expectRel(at(r.hedgeRatio, 0), 1.5, 1e-2);
    expect(r.pvalue).toBeLessThan(0.01);
    expect(r.statistic).toBeLessThan(r.criticalValues['1%']);
  });

  test('independent random walks are not cointegrated', () => {
    const { x, z } = walks(600, 11);
    expect(coint(z, x).pvalue).toBeGreaterThan(0.05);
  });

  test('structure: ADF (regression n) on the residuals, tables with N = K + 1 and T = nobs − 1', () => {
    const { x, z, g } = walks(300, 3);
    const y = x.map((v, i) => 1 + 0.7 * v - 0.3 * at(z, i) + g());
    const r = coint(y, [x, z]);
    expect(r.hedgeRatio.length).toBe(2);
    const adf = adfuller(r.residuals, { regression: 'n' });
    expectRel(r.statistic, adf.statistic, 1e-14);
    expect(r.usedlag).toBe(adf.usedlag);
    expectRel(r.pvalue, mackinnonp(adf.statistic, 'c', 3), 1e-14);
    expect(r.criticalValues).toEqual(mackinnoncrit(3, 'c', 299));
    const ct = coint(y, [x, z], { trend: 'ct' });
    expect(ct.criticalValues).toEqual(mackinnoncrit(3, 'ct', 299));
  });

  test('perfectly collinear series: statistic −∞, p-value 0 (statsmodels behaviour)', () => {
    const { x } = walks(100, 5);
    const r = coint(
      x.map((v) => 3 * v + 1),
      x,
    );
    expect(r.statistic).toBe(-Infinity);
    expect(r.pvalue).toBe(0);
  });

  test('bad input gets a clear error', () => {
    expect(() => coint([1, 2, 3], [1, 2])).toThrow(/length/);
    expect(() => coint([1, 2, 3, 4], [1, 2, 3, 4], { trend: 'n' as never })).toThrow(/trend must be/);
  });
});
