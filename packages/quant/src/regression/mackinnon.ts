// MacKinnon's response-surface tables, as used by statsmodels (tsa/adfvalues.py):
// p-values from MacKinnon (1994, JBES 12(2)) and critical values from MacKinnon (2010,
// Queen's Economics WP 1227); the "n" critical values are the 1996 ones (not updated in 2010).
// Index 0 of each table is N = 1 (N = number of I(1) series: 1 for ADF, K + 1 for Engle–Granger).

import { at } from '../checked';
import { QuantError, assertFinite } from '../errors';
import { normalCdf } from '../normal';

export type MacKinnonRegression = 'c' | 'n' | 'ct';

const TAU_STAR: Record<MacKinnonRegression, number[]> = {
  n: [-1.04, -1.53, -2.68, -3.09, -3.07, -3.77],
  c: [-1.61, -2.62, -3.13, -3.47, -3.78, -3.93],
  ct: [-2.89, -3.19, -3.5, -3.65, -3.8, -4.36],
};
const TAU_MIN: Record<MacKinnonRegression, number[]> = {
  n: [-19.04, -19.62, -21.21, -23.25, -21.63, -25.74],
  c: [-18.83, -18.86, -23.48, -28.07, -25.96, -23.27],
  ct: [-16.18, -21.15, -25.37, -26.63, -26.53, -26.18],
};
const TAU_MAX: Record<MacKinnonRegression, number[]> = {
  n: [Infinity, 1.51, 0.86, 0.88, 1.05, 1.24],
  c: [2.74, 0.92, 0.55, 0.61, 0.79, 1],
  ct: [0.7, 0.63, 0.71, 0.93, 1.19, 1.42],
};

// Unscaled, as printed in the paper; scaled below by (1, 1, 1e-2) and (1, 1e-1, 1e-1, 1e-2).
const SMALL_P_RAW: Record<MacKinnonRegression, number[][]> = {
  n: [
    [0.6344, 1.2378, 3.2496],
    [1.9129, 1.3857, 3.5322],
    [2.7648, 1.4502, 3.4186],
    [3.4336, 1.4835, 3.19],
    [4.0999, 1.5533, 3.59],
    [4.5388, 1.5344, 2.9807],
  ],
  c: [
    [2.1659, 1.4412, 3.8269],
    [2.92, 1.5012, 3.9796],
    [3.4699, 1.4856, 3.164],
    [3.9673, 1.4777, 2.6315],
    [4.5509, 1.5338, 2.9545],
    [5.1399, 1.6036, 3.4445],
  ],
  ct: [
    [3.2512, 1.6047, 4.9588],
    [3.6646, 1.5419, 3.6448],
    [4.0983, 1.5173, 2.9898],
    [4.5844, 1.5338, 2.8796],
    [5.0722, 1.5634, 2.9472],
    [5.53, 1.5914, 3.0392],
  ],
};
const LARGE_P_RAW: Record<MacKinnonRegression, number[][]> = {
  n: [
    [0.4797, 9.3557, -0.6999, 3.3066],
    [1.5578, 8.558, -2.083, -3.3549],
    [2.2268, 6.8093, -3.2362, -5.4448],
    [2.7654, 6.4502, -3.0811, -4.4946],
    [3.2684, 6.8051, -2.6778, -3.4972],
    [3.7268, 7.167, -2.3648, -2.8288],
  ],
  c: [
    [1.7339, 9.3202, -1.2745, -1.0368],
    [2.1945, 6.4695, -2.9198, -4.2377],
    [2.5893, 4.5168, -3.6529, -5.0074],
    [3.0387, 4.5452, -3.3666, -4.1921],
    [3.5049, 5.2098, -2.9158, -3.3468],
    [3.9489, 5.8933, -2.5359, -2.721],
  ],
  ct: [
    [2.5261, 6.1654, -3.7956, -6.0285],
    [2.85, 5.272, -3.6622, -5.1695],
    [3.221, 5.255, -3.2685, -4.1501],
    [3.652, 5.9758, -2.7483, -3.2081],
    [4.0712, 6.6428, -2.3464, -2.546],
    [4.4735, 7.1757, -2.0681, -2.1196],
  ],
};
const SMALL_SCALING = [1, 1, 1e-2];
const LARGE_SCALING = [1, 1e-1, 1e-1, 1e-2];
const SMALL_P = scale(SMALL_P_RAW, SMALL_SCALING);
const LARGE_P = scale(LARGE_P_RAW, LARGE_SCALING);

function scale(t: Record<MacKinnonRegression, number[][]>, s: number[]): Record<MacKinnonRegression, number[][]> {
  const out = {} as Record<MacKinnonRegression, number[][]>;
  for (const key of Object.keys(t) as MacKinnonRegression[])
    out[key] = t[key].map((row) => row.map((v, i) => v * at(s, i)));
  return out;
}

/** b0..b3 of one response surface: crit(T) = b0 + b1/T + b2/T² + b3/T³. */
type Surface = readonly [number, number, number, number];

