import type { Source } from '@ritc/strategies';

export const SOURCES: Source[] = ['MARKET_MAKER', 'ARBITRAGE', 'TENDER', 'HEDGE'];

/** Cash and shares attributed to one source. Cash is kept per currency until it is valued. */
export interface SourceBook {
  cash: Record<string, number>;
  pos: Record<string, number>;
}
export type SourceBooks = Record<Source, SourceBook>;

export function emptyBooks(): SourceBooks {
  const b = {} as SourceBooks;
  for (const s of SOURCES) b[s] = { cash: {}, pos: {} };
  return b;
}

/**
 * How the case's money converts: each ticker's quote currency, and for each foreign currency the
 * security whose mid is its price in the reporting currency. Plain data (the dashboard state holds it).
 */
export interface CaseMoney {
  reporting: string;
  /** Quote currency by ticker; a ticker not listed is quoted in the reporting currency. */
  quote: Record<string, string>;
  /** The converting security by foreign currency. */
  fx: Record<string, string>;
}

/** Until the case is read: every ticker in the reporting currency. */
export const ONE_CURRENCY: CaseMoney = { reporting: 'CAD', quote: {}, fx: {} };

/** What the engine's case description says of currencies (the part this module needs). */
export interface CurrencyFacts {
  reportingCurrency: string;
  securities: Record<string, { currency: string; fxTicker: string | null }>;
}

export function caseMoney(d: CurrencyFacts): CaseMoney {
  const quote: Record<string, string> = {};
  const fx: Record<string, string> = {};
  for (const [t, s] of Object.entries(d.securities)) {
    if (s.currency === '' || s.currency === d.reportingCurrency) continue;
    quote[t] = s.currency;
    if (s.fxTicker) fx[s.currency] = s.fxTicker;
  }
  return { reporting: d.reportingCurrency, quote, fx };
}

const quoteOf = (money: CaseMoney, ticker: string): string => money.quote[ticker] ?? money.reporting;

/** Books a fill into its source (mutates `books`: callers keep it private). */
export function bookFill(
  books: SourceBooks,
  f: { ticker: string; action: 'BUY' | 'SELL'; quantity: number; price: number; source: Source },
  money: CaseMoney = ONE_CURRENCY,
): void {
  const b = books[f.source];
  const signed = f.action === 'BUY' ? f.quantity : -f.quantity;
  b.pos[f.ticker] = (b.pos[f.ticker] ?? 0) + signed;
  const ccy = quoteOf(money, f.ticker);
  b.cash[ccy] = (b.cash[ccy] ?? 0) - signed * f.price;
}

/**
 * Mark-to-market value in the reporting currency of each source's trading (cash + shares at mid,
 * foreign amounts converted at their converter's mid). An estimate that ignores fees, rebates and
 * fines: the exchange's nlv is the total. Positions with no known mid, and foreign amounts with no
 * known rate, are reported in `unpriced` (a missing rate counts as 1, a missing mid as 0).
 */
export function valueBooks(
  books: SourceBooks,
  mids: Record<string, number | null>,
  money: CaseMoney = ONE_CURRENCY,
): { bySource: Record<Source, number>; unpriced: string[] } {
  const unpriced = new Set<string>();
  const rate = (ccy: string): number => {
    if (ccy === money.reporting) return 1;
    const fx = money.fx[ccy];
    const mid = fx !== undefined ? mids[fx] : undefined;
    if (mid === null || mid === undefined) {
      unpriced.add(fx ?? ccy);
      return 1;
    }
    return mid;
  };
  const bySource = {} as Record<Source, number>;
  for (const s of SOURCES) {
    const b = books[s];
    let v = 0;
    for (const [ccy, amount] of Object.entries(b.cash)) if (amount !== 0) v += amount * rate(ccy);
    for (const [t, q] of Object.entries(b.pos)) {
      if (q === 0) continue;
      const mid = mids[t];
      if (mid === null || mid === undefined) {
        unpriced.add(t);
        continue;
      }
      v += q * mid * rate(quoteOf(money, t));
    }
    bySource[s] = v;
  }
  return { bySource, unpriced: [...unpriced] };
}
