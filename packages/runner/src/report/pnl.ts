import type { Source } from '@ritc/strategies';

export const SOURCES: Source[] = ['MARKET_MAKER', 'ARBITRAGE', 'TENDER', 'HEDGE'];

/** Cash and shares attributed to one source. Cash is kept per currency until it is valued. */
export interface SourceBook {
  cashCad: number;
  cashUsd: number;
  pos: Record<string, number>;
}
export type SourceBooks = Record<Source, SourceBook>;

export function emptyBooks(): SourceBooks {
  const b = {} as SourceBooks;
  for (const s of SOURCES) b[s] = { cashCad: 0, cashUsd: 0, pos: {} };
  return b;
}

/**
 * Quote currency of a ticker in the 2020 ETF case: RITC trades in USD; BULL, BEAR and the USD
 * currency itself are quoted in CAD.
 */
export type CurrencyOf = (ticker: string) => 'CAD' | 'USD';
export const etfCaseCurrency: CurrencyOf = (t) => (t === 'RITC' ? 'USD' : 'CAD');
/** The ticker whose mid is the CAD price of one USD. */
export const FX_TICKER = 'USD';

/** Books a fill into its source (mutates `books`: callers keep it private). */
export function bookFill(
  books: SourceBooks,
  f: { ticker: string; action: 'BUY' | 'SELL'; quantity: number; price: number; source: Source },
  currencyOf: CurrencyOf = etfCaseCurrency,
): void {
  const b = books[f.source];
  const signed = f.action === 'BUY' ? f.quantity : -f.quantity;
  b.pos[f.ticker] = (b.pos[f.ticker] ?? 0) + signed;
  if (currencyOf(f.ticker) === 'USD') b.cashUsd -= signed * f.price;
  else b.cashCad -= signed * f.price;
}

/**
 * Mark-to-market value in CAD of each source's trading (cash + shares at mid, USD converted at
 * the USD mid). An estimate that ignores fees, rebates and fines: the exchange's nlv is the total.
 * Positions with no known mid are valued at 0 and reported in `unpriced`.
 */
export function valueBooks(
  books: SourceBooks,
  mids: Record<string, number | null>,
  currencyOf: CurrencyOf = etfCaseCurrency,
): { bySource: Record<Source, number>; unpriced: string[] } {
  const fx = mids[FX_TICKER] ?? null;
  const bySource = {} as Record<Source, number>;
  const unpriced = new Set<string>();
  for (const s of SOURCES) {
    const b = books[s];
    let v = b.cashCad + b.cashUsd * (fx ?? 1);
    if (b.cashUsd !== 0 && fx === null) unpriced.add(FX_TICKER);
    for (const [t, q] of Object.entries(b.pos)) {
      if (q === 0) continue;
      const mid = mids[t];
      if (mid === null || mid === undefined) {
        unpriced.add(t);
        continue;
      }
      v += q * mid * (currencyOf(t) === 'USD' ? (fx ?? 1) : 1);
    }
    bySource[s] = v;
  }
  return { bySource, unpriced: [...unpriced] };
}
