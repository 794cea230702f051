import type { OrderIntent, Source } from '@ritc/strategies';
import type { EngineConfig } from '../config';
import type { EngineSecurity } from '../securities';
import { splitOrder } from '../execution/orders';

export interface HedgeInput {
  source: Source;
  /** The source's projected holdings per ticker: filled position + its live orders' remaining (signed). Currencies = cash. */
  holdings: Record<string, number>;
  securities: Record<string, EngineSecurity>;
  /** Mids in quote currency (for the USD effect of an ETF hedge and the 'total' currency mode). */
  mids: Record<string, number | null | undefined>;
  config: Pick<
    EngineConfig,
    'etfTicker' | 'basketTickers' | 'hedgeCurrency' | 'minCurrencyHedgeUsd' | 'currencyHedgeMode'
  >;
}

/**
 * Orders that neutralise what one source has built (MARKET orders, whole shares, split to max size):
 * 1. ETF exposure E = RITC + k, where k is the matched basket (BULL and BEAR held in equal size).
 *    It is hedged in the instrument the source holds less of: an RITC position with BULL + BEAR
 *    (1:1:1), a basket position with RITC.
 * 2. Unmatched single-stock legs (and any other share position) are flattened.
 * 3. Currency: the hedge currency balance (USD cash from RITC trades and tenders, after the ETF
 *    hedge's own USD flow) is traded back toward zero. Mode 'total' also counts the USD value of
 *    the RITC still held.
 */
export function hedgeIntents(h: HedgeInput): OrderIntent[] {
  const { etfTicker, basketTickers, hedgeCurrency } = h.config;
  const pos = (t: string) => Math.trunc(h.holdings[t] ?? 0);
  const trades = new Map<string, number>(); // signed shares to trade
  const add = (t: string, q: number) => {
    if (q !== 0) trades.set(t, (trades.get(t) ?? 0) + q);
  };

  const haveEtf = !!h.securities[etfTicker] && basketTickers.every((t) => !!h.securities[t]);
  if (haveEtf) {
    const r = pos(etfTicker);
    const legs = basketTickers.map(pos);
    const allPos = legs.every((x) => x > 0),
      allNeg = legs.every((x) => x < 0);
    const k = allPos ? Math.min(...legs) : allNeg ? Math.max(...legs) : 0;
    legs.forEach((x, i) => add(basketTickers[i]!, -(x - k))); // flatten unmatched legs
    const e = r + k;
    if (e !== 0) {
      if (Math.abs(r) >= Math.abs(k))
        basketTickers.forEach((t) => add(t, -e)); // hedge the ETF in the basket
      else add(etfTicker, -e); // hedge the basket with the ETF
    }
  }
  for (const [t, sec] of Object.entries(h.securities)) {
    if (sec.isCurrency || (haveEtf && (t === etfTicker || basketTickers.includes(t)))) continue;
    add(t, -pos(t));
  }

  // Currency: project the hedge currency balance after the share trades above.
  const ccySec = h.securities[hedgeCurrency];
  if (ccySec?.isCurrency && ccySec.isTradeable) {
    let usd = h.holdings[hedgeCurrency] ?? 0;
    for (const [t, q] of trades) {
      if (h.securities[t]?.currency !== hedgeCurrency) continue;
      const mid = h.mids[t];
      if (mid != null && Number.isFinite(mid)) usd -= q * mid;
    }
    if (h.config.currencyHedgeMode === 'total') {
      for (const [t, sec] of Object.entries(h.securities)) {
        if (sec.isCurrency || sec.currency !== hedgeCurrency) continue;
        const mid = h.mids[t];
        if (mid != null && Number.isFinite(mid)) usd += (pos(t) + (trades.get(t) ?? 0)) * mid;
      }
    }
    const q = Math.round(usd);
    if (Math.abs(q) >= Math.max(1, h.config.minCurrencyHedgeUsd)) add(hedgeCurrency, -q);
  }

  const out: OrderIntent[] = [];
  for (const [ticker, q] of trades) {
    if (q === 0) continue;
    const sec = h.securities[ticker];
    if (!sec || !sec.isTradeable) continue;
    const parent: OrderIntent = {
      ticker,
      type: 'MARKET',
      action: q > 0 ? 'BUY' : 'SELL',
      quantity: Math.abs(q),
      source: h.source,
      tag: `hedge:${h.source}`,
    };
    out.push(...splitOrder(parent, sec.maxTradeSize));
  }
  return out;
}
