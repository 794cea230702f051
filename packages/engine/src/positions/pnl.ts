import type { Source } from '@ritc/strategies';
import { markCad, type EngineSecurity } from '../securities';
import { SOURCES, type PositionBook } from './position-book';

/** Fees paid and rebates earned per source, in CAD (converted at the fill-time rate). */
export class FeeLedger {
  readonly feesCad: Record<Source, number> = { MARKET_MAKER: 0, ARBITRAGE: 0, TENDER: 0, HEDGE: 0 };
  readonly rebatesCad: Record<Source, number> = { MARKET_MAKER: 0, ARBITRAGE: 0, TENDER: 0, HEDGE: 0 };

  book(source: Source, amountCad: number, kind: 'fee' | 'rebate'): void {
    if (!Number.isFinite(amountCad)) return;
    (kind === 'fee' ? this.feesCad : this.rebatesCad)[source] += amountCad;
  }

  totalFeesCad(): number {
    return SOURCES.reduce((s, k) => s + this.feesCad[k], 0);
  }
  totalRebatesCad(): number {
    return SOURCES.reduce((s, k) => s + this.rebatesCad[k], 0);
  }
}

export interface SourcePnl {
  /** Trading P&L before commissions: netCad + fees − rebates, CAD. */
  tradingCad: number;
  feesCad: number;
  rebatesCad: number;
  /**
   * Mark-to-market value of the source's holdings incl. its cash balances, CAD (= realized +
   * unrealized after commissions: fees and rebates are booked into the cash balances).
   */
  netCad: number;
  /** Tickers that could not be marked (no mid on the conversion chain). */
  unmarked: string[];
}

/**
 * P&L by source. Every source starts flat with zero cash, so the marked value of what it holds
 * (shares at mids + its cash balances, all converted to CAD through the quote chain) is exactly its
 * realized + unrealized P&L.
 */
export function pnlBySource(
  book: PositionBook,
  fees: FeeLedger,
  securities: Record<string, EngineSecurity>,
  mids: Record<string, number | null | undefined>,
): Record<Source, SourcePnl> {
  const out = {} as Record<Source, SourcePnl>;
  for (const s of SOURCES)
    out[s] = { tradingCad: 0, feesCad: fees.feesCad[s], rebatesCad: fees.rebatesCad[s], netCad: 0, unmarked: [] };
  for (const ticker of book.tickers()) {
    const by = book.bySource(ticker);
    const mark = markCad(ticker, securities, mids);
    for (const s of SOURCES) {
      if (by[s] === 0) continue;
      if (mark == null) {
        out[s].unmarked.push(ticker);
        continue;
      }
      out[s].netCad += by[s] * mark;
    }
  }
  for (const s of SOURCES) out[s].tradingCad = out[s].netCad + out[s].feesCad - out[s].rebatesCad;
  return out;
}
