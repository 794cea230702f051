/** Builds RIT response objects (rit-client types, RIT's key order) from exchange state. */
import type { Book, Case, Limit, Order, Security, Trader } from '@ritc/rit-client';
import type { Exchange, DryRunResult } from '../exchange/exchange';
import type { Account } from '../exchange/accounts';
import type { SimOrder } from '../book/order';
import { usage } from '../exchange/limits';
import { CASH_SCALE, type SecMeta } from '../exchange/securities';
import { at } from '../util/checked';

/** Rounds money/P&L to 1e-4 (cash itself is exact in 1e-4 units). */
export const r4 = (x: number): number => Math.round(x * 10_000) / 10_000;
const r8 = (x: number): number => Math.round(x * 1e8) / 1e8;

export function orderJson(ex: Exchange, o: SimOrder, viewer: Account | null): Order {
  const m = at(ex.metas, o.sec);
  return {
    order_id: o.id,
    period: o.period,
    tick: o.tick,
    trader_id: viewer && o.owner === viewer.idx ? viewer.traderId : 'ANON',
    ticker: m.ticker,
    quantity: o.quantity,
    price: o.type === 'MARKET' ? null : o.priceInt / m.scale,
    type: o.type,
    action: o.action,
    quantity_filled: o.filled,
    vwap: o.filled > 0 ? r8(o.fillNotional / o.filled / m.scale) : null,
    status: o.status,
  };
}

export function dryRunJson(ex: Exchange, d: DryRunResult, viewer: Account): Order {
  const m = at(ex.metas, d.sec);
  return {
    order_id: null,
    period: ex.period,
    tick: ex.tick,
    trader_id: viewer.traderId,
    ticker: m.ticker,
    quantity: d.quantity,
    price: null,
    type: 'MARKET',
    action: d.side === 0 ? 'BUY' : 'SELL',
    quantity_filled: d.filled,
    vwap: d.filled > 0 ? r8(d.notional / d.filled / m.scale) : null,
    status: d.filled > 0 ? 'TRANSACTED' : 'CANCELLED',
  };
}

export function caseJson(ex: Exchange): Case {
  return {
    name: ex.cfg.caseName,
    period: ex.period,
    tick: ex.tick,
    ticks_per_period: ex.cfg.ticksPerPeriod,
    total_periods: ex.cfg.totalPeriods,
    status: ex.status,
    is_enforce_trading_limits: ex.enforceLimits,
  };
}

export function traderJson(ex: Exchange, a: Account): Trader {
  return { trader_id: a.traderId, first_name: ex.cfg.firstName, last_name: ex.cfg.lastName, nlv: r4(ex.nlv(a)) };
}

export function limitsJson(ex: Exchange, a: Account): Limit[] {
  return ex.groups.map((g) => {
    const u = usage(a, g, ex.metas);
    return {
      name: g.cfg.name,
      gross: u.gross,
      net: u.net,
      gross_limit: g.cfg.grossLimit,
      net_limit: g.cfg.netLimit,
      gross_fine: g.cfg.grossFine,
      net_fine: g.cfg.netFine,
    };
  });
}

export function bookJson(ex: Exchange, m: SecMeta, limit: number, viewer: Account): Book {
  const b = ex.books[m.idx];
  if (!b) return { bids: [], asks: [] };
  return {
    bids: b.bids.collect(limit).map((o) => orderJson(ex, o, viewer)),
    asks: b.asks.collect(limit).map((o) => orderJson(ex, o, viewer)),
  };
}

