/**
 * Response objects of the RIT Client REST API v1, one interface per JSON object RIT returns.
 * These are the shapes after validation: the client normalises documented variants
 * (`bid`/`ask` books, missing optional fields) into exactly these types, and the simulator emits them.
 *
 * Units: prices are in the security's quote currency (RITC in USD, BULL/BEAR/USD in CAD);
 * quantities are shares (integers, although RIT serialises them as JSON floats such as `100.0`);
 * `tick` is RIT's clock (1 tick = 1 s on a real client).
 */

export type CaseStatus = 'ACTIVE' | 'PAUSED' | 'STOPPED';
export type OrderType = 'MARKET' | 'LIMIT';
export type OrderAction = 'BUY' | 'SELL';
export type OrderStatus = 'OPEN' | 'TRANSACTED' | 'CANCELLED';
export type SecurityType =
  | 'SPOT'
  | 'FUTURE'
  | 'INDEX'
  | 'OPTION'
  | 'STOCK'
  | 'CURRENCY'
  | 'BOND'
  | 'RATE'
  | 'FORWARD'
  | 'SWAP'
  | 'SWAP_BOM'
  | 'SPRE';

export interface Case {
  name: string;
  period: number;
  tick: number;
  ticks_per_period: number;
  total_periods: number;
  status: CaseStatus;
  is_enforce_trading_limits: boolean;
}

export interface Trader {
  trader_id: string;
  first_name: string;
  last_name: string;
  /** Net liquidation value in the base currency (CAD): the running P&L. */
  nlv: number;
}

export interface Limit {
  name: string;
  gross: number;
  /** Signed net usage. */
  net: number;
  gross_limit: number;
  net_limit: number;
  gross_fine: number;
  net_fine: number;
}

export interface SecurityLimitRef {
  name: string;
  units: number;
}

export interface Security {
  ticker: string;
  /** A SecurityType, or a type a newer RIT version added (`string & {}` keeps the known names suggested). */
  type: SecurityType | (string & {});
  size: number;
  position: number;
  vwap: number;
  nlv: number | null;
  last: number;
  bid: number;
  bid_size: number;
  ask: number;
  ask_size: number;
  volume: number;
  unrealized: number | null;
  realized: number;
  currency: string;
  total_volume: number;
  limits: SecurityLimitRef[];
  interest_rate: number;
  is_tradeable: boolean;
  is_shortable: boolean;
  start_period: number;
  stop_period: number;
  description: string;
  unit_multiplier: number;
  display_unit: string;
  start_price: number;
  min_price: number;
  max_price: number;
  quoted_decimals: number;
  trading_fee: number;
  limit_order_rebate: number;
  min_trade_size: number;
  max_trade_size: number;
  required_tickers: string | null;
  underlying_tickers: string[] | null;
  bond_coupon: number;
  interest_payments_per_period: number;
  base_security: string;
  fixing_ticker: string | null;
  api_orders_per_second: number;
  execution_delay_ms: number;
  interest_rate_ticker: string | null;
  otc_price_range: number;
}

export interface Order {
  /** `null` only on a `dry_run=1` response. */
  order_id: number | null;
  period: number;
  tick: number;
  /** Own id on own orders; `"ANON"` for other traders' orders in a book. */
  trader_id: string;
  ticker: string;
  type: OrderType;
  /** Original size, always positive. */
  quantity: number;
  action: OrderAction;
  /** `null` on MARKET orders. */
  price: number | null;
  quantity_filled: number;
  /** Average fill price; `null` while nothing is filled. */
  vwap: number | null;
  status: OrderStatus;
}

export interface Book {
  /** Best (highest) price first; older first within a price. */
  bids: Order[];
  /** Best (lowest) price first; older first within a price. */
  asks: Order[];
}

export interface Ohlc {
  tick: number;
  open: number;
  high: number;
  low: number;
  close: number;
}

/** One time & sales print: anonymous, no side. */
export interface Tas {
  id: number;
  period: number;
  tick: number;
  price: number;
  quantity: number;
}

export interface News {
  news_id: number;
  period: number;
  tick: number;
  /** `''` for general news. */
  ticker: string;
  headline: string;
  body: string;
}

export interface Tender {
  tender_id: number;
  period: number;
  tick: number;
  /** Tick at which the offer expires. */
  expires: number;
  caption: string;
  ticker: string;
  quantity: number;
  /** From the trader's side: BUY = accepting gives you the shares. */
  action: OrderAction;
  is_fixed_bid: boolean;
  price: number | null;
}

export interface TickerQuantity {
  ticker: string;
  quantity: number;
}

export interface TickerPrice {
  ticker: string;
  price: number;
}

export type AssetType = 'CONTAINER' | 'PIPELINE' | 'SHIP' | 'REFINERY' | 'POWER_PLANT' | 'PRODUCER';

export interface Asset {
  ticker: string;
  /** An AssetType, or a type a newer RIT version added. */
  type: AssetType | (string & {});
  description: string;
  total_quantity: number;
  available_quantity: number;
  lease_price: number;
  convert_from: TickerQuantity[];
  convert_to: TickerQuantity[];
  containment: TickerQuantity | null;
  ticks_per_conversion: number;
  ticks_per_lease: number;
  is_available: boolean;
  start_period: number;
  stop_period: number;
}

export interface AssetHistory {
  ticker: string;
  tick: number;
  action: string;
  cost: number;
  convert_from: TickerQuantity[] | null;
  convert_to: TickerQuantity[] | null;
  convert_from_price: TickerPrice[] | null;
  convert_to_price: TickerPrice[] | null;
}

export interface Lease {
  id: number;
  ticker: string;
  /** An AssetType, or a type a newer RIT version added. */
  type: AssetType | (string & {});
  start_lease_period: number;
  start_lease_tick: number;
  next_lease_period: number;
  next_lease_tick: number;
  convert_from: TickerQuantity[] | null;
  convert_to: TickerQuantity[] | null;
  convert_finish_period: number | null;
  convert_finish_tick: number | null;
  containment_usage: number | null;
}

export interface SuccessResult {
  success: boolean;
}

export interface CancelResult {
  cancelled_order_ids: number[];
}

/** Error body of every non-200 answer. */
export interface ApiErrorBody {
  code: string;
  message?: string;
  /** Seconds to wait, on 429 RATE_LIMIT_EXCEEDED. */
  wait?: number;
}

/** Parameters of `POST /orders`. */
export interface OrderRequest {
  ticker: string;
  type: OrderType;
  quantity: number;
  action: OrderAction;
  /** Required for LIMIT, ignored for MARKET. */
  price?: number;
  dry_run?: boolean;
}
