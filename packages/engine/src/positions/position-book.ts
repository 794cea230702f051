import type { PositionView, Source } from '@ritc/strategies';
import type { EngineSecurity } from '../securities';

export const SOURCES: readonly Source[] = ['MARKET_MAKER', 'ARBITRAGE', 'TENDER', 'HEDGE'];
/** Where reconciliation differences (manual trades, missed fills) are booked. */
export const UNATTRIBUTED: Source = 'HEDGE';

function zeroBySource(): Record<Source, number> {
  return { MARKET_MAKER: 0, ARBITRAGE: 0, TENDER: 0, HEDGE: 0 };
}

/**
 * Signed holdings per ticker and per source. Currencies are tickers too: their "position" is the
 * cash balance (the exchange reports a currency's position the same way). A trade of `ticker` moves
 * the balance of its quote currency: an ETF quoted in EUR moves EUR, its CAD basket and EUR move CAD.
 */
export class PositionBook {
  private readonly pos = new Map<string, Record<Source, number>>();

  constructor(private readonly securities: () => Record<string, EngineSecurity>) {}

  /** A trade: `signedQty` shares of `ticker` (+ buy, − sell) at `price` in its quote currency. */
  applyTrade(ticker: string, signedQty: number, price: number, source: Source): void {
    this.add(ticker, source, signedQty);
    const ccy = this.securities()[ticker]?.currency;
    if (ccy && ccy !== ticker && Number.isFinite(price)) this.add(ccy, source, -signedQty * price);
  }

  /** Sets the total of `ticker` to the exchange's figure; the difference goes to `bucket`. Returns the difference. */
  correctTo(ticker: string, exchange: number, bucket: Source = UNATTRIBUTED): number {
    const diff = exchange - this.position(ticker);
    if (diff !== 0) this.add(ticker, bucket, diff);
    return diff;
  }

  add(ticker: string, source: Source, delta: number): void {
    let r = this.pos.get(ticker);
    if (!r) {
      r = zeroBySource();
      this.pos.set(ticker, r);
    }
    // Share counts stay integers; cash keeps cents-level floats but drops binary noise.
    r[source] = cleanup(r[source] + delta);
  }

  position(ticker: string): number {
    const r = this.pos.get(ticker);
    if (!r) return 0;
    let s = 0;
    for (const src of SOURCES) s += r[src];
    return cleanup(s);
  }

  bySource(ticker: string): Record<Source, number> {
    return { ...(this.pos.get(ticker) ?? zeroBySource()) };
  }

  tickers(): string[] {
    return [...this.pos.keys()];
  }

  view(): Record<string, PositionView> {
    const out: Record<string, PositionView> = {};
    for (const [ticker, r] of this.pos) out[ticker] = { ticker, position: this.position(ticker), bySource: { ...r } };
    return out;
  }

  totals(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const t of this.pos.keys()) out[t] = this.position(t);
    return out;
  }
}

function cleanup(x: number): number {
  const r = Math.round(x * 1e6) / 1e6;
  return Object.is(r, -0) ? 0 : r;
}
