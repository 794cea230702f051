/**
 * One parser per RIT response type (types.ts), built from validate.ts. Documented variants are
 * normalised here so nothing downstream sees them:
 * - book sides `bids`/`asks` (real servers) or `bid`/`ask` (1.0.0 swagger); a `null` side = empty;
 * - `price: null` on MARKET orders (a LIMIT order without a price is malformed);
 * - quantities written as JSON floats (`100.0`) are plain numbers after JSON.parse;
 * - fields that older API versions omit get the defaults listed in README.md ("Defaults").
 */
import type {
  Asset,
  AssetHistory,
  Book,
  CancelResult,
  Case,
  Lease,
  Limit,
  News,
  Ohlc,
  Order,
  Security,
  SecurityLimitRef,
  SuccessResult,
  Tas,
  Tender,
  TickerPrice,
  TickerQuantity,
  Trader,
} from './types';
import {
  FieldError,
  type Parser,
  arrayOf,
  bool,
  int,
  isRecord,
  nonNegNum,
  nullAs,
  nullable,
  num,
  object,
  oneOf,
  optional,
  refine,
  str,
} from './validate';

const orderType = oneOf('MARKET', 'LIMIT');
const orderAction = oneOf('BUY', 'SELL');
const orderStatus = oneOf('OPEN', 'TRANSACTED', 'CANCELLED');
const caseStatus = oneOf('ACTIVE', 'PAUSED', 'STOPPED');

const zero = (): number => 0;
const emptyStr = (): string => '';
const nul = (): null => null;

export const parseCase: Parser<Case> = object<Case>({
  name: optional(str, emptyStr),
  period: int,
  tick: int,
  ticks_per_period: int,
  total_periods: optional(int, () => 1),
  status: caseStatus,
  is_enforce_trading_limits: optional(bool, () => true),
});

export const parseTrader: Parser<Trader> = object<Trader>({
  trader_id: str,
  first_name: optional(str, emptyStr),
  last_name: optional(str, emptyStr),
  nlv: num,
});

export const parseLimit: Parser<Limit> = object<Limit>({
  name: str,
  gross: num,
  net: num,
  gross_limit: num,
  net_limit: num,
  gross_fine: optional(num, zero),
  net_fine: optional(num, zero),
});
export const parseLimits = arrayOf(parseLimit);

const parseLimitRef: Parser<SecurityLimitRef> = object<SecurityLimitRef>({ name: str, units: num });

/** Numeric fields RIT reports as `null` when there is nothing (no trade yet, flat position): 0. */
const num0 = nullAs(num, 0);
const opt0 = optional(num0, zero);

export const parseSecurity: Parser<Security> = object<Security>({
  ticker: str,
  type: optional(str, emptyStr),
  size: optional(num, () => 1),
  position: num0,
  vwap: opt0,
  nlv: optional(nullable(num), nul),
  last: num0,
  bid: num0,
  bid_size: opt0,
  ask: num0,
  ask_size: opt0,
  volume: opt0,
  unrealized: optional(nullable(num), nul),
  realized: opt0,
  currency: optional(nullAs(str, ''), emptyStr),
  total_volume: opt0,
  limits: optional(nullAs(arrayOf(parseLimitRef), []), () => []),
  interest_rate: opt0,
  is_tradeable: optional(bool, () => true),
  is_shortable: optional(bool, () => true),
  start_period: optional(int, () => 1),
  stop_period: optional(int, () => 1),
  description: optional(nullAs(str, ''), emptyStr),
  unit_multiplier: optional(num, () => 1),
  display_unit: optional(nullAs(str, ''), emptyStr),
  start_price: opt0,
  min_price: opt0,
  max_price: opt0,
  quoted_decimals: optional(int, () => 2),
  trading_fee: opt0,
  limit_order_rebate: opt0,
  min_trade_size: optional(nullAs(num, 1), () => 1),
  // 0 = "not reported": callers must not read it as "nothing may be traded" (see README Defaults).
  max_trade_size: opt0,
  required_tickers: optional(nullable(str), nul),
  underlying_tickers: optional(nullable(arrayOf(str)), nul),
  bond_coupon: opt0,
  interest_payments_per_period: opt0,
  base_security: optional(nullAs(str, ''), emptyStr),
  fixing_ticker: optional(nullable(str), nul),
  // 0 = unknown rate: the client then paces only on X-Wait-Until and 429s.
  api_orders_per_second: opt0,
  execution_delay_ms: opt0,
  interest_rate_ticker: optional(nullable(str), nul),
  otc_price_range: opt0,
});
export const parseSecurities = arrayOf(parseSecurity);

const parseOrderFields = object<Order>({
  order_id: nullable(int),
  period: int,
  tick: int,
  trader_id: optional(str, emptyStr),
  ticker: str,
  type: orderType,
  quantity: nonNegNum,
  action: orderAction,
  price: nullable(num),
  quantity_filled: optional(nonNegNum, zero),
  vwap: optional(nullable(num), nul),
  status: orderStatus,
});

export const parseOrder: Parser<Order> = refine(parseOrderFields, (o) => {
  if (o.type === 'LIMIT' && o.price === null) return new FieldError('finite number on a LIMIT order', null, 'price');
  if (o.quantity_filled > o.quantity) {
    return new FieldError(`number <= quantity (${o.quantity})`, o.quantity_filled, 'quantity_filled');
  }
  return null;
});
export const parseOrders = arrayOf(parseOrder);

