// Engle–Granger two-step cointegration test as statsmodels' coint (trend 'c' or 'ct'):
// OLS of y on [x…, deterministic], ADF (no constant) on the residuals, MacKinnon
// cointegration tables with N = number of series and T = nobs − 1 (as Stata's egranger).

import { at } from '../checked';
import { QuantError } from '../errors';
import { AdfOptions, adfuller } from './adf';
import { CriticalValues, mackinnoncrit, mackinnonp } from './mackinnon';
import { ols, toSeriesList } from './ols';

export interface CointOptions {
  /** Deterministic terms of the levels regression: 'c' (default) or 'ct'. */
  trend?: 'c' | 'ct';
  maxlag?: number;
  autolag?: AdfOptions['autolag'];
}

export interface CointResult {
  /** ADF t statistic of the residuals (−Infinity when y and x are perfectly collinear). */
  statistic: number;
  pvalue: number;
  criticalValues: CriticalValues;
  /** Slope(s) β of y on x: spread = y − intercept − β·x. One per x series. */
  hedgeRatio: number[];
  intercept: number;
  /** Levels-regression residuals (the spread). */
  residuals: number[];
  usedlag: number | null;
  nobs: number;
}

const SQRTEPS = Math.sqrt(2.220446049250313e-16);

/** coint(y, x): x is one series or an array of series. */
export function coint(
  y: ReadonlyArray<number>,
  x: ReadonlyArray<number> | ReadonlyArray<ReadonlyArray<number>>,
  opts: CointOptions = {},
): CointResult {
  const trend: string = opts.trend ?? 'c'; // checked: JavaScript callers are not held to the type
  if (trend !== 'c' && trend !== 'ct')
    throw new QuantError('E_UNSUPPORTED', `coint: trend must be 'c' or 'ct', got ${JSON.stringify(trend)}`);
  const series = toSeriesList(x, 'coint');
  const nobs = y.length;
  const kVars = series.length + 1;
  const regressors = trend === 'ct' ? [...series, Array.from({ length: nobs }, (_, i) => i + 1)] : series;
  const fit = ols(y, regressors, { intercept: true });
  let statistic = -Infinity;
  let usedlag: number | null = null;
  if (fit.rSquared < 1 - 100 * SQRTEPS) {
    const adf = adfuller(fit.residuals, {
      maxlag: opts.maxlag,
      autolag: opts.autolag === undefined ? 'AIC' : opts.autolag,
      regression: 'n',
    });
    statistic = adf.statistic;
    usedlag = adf.usedlag;
  }
  return {
    statistic,
    pvalue: mackinnonp(statistic, trend, kVars),
    criticalValues: mackinnoncrit(kVars, trend, nobs - 1),
    hedgeRatio: fit.coefficients.slice(1, 1 + series.length),
    intercept: at(fit.coefficients, 0),
    residuals: fit.residuals,
    usedlag,
    nobs,
  };
}