export function securityJson(ex: Exchange, m: SecMeta, a: Account): Security {
  const c = m.cfg;
  const b = ex.books[m.idx];
  const bidL = b?.bids.best();
  const askL = b?.asks.best();
  const position = a.position(m);
  let nlv: number | null;
  let unrealized: number | null;
  let vwap = 0;
  if (m.isCurrency) {
    nlv = r4(position * ex.fxRate(m.idx));
    unrealized = null;
  } else {
    vwap = r8(a.vwap(m));
    const mark = ex.mark(m.idx, position);
    nlv = r4(position * mark);
    unrealized = position === 0 ? 0 : r4(position * (mark - a.vwap(m)));
  }
  const limits = ex.groups
    .filter((g) => g.w[m.idx] !== 0)
    .map((g) => ({
      name: g.cfg.name,
      units: ex.cfg.limits.unitsStyle === 'inverse' ? 1 / at(g.w, m.idx) : at(g.w, m.idx),
    }));
  return {
    ticker: m.ticker,
    type: c.type === 'ETF' ? 'STOCK' : c.type,
    size: 1,
    position,
    vwap,
    nlv,
    last: at(ex.lastInt, m.idx) / m.scale,
    bid: bidL ? bidL.priceInt / m.scale : 0,
    bid_size: bidL ? bidL.qty : 0,
    ask: askL ? askL.priceInt / m.scale : 0,
    ask_size: askL ? askL.qty : 0,
    volume: at(ex.volume, m.idx),
    unrealized,
    realized: m.isCurrency ? 0 : r4(at(a.realized, m.idx)),
    currency: c.currency,
    total_volume: at(ex.volume, m.idx),
    limits,
    interest_rate: 0,
    is_tradeable: c.isTradeable,
    is_shortable: c.isShortable,
    start_period: 1,
    stop_period: ex.cfg.totalPeriods,
    description: c.description,
    unit_multiplier: 1,
    display_unit: c.displayUnit,
    start_price: c.startPrice,
    min_price: c.minPrice,
    max_price: c.maxPrice,
    quoted_decimals: c.quotedDecimals,
    trading_fee: c.tradingFee,
    limit_order_rebate: c.limitOrderRebate,
    min_trade_size: c.minTradeSize,
    max_trade_size: c.maxTradeSize,
    required_tickers: null,
    underlying_tickers: m.cfg.underlying ?? null,
    bond_coupon: 0,
    interest_payments_per_period: 0,
    base_security: '',
    fixing_ticker: null,
    api_orders_per_second: c.apiOrdersPerSecond,
    execution_delay_ms: 0,
    interest_rate_ticker: null,
    otc_price_range: 0,
  };
}

/** The /sim/account report for one account (NOT a RIT endpoint). */
export function accountReport(ex: Exchange, a: Account, converterCostUnits: number) {
  const cash: Record<string, number> = {};
  for (const m of ex.metas) if (m.isCurrency) cash[m.ticker] = at(a.cash, m.idx) / CASH_SCALE;
  return {
    trader_id: a.traderId,
    agent: a.isAgent,
    nlv: r4(ex.nlv(a)),
    /** The score under the case's rule (scoring.rule): the nlv, or the nlv minus penalties. */
    score: r4(ex.score(a)),
    scoring_rule: ex.cfg.scoring.rule,
    penalties: r4(a.penalty),
    cash,
    fines: a.fineUnits / CASH_SCALE,
    converter_costs_usd: converterCostUnits / CASH_SCALE,
    orders: a.orders,
    fills: a.fills,
    limit_refusals: a.limitRefusals,
    limit_breach_ticks: a.breachTicks,
    limits: ex.groups.map((g) => {
      const u = usage(a, g, ex.metas);
      return {
        name: g.cfg.name,
        gross: u.gross,
        net: u.net,
        gross_limit: g.cfg.grossLimit,
        net_limit: g.cfg.netLimit,
        breached: u.gross > g.cfg.grossLimit || Math.abs(u.net) > g.cfg.netLimit,
      };
    }),
    securities: ex.metas.map((m) => {
      const position = a.position(m);
      const mark = m.isCurrency ? ex.fxRate(m.idx) : ex.mark(m.idx, position);
      return {
        ticker: m.ticker,
        currency: m.cfg.currency,
        position,
        vwap: m.isCurrency ? 0 : r8(a.vwap(m)),
        realized: m.isCurrency ? 0 : r4(at(a.realized, m.idx)),
        unrealized: m.isCurrency || position === 0 ? 0 : r4(position * (mark - a.vwap(m))),
        fees: at(a.feeUnits, m.idx) / CASH_SCALE,
        rebates: at(a.rebateUnits, m.idx) / CASH_SCALE,
        volume: at(a.volume, m.idx),
        open_buy: at(a.openBuy, m.idx),
        open_sell: at(a.openSell, m.idx),
      };
    }),
  };
}

/** Every non-agent trader's report and the ranking by nlv (NOT a RIT endpoint: /sim/account). */
export function heatReport(ex: Exchange, withAgents = false) {
  const traders = ex.accounts
    .filter((a) => withAgents || !a.isAgent)
    .map((a) => accountReport(ex, a, ex.converters.costUnits.get(a.idx) ?? 0));
  const ranked = traders.filter((t) => !t.agent).sort((a, b) => b.nlv - a.nlv);
  const ranking: { rank: number; trader_id: string; nlv: number }[] = [];
  let prev: { rank: number; nlv: number } | undefined;
  ranked.forEach((t, i) => {
    const rank = prev !== undefined && Math.round(prev.nlv * 100) === Math.round(t.nlv * 100) ? prev.rank : i + 1;
    ranking.push({ rank, trader_id: t.trader_id, nlv: t.nlv });
    prev = { rank, nlv: t.nlv };
  });
  return { tick: ex.tick, status: ex.status, traders, ranking };
}