const parseSide = nullAs(parseOrders, []);

/** Book: `{bids, asks}` or the 1.0.0 spelling `{bid, ask}`; the error path names the key present. */
export const parseBook: Parser<Book> = (v) => {
  if (!isRecord(v)) throw new FieldError('object with bids/asks', v);
  const bidKey = v.bids !== undefined || v.bid === undefined ? 'bids' : 'bid';
  const askKey = v.asks !== undefined || v.ask === undefined ? 'asks' : 'ask';
  return { bids: side(v, bidKey), asks: side(v, askKey) };
};

function side(v: Record<string, unknown>, key: string): Order[] {
  try {
    return parseSide(v[key]);
  } catch (e) {
    if (e instanceof FieldError) e.segments.unshift(key);
    throw e;
  }
}

export const parseOhlc: Parser<Ohlc> = object<Ohlc>({ tick: int, open: num, high: num, low: num, close: num });
export const parseHistory = arrayOf(parseOhlc);

export const parseTas: Parser<Tas> = object<Tas>({
  id: int,
  period: int,
  tick: int,
  price: num,
  quantity: nonNegNum,
});
export const parseTasList = arrayOf(parseTas);

export const parseNews: Parser<News> = object<News>({
  news_id: int,
  period: int,
  tick: int,
  ticker: optional(nullAs(str, ''), emptyStr),
  headline: optional(nullAs(str, ''), emptyStr),
  body: optional(nullAs(str, ''), emptyStr),
});
export const parseNewsList = arrayOf(parseNews);

export const parseTender: Parser<Tender> = refine(
  object<Tender>({
    tender_id: int,
    period: int,
    tick: int,
    expires: int,
    caption: optional(nullAs(str, ''), emptyStr),
    // Absent from the 1.0.0 swagger; real servers send it.
    ticker: optional(str, emptyStr),
    quantity: nonNegNum,
    action: orderAction,
    is_fixed_bid: bool,
    price: optional(nullable(num), nul),
  }),
  (t) =>
    t.is_fixed_bid && t.price === null ? new FieldError('finite number on a fixed-bid tender', null, 'price') : null,
);
export const parseTenders = arrayOf(parseTender);

const parseTickerQuantity: Parser<TickerQuantity> = object<TickerQuantity>({ ticker: str, quantity: num });
const parseTickerPrice: Parser<TickerPrice> = object<TickerPrice>({ ticker: str, price: num });
const tqList = nullable(arrayOf(parseTickerQuantity));

export const parseAsset: Parser<Asset> = object<Asset>({
  ticker: str,
  type: optional(str, emptyStr),
  description: optional(nullAs(str, ''), emptyStr),
  total_quantity: opt0,
  available_quantity: opt0,
  lease_price: opt0,
  convert_from: optional(nullAs(arrayOf(parseTickerQuantity), []), () => []),
  convert_to: optional(nullAs(arrayOf(parseTickerQuantity), []), () => []),
  containment: optional(nullable(parseTickerQuantity), nul),
  ticks_per_conversion: opt0,
  ticks_per_lease: opt0,
  is_available: optional(bool, () => true),
  start_period: optional(int, () => 1),
  stop_period: optional(int, () => 1),
});
export const parseAssets = arrayOf(parseAsset);

export const parseAssetHistoryItem: Parser<AssetHistory> = object<AssetHistory>({
  ticker: str,
  tick: int,
  action: str,
  cost: num0,
  convert_from: optional(tqList, nul),
  convert_to: optional(tqList, nul),
  convert_from_price: optional(nullable(arrayOf(parseTickerPrice)), nul),
  convert_to_price: optional(nullable(arrayOf(parseTickerPrice)), nul),
});
export const parseAssetHistory = arrayOf(parseAssetHistoryItem);

export const parseLease: Parser<Lease> = object<Lease>({
  id: int,
  ticker: str,
  type: optional(str, emptyStr),
  start_lease_period: int,
  start_lease_tick: int,
  next_lease_period: optional(nullAs(int, 0), zero),
  next_lease_tick: optional(nullAs(int, 0), zero),
  convert_from: optional(tqList, nul),
  convert_to: optional(tqList, nul),
  convert_finish_period: optional(nullable(int), nul),
  convert_finish_tick: optional(nullable(int), nul),
  containment_usage: optional(nullable(num), nul),
});
export const parseLeases = arrayOf(parseLease);

export const parseSuccess: Parser<SuccessResult> = object<SuccessResult>({ success: bool });

export const parseCancelResult: Parser<CancelResult> = object<CancelResult>({
  cancelled_order_ids: nullAs(arrayOf(int), []),
});

/** Error bodies are best-effort: anything unreadable yields nulls, never a second error. */
export function readErrorBody(text: string): { code: string | null; message: string | null; wait: number | null } {
  try {
    const j: unknown = JSON.parse(text);
    if (!isRecord(j)) return { code: null, message: null, wait: null };
    return {
      code: typeof j.code === 'string' ? j.code : null,
      message: typeof j.message === 'string' ? j.message : null,
      wait: typeof j.wait === 'number' && Number.isFinite(j.wait) && j.wait >= 0 ? j.wait : null,
    };
  } catch {
    // not JSON (an HTML error page, an empty body): the status alone describes the error
    return { code: null, message: null, wait: null };
  }
}
