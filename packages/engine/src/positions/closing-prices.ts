/**
 * The prices the exchange closes positions at when the case ends, as the engine can know them, so
 * the close-out is booked to the sources that held the positions at the same prices the exchange
 * used (otherwise the difference lands in the unattributed bucket and the split by source is wrong).
 *
 * An ETF case closes stocks at their last traded price and an ETF at its fair value, the basket's
 * last prices converted into the ETF's currency (to 4 decimals); cash in a foreign currency converts
 * at the currency's closing mid.
 */

/** How the case values the ETF at its close. null: every security closes at its last price. */
export interface EtfCloseRule {
  etf: string;
  /** Basket stocks, one share of each per ETF share. */
  basket: readonly string[];
}

export interface ClosingPriceInputs {
  /** The exchange's last traded price, or null when it has none. */
  last(ticker: string): number | null;
  /** CAD per unit of a ticker's quote currency (1 for CAD), or null when unknown. */
  cadPerQuoteUnit(ticker: string): number | null;
}

/** The case's ETFs whose basket is one share of each stock: each closes at that basket's fair value. */
export function etfCloseRules(d: {
  etfs: readonly string[];
  securities: Readonly<Record<string, { composition: Readonly<Record<string, number>> | null }>>;
}): EtfCloseRule[] {
  return d.etfs.flatMap((etf) => {
    const c = d.securities[etf]?.composition;
    if (!c || Object.keys(c).length === 0 || Object.values(c).some((w) => w !== 1)) return [];
    return [{ etf, basket: Object.keys(c) }];
  });
}

const round4 = (x: number): number => Math.round(x * 10_000) / 10_000;

/** The price `ticker` closes at, in its quote currency; null when it cannot be known. */
export function closingPrice(ticker: string, rule: EtfCloseRule | null, i: ClosingPriceInputs): number | null {
  if (rule === null || ticker !== rule.etf || rule.basket.length === 0) return i.last(ticker);
  let cad = 0;
  for (const t of rule.basket) {
    const p = i.last(t);
    const fx = i.cadPerQuoteUnit(t);
    if (p === null || fx === null || !Number.isFinite(p) || !Number.isFinite(fx)) return i.last(ticker);
    cad += p * fx;
  }
  const etfFx = i.cadPerQuoteUnit(ticker);
  if (etfFx === null || !(etfFx > 0)) return i.last(ticker);
  return round4(cad / etfFx);
}

/**
 * A currency's closing rate: the exchange's two-sided mid when it still shows one, else the last
 * two-sided quote the engine saw (the exchange clears its books at the close and converts at the
 * mid it had then), else the last trade; rounded to 4 decimals as the exchange rounds its rates.
 */
export function closingRate(
  exchange: { bid: number; ask: number; last: number } | undefined,
  seen: { bid: number | null; ask: number | null } | null,
): number | null {
  if (exchange && exchange.bid > 0 && exchange.ask > 0) return round4((exchange.bid + exchange.ask) / 2);
  if (seen && seen.bid != null && seen.ask != null && seen.bid > 0 && seen.ask > 0)
    return round4((seen.bid + seen.ask) / 2);
  if (exchange && exchange.last > 0) return round4(exchange.last);
  return null;
}
