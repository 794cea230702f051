import type { Security } from '@ritc/rit-client';
import type { SecurityInfo } from '@ritc/strategies';
import type { LimitUnitsMeaning } from './config';

/** What the engine keeps of each security (SecurityInfo for strategies, plus group weights). */
export interface EngineSecurity extends SecurityInfo {
  type: string;
  /** Weight of one share in each limit group, after interpreting `units` (see `limitWeight`). */
  limitWeights: Record<string, number>;
  /** Orders per second RIT allows on this ticker. */
  apiOrdersPerSecond: number;
  minTradeSize: number;
}

/**
 * One share's weight in a limit group from `/securities` `limits[].units`.
 * 'auto' reads units ≥ 1 as a multiplier and units < 1 as its inverse, so the 2020 ETF's 0.5 (live
 * server) and 2 (the 2020 case rules: the ETF counts twice in the limits) both give ×2; a plain
 * stock's 1 gives ×1 under every meaning.
 */
export function limitWeight(units: number, meaning: LimitUnitsMeaning): number {
  if (!Number.isFinite(units) || units <= 0) return 1;
  switch (meaning) {
    case 'multiplier':
      return units;
    case 'inverse':
      return 1 / units;
    case 'auto':
      return units >= 1 ? units : 1 / units;
  }
}

export function isCurrencySecurity(s: Pick<Security, 'type'>): boolean {
  return String(s.type).toUpperCase() === 'CURRENCY';
}

export function toEngineSecurity(s: Security, meaning: LimitUnitsMeaning): EngineSecurity {
  const isCurrency = isCurrencySecurity(s);
  const limitWeights: Record<string, number> = {};
  // Currencies are cash, not shares: they never count toward share limits.
  if (!isCurrency) for (const l of s.limits) limitWeights[l.name] = limitWeight(l.units, meaning);
  const weights = Object.values(limitWeights);
  return {
    ticker: s.ticker,
    type: String(s.type),
    currency: s.currency,
    quotedDecimals: Number.isInteger(s.quoted_decimals) && s.quoted_decimals >= 0 ? s.quoted_decimals : 2,
    maxTradeSize: s.max_trade_size > 0 ? Math.floor(s.max_trade_size) : Number.MAX_SAFE_INTEGER,
    minTradeSize: s.min_trade_size > 0 ? Math.ceil(s.min_trade_size) : 1,
    tradingFee: s.trading_fee,
    limitOrderRebate: s.limit_order_rebate,
    limitWeight: weights.length ? Math.max(...weights) : isCurrency ? 0 : 1,
    isTradeable: s.is_tradeable !== false,
    isCurrency,
    limitWeights,
    apiOrdersPerSecond: s.api_orders_per_second > 0 ? s.api_orders_per_second : 10,
  };
}

/** Rounds a price to the security's quoted decimals (and removes binary noise: 9.7000000001 → 9.7). */
export function roundPrice(price: number, quotedDecimals: number): number {
  const f = 10 ** quotedDecimals;
  return Math.round(price * f) / f;
}

/**
 * CAD value of one unit of `ticker`: a currency's own quote chain (an ETF quoted in a foreign
 * currency → that currency's security → the reporting currency).
 * `mids` gives the mid of each security in its quote currency; the base currency (not quoted in
 * anything else) is 1. Returns null when a mid on the chain is missing.
 */
export function markCad(
  ticker: string,
  securities: Record<string, EngineSecurity>,
  mids: Record<string, number | null | undefined>,
  depth = 0,
): number | null {
  const sec = securities[ticker];
  // A currency that is not itself a listed security (e.g. CAD) is the base currency.
  if (!sec) return depth > 0 || Object.values(securities).some((s) => s.currency === ticker) ? 1 : null;
  if (sec.isCurrency && (!sec.currency || sec.currency === ticker)) return 1;
  if (depth > 4) return null;
  const mid = mids[ticker];
  if (mid == null || !Number.isFinite(mid)) return null;
  if (!sec.currency) return mid;
  const fx = markCad(sec.currency, securities, mids, depth + 1);
  return fx == null ? null : mid * fx;
}
