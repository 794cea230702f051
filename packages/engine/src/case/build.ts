import type { Case, Limit, News, Security } from '@ritc/rit-client';
import { parseCaseNews } from './news';
import type { CaseDescription, CaseLimitGroup, CaseSecurity } from './types';

/** Types that hold shares of a basket when they list `underlying_tickers` (an option's underlying is not a basket). */
const BASKET_TYPES = new Set(['STOCK', 'INDEX', 'ETF']);

export interface CaseAnswers {
  case: Case;
  securities: readonly Security[];
  limits: readonly Limit[];
  news?: readonly News[];
}

/**
 * Weights of a basket from a description such as "1 HAWK + 1 DOVE" or "2 x AAA, 0.5 BBB": a number
 * right before an underlying's ticker. An underlying the text gives no number for weighs 1.
 */
export function basketWeights(underlying: readonly string[], description: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of underlying) {
    const esc = t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const m = new RegExp(`([0-9]+(?:\\.[0-9]+)?)\\s*(?:x|×|\\*)?\\s*${esc}\\b`).exec(description);
    const w = m ? Number(m[1]) : NaN;
    out[t] = Number.isFinite(w) && w > 0 ? w : 1;
  }
  return out;
}

/**
 * The reporting currency: the currency security quoted in itself (CAD in the RIT cases); else the
 * quote currency most securities use.
 */
function reportingCurrency(securities: readonly Security[]): string {
  const self = securities.find((s) => String(s.type).toUpperCase() === 'CURRENCY' && s.currency === s.ticker);
  if (self) return self.ticker;
  const count = new Map<string, number>();
  for (const s of securities) count.set(s.currency, (count.get(s.currency) ?? 0) + 1);
  let best = '';
  let n = 0;
  for (const [c, k] of count)
    if (k > n) {
      best = c;
      n = k;
    }
  return best;
}

/**
 * The security converting `ccy` into `base`: a currency security named `ccy` quoted in `base`
 * (EUR at CAD per EUR), or one named like EURCAD / EUR/CAD.
 */
function fxFor(ccy: string, base: string, securities: readonly Security[]): string | null {
  if (!ccy || ccy === base) return null;
  const currencies = securities.filter((s) => String(s.type).toUpperCase() === 'CURRENCY');
  const named = [ccy, `${ccy}${base}`, `${ccy}/${base}`, `${ccy}.${base}`];
  for (const name of named) {
    const s = currencies.find((c) => c.ticker === name && (c.currency === base || c.currency === ''));
    if (s) return s.ticker;
  }
  return null;
}

function positive(x: number, fallback: number): number {
  return Number.isFinite(x) && x > 0 ? x : fallback;
}

/** The case description from the server's answers. Pure: the same answers give the same description. */
export function buildCaseDescription(a: CaseAnswers): CaseDescription {
  const base = reportingCurrency(a.securities);
  const fx: Record<string, string> = {};
  const securities: Record<string, CaseSecurity> = {};
  const tickers: string[] = [];
  const etfs: string[] = [];
  const listed = new Set(a.securities.map((s) => s.ticker));
  for (const s of a.securities) {
    const type = String(s.type).toUpperCase();
    const fxTicker = fxFor(s.currency, base, a.securities);
    if (fxTicker) fx[s.currency] = fxTicker;
    const underlying = (s.underlying_tickers ?? []).filter((t) => listed.has(t) && t !== s.ticker);
    const isEtf = BASKET_TYPES.has(type) && underlying.length > 0;
    const limitUnits: Record<string, number> = {};
    for (const l of s.limits) limitUnits[l.name] = l.units;
    securities[s.ticker] = {
      ticker: s.ticker,
      type,
      isEtf,
      isCurrency: type === 'CURRENCY',
      currency: s.currency,
      fxTicker,
      quotedDecimals: Number.isInteger(s.quoted_decimals) && s.quoted_decimals >= 0 ? s.quoted_decimals : 2,
      tradingFee: Number.isFinite(s.trading_fee) ? s.trading_fee : 0,
      limitOrderRebate: Number.isFinite(s.limit_order_rebate) ? s.limit_order_rebate : 0,
      maxTradeSize: Math.floor(positive(s.max_trade_size, Number.MAX_SAFE_INTEGER)),
      minTradeSize: Math.ceil(positive(s.min_trade_size, 1)),
      isTradeable: s.is_tradeable !== false,
      isShortable: s.is_shortable !== false,
      apiOrdersPerSecond: positive(s.api_orders_per_second, 10),
      limitUnits,
      composition: isEtf ? basketWeights(underlying, s.description) : null,
      description: s.description,
    };
    tickers.push(s.ticker);
    if (isEtf) etfs.push(s.ticker);
  }
  const limits: CaseLimitGroup[] = a.limits.map((l) => {
    const members: Record<string, number> = {};
    for (const t of tickers) {
      const u = securities[t]!.limitUnits[l.name];
      if (u !== undefined) members[t] = u;
    }
    return {
      name: l.name,
      grossLimit: l.gross_limit,
      netLimit: l.net_limit,
      grossFine: l.gross_fine,
      netFine: l.net_fine,
      members,
    };
  });
  return {
    name: a.case.name,
    periods: a.case.total_periods,
    ticksPerPeriod: a.case.ticks_per_period,
    enforcesLimits: a.case.is_enforce_trading_limits,
    reportingCurrency: base,
    tickers,
    securities,
    limits,
    etfs,
    fx,
    news: parseCaseNews(a.news ?? []),
  };
}
