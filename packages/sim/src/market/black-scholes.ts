/** Black–Scholes (1973) price and delta of a European option, with the standard normal CDF. */

/** Standard normal CDF (Abramowitz & Stegun 26.2.17, absolute error below 7.5e-8). */
export function normCdf(x: number): number {
  const t = 1 / (1 + 0.2316419 * Math.abs(x));
  const d = 0.3989422804014327 * Math.exp((-x * x) / 2);
  const p = d * t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  return x >= 0 ? 1 - p : p;
}

export interface OptionValue {
  price: number;
  /** ∂price/∂underlying. */
  delta: number;
}

/**
 * Price and delta of a call or put: underlying s, strike k, years to expiry t, annualised
 * volatility vol, continuously compounded annual rate r. At expiry (t = 0) or with no volatility
 * the option is worth its discounted intrinsic value.
 */
export function blackScholes(
  kind: 'CALL' | 'PUT',
  s: number,
  k: number,
  t: number,
  vol: number,
  r: number,
): OptionValue {
  const df = Math.exp(-r * t);
  if (!(t > 0) || !(vol > 0)) {
    const fwd = s - k * df;
    if (kind === 'CALL') return { price: Math.max(0, fwd), delta: fwd > 0 ? 1 : 0 };
    return { price: Math.max(0, -fwd), delta: fwd < 0 ? -1 : 0 };
  }
  const sd = vol * Math.sqrt(t);
  const d1 = (Math.log(s / k) + (r + (vol * vol) / 2) * t) / sd;
  const d2 = d1 - sd;
  if (kind === 'CALL') return { price: s * normCdf(d1) - k * df * normCdf(d2), delta: normCdf(d1) };
  return { price: k * df * normCdf(-d2) - s * normCdf(-d1), delta: normCdf(d1) - 1 };
}
