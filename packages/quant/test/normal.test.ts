import { QuantError, normalCdf, normalPdf, normalQuantile, normalSf } from '../src';
import { expectRel } from './helpers';

// [x, Φ(x), 1 − Φ(x)] computed with mpmath at 40 digits (independent reference).
const CDF_REF: Array<[number, number, number]> = [
  [-37, 5.7255712225245768227e-300, 1.0],
  [-25, 3.0566967063825609164e-138, 1.0],
  [-12.5, 3.7325642988777133772e-36, 1.0],
  [-8, 6.2209605742717841235e-16, 0.9999999999999993779],
  [-6, 9.865876450376981407e-10, 0.99999999901341235496],
  [-5.65, 8.0223918506634975991e-9, 0.99999999197760814934],
  [-4, 0.000031671241833119921254, 0.99996832875816688008],
  [-2.5, 0.006209665325776135167, 0.99379033467422386483],
  [-1.3, 0.096800484585610325542, 0.90319951541438967446],
  [-0.67, 0.25142889509531010155, 0.74857110490468989845],
  [-0.3, 0.38208857781104736693, 0.61791142218895263307],
  [0.2, 0.57925970943910302738, 0.42074029056089697262],
  [0.6, 0.72574688224992641231, 0.27425311775007358769],
  [0.9, 0.81593987465324051735, 0.18406012534675948265],
  [1.7, 0.95543453724145695634, 0.044565462758543043664],
  [3.3, 0.99951657585761622249, 0.0004834241423837775071],
  [5.7, 0.99999999400962859894, 5.9903714010635281878e-9],
  [7.5, 0.99999999999996809108, 3.1908916729108962278e-14],
];
// [p, Φ⁻¹(p)] (mpmath root of log Φ(x) = log p at 50 digits).
const QUANTILE_REF: Array<[number, number]> = [
  [1e-300, -37.047096299361199237],
  [1e-50, -14.933337534788488981],
  [1e-12, -7.0344838253011319326],
  [1e-6, -4.7534243088228989573],
  [0.001, -3.0902323061678135354],
  [0.02, -2.0537489106318230443],
  [0.1, -1.2815515655446004353],
  [0.35, -0.38532046640756768376],
  [0.65, 0.38532046640756768376],
  [0.9, 1.2815515655446005935],
  [0.98, 2.0537489106318226861],
  [0.999, 3.0902323061678132778],
  [0.999999, 4.7534243088170877657],
];

describe('normalCdf / normalSf', () => {
  test.each(CDF_REF)('Φ(%p) to 1e-14 relative, both tails', (x, cdf, sf) => {
    expectRel(normalCdf(x), cdf, 1e-14);
    expectRel(normalSf(x), sf, 1e-14);
  });

  test('golden values of quant-reference.md', () => {
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

  test('golden SciPy ppf values of §5.1', () => {
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
