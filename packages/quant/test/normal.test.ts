import { QuantError, normalCdf, normalPdf, normalQuantile, normalSf } from '../src';
import { expectRel } from './helpers';

// [x, Φ(x), 1 − Φ(x)] computed with mpmath at 40 digits (independent reference); each value is
// written as the double nearest to it (the shortest literal that reads back as that double).
const CDF_REF: Array<[number, number, number]> = [
  [-37, 5.725571222524577e-300, 1.0],
  [-25, 3.056696706382561e-138, 1.0],
  [-12.5, 3.732564298877713e-36, 1.0],
  [-8, 6.220960574271784e-16, 0.9999999999999993],
  [-6, 9.86587645037698e-10, 0.9999999990134123],
  [-5.65, 8.022391850663497e-9, 0.9999999919776081],
  [-4, 0.000031671241833119924, 0.9999683287581669],
  [-2.5, 0.006209665325776135, 0.9937903346742238],
  [-1.3, 0.09680048458561033, 0.9031995154143897],
  [-0.67, 0.2514288950953101, 0.7485711049046899],
  [-0.3, 0.3820885778110474, 0.6179114221889527],
  [0.2, 0.579259709439103, 0.42074029056089696],
  [0.6, 0.7257468822499265, 0.2742531177500736],
  [0.9, 0.8159398746532405, 0.18406012534675947],
  [1.7, 0.955434537241457, 0.04456546275854304],
  [3.3, 0.9995165758576162, 0.0004834241423837775],
  [5.7, 0.9999999940096286, 5.990371401063528e-9],
  [7.5, 0.9999999999999681, 3.1908916729108963e-14],
];
// [p, Φ⁻¹(p)] (mpmath root of log Φ(x) = log p at 50 digits), likewise as the nearest doubles.
const QUANTILE_REF: Array<[number, number]> = [
  [1e-300, -37.0470962993612],
  [1e-50, -14.933337534788489],
  [1e-12, -7.034483825301132],
  [1e-6, -4.753424308822899],
  [0.001, -3.0902323061678136],
  [0.02, -2.053748910631823],
  [0.1, -1.2815515655446004],
  [0.35, -0.3853204664075677],
  [0.65, 0.3853204664075677],
  [0.9, 1.2815515655446006],
  [0.98, 2.0537489106318225],
  [0.999, 3.090232306167813],
  [0.999999, 4.753424308817087],
];

describe('normalCdf / normalSf', () => {
  test.each(CDF_REF)('Φ(%p) to 1e-14 relative, both tails', (x, cdf, sf) => {
    expectRel(normalCdf(x), cdf, 1e-14);
    expectRel(normalSf(x), sf, 1e-14);
  });

  test('golden values: Φ(1), Φ(−1.645) and the closed-form VPIN |2Φ(z) − 1| of a constant z', () => {
    expectRel(normalCdf(1), 0.841344746068543, 1e-14);
    expectRel(normalCdf(-1.644853627), 0.049999999995, 1e-11);
    expectRel(Math.abs(2 * normalCdf(0.5) - 1), 0.38292492254802624, 1e-13);
    expectRel(Math.abs(2 * normalCdf(1) - 1), 0.6826894921370859, 1e-13);
    expectRel(Math.abs(2 * normalCdf(2) - 1), 0.9544997361036416, 1e-13);
  });

  test('symmetry, limits and NaN', () => {
    for (let x = -9; x <= 9; x += 0.37) expectRel(normalCdf(x), normalSf(-x), 1e-15);
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(-Infinity)).toBe(0);
    expect(normalCdf(Infinity)).toBe(1);
    expect(normalCdf(-40)).toBe(0);
    expect(Number.isNaN(normalCdf(NaN))).toBe(true);
  });

  test('pdf', () => {
    expectRel(normalPdf(0), 0.3989422804014327, 1e-15);
    expectRel(normalPdf(1.5), 0.12951759566589174, 1e-14);
  });
});

describe('normalQuantile', () => {
  test.each(QUANTILE_REF)('Φ⁻¹(%p) to 1e-14 relative', (p, x) => {
    expectRel(normalQuantile(p), x, 1e-14);
  });

  test('golden SciPy ppf values (the quantiles the quote models use)', () => {
    expectRel(normalQuantile(1 - 0.005), 2.5758293035489004, 1e-14);
    expectRel(normalQuantile(1 - 0.01), 2.3263478740408408, 1e-14);
    expectRel(normalQuantile(1 - 0.05), 1.6448536269514722, 1e-14);
    expectRel(normalQuantile(0.05), -1.6448536269514722, 1e-14);
  });

  test('round trip with the CDF across the range', () => {
    for (let p = 1e-6; p < 1; p += 0.0123) expectRel(normalCdf(normalQuantile(p)), p, 1e-13);
    expect(normalQuantile(0.5)).toBe(0);
  });

  test('edges and bad input', () => {
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    for (const bad of [-0.1, 1.1, NaN]) {
      expect(() => normalQuantile(bad)).toThrow(QuantError);
      expect(() => normalQuantile(bad)).toThrow(/p must be in \[0,1\]/);
    }
  });
});