// MacKinnon (2010) [N][1%, 5%, 10%][b0..b3].
const CRIT: Record<MacKinnonRegression, ReadonlyArray<readonly [Surface, Surface, Surface]>> = {
  n: [
    [
      [-2.56574, -2.2358, -3.627, 0],
      [-1.941, -0.2686, -3.365, 31.223],
      [-1.61682, 0.2656, -2.714, 25.364],
    ],
  ],
  c: [
    [
      [-3.43035, -6.5393, -16.786, -79.433],
      [-2.86154, -2.8903, -4.234, -40.04],
      [-2.56677, -1.5384, -2.809, 0],
    ],
    [
      [-3.89644, -10.9519, -33.527, 0],
      [-3.33613, -6.1101, -6.823, 0],
      [-3.04445, -4.2412, -2.72, 0],
    ],
    [
      [-4.29374, -14.4354, -33.195, 47.433],
      [-3.74066, -8.5632, -10.852, 27.982],
      [-3.45218, -6.2143, -3.718, 0],
    ],
    [
      [-4.64332, -18.1031, -37.972, 0],
      [-4.096, -11.2349, -11.175, 0],
      [-3.8102, -8.3931, -4.137, 0],
    ],
    [
      [-4.95756, -21.8883, -45.142, 0],
      [-4.41519, -14.0405, -12.575, 0],
      [-4.13157, -10.7417, -3.784, 0],
    ],
    [
      [-5.24568, -25.6688, -57.737, 88.639],
      [-4.70693, -16.9178, -17.492, 60.007],
      [-4.42501, -13.1875, -5.104, 27.877],
    ],
  ],
  ct: [
    [
      [-3.95877, -9.0531, -28.428, -134.155],
      [-3.41049, -4.3904, -9.036, -45.374],
      [-3.12705, -2.5856, -3.925, -22.38],
    ],
    [
      [-4.32762, -15.4387, -35.679, 0],
      [-3.78057, -9.5106, -12.074, 0],
      [-3.49631, -7.0815, -7.538, 21.892],
    ],
    [
      [-4.66305, -18.7688, -49.793, 104.244],
      [-4.1189, -11.8922, -19.031, 77.332],
      [-3.83511, -9.0723, -8.504, 35.403],
    ],
    [
      [-4.9694, -22.4694, -52.599, 51.314],
      [-4.42871, -14.5876, -18.228, 39.647],
      [-4.14633, -11.25, -9.873, 54.109],
    ],
    [
      [-5.25276, -26.2183, -59.631, 50.646],
      [-4.71537, -17.3569, -22.66, 91.359],
      [-4.43422, -13.6078, -10.238, 76.781],
    ],
    [
      [-5.51727, -29.976, -75.222, 202.253],
      [-4.98228, -20.305, -25.224, 132.03],
      [-4.70233, -16.1253, -9.836, 94.272],
    ],
  ],
};

export interface CriticalValues {
  '1%': number;
  '5%': number;
  '10%': number;
}

function checkRegression(where: string, regression: string): asserts regression is MacKinnonRegression {
  if (regression !== 'c' && regression !== 'n' && regression !== 'ct') {
    throw new QuantError(
      'E_UNSUPPORTED',
      `${where}: regression must be 'c', 'n' or 'ct', got ${JSON.stringify(regression)}`,
    );
  }
}

/** MacKinnon (1994) approximate p-value of a (A)DF / Engle–Granger t statistic. */
export function mackinnonp(teststat: number, regression: MacKinnonRegression = 'c', N = 1): number {
  checkRegression('mackinnonp', regression);
  if (Number.isNaN(teststat)) throw new QuantError('E_NOT_FINITE', 'mackinnonp: teststat is NaN');
  if (!Number.isInteger(N) || N < 1 || N > 6)
    throw new QuantError('E_UNSUPPORTED', `mackinnonp: N must be an integer in 1..6 (MacKinnon 1994 tables), got ${N}`);
  const i = N - 1;
  if (teststat > at(TAU_MAX[regression], i)) return 1;
  if (teststat < at(TAU_MIN[regression], i)) return 0;
  const coef = teststat <= at(TAU_STAR[regression], i) ? at(SMALL_P[regression], i) : at(LARGE_P[regression], i);
  let poly = 0;
  for (let j = coef.length - 1; j >= 0; j--) poly = poly * teststat + at(coef, j);
  return normalCdf(poly);
}

/** MacKinnon (2010) critical values at sample size nobs (Infinity → asymptotic). */
export function mackinnoncrit(N = 1, regression: MacKinnonRegression = 'c', nobs = Infinity): CriticalValues {
  checkRegression('mackinnoncrit', regression);
  const table = CRIT[regression];
  if (!Number.isInteger(N) || N < 1 || N > table.length) {
    throw new QuantError(
      'E_UNSUPPORTED',
      `mackinnoncrit: N must be an integer in 1..${table.length} for regression '${regression}', got ${N}`,
    );
  }
  if (nobs !== Infinity) {
    assertFinite('mackinnoncrit: nobs', nobs);
    if (!(nobs > 0)) throw new QuantError('E_DOMAIN', `mackinnoncrit: nobs must be > 0, got ${nobs}`);
  }
  const [one, five, ten] = at(table, N - 1);
  const crit = ([b0, b1, b2, b3]: Surface): number => {
    if (nobs === Infinity) return b0;
    const x = 1 / nobs;
    return ((b3 * x + b2) * x + b1) * x + b0;
  };
  return { '1%': crit(one), '5%': crit(five), '10%': crit(ten) };
}
