import type { OrderAction, OrderType } from '@ritc/rit-client';

/** Which strategy an order belongs to; positions and P&L are attributed per source. */
export type Source = 'MARKET_MAKER' | 'ARBITRAGE' | 'TENDER' | 'HEDGE';

/**
 * What a strategy wants sent. The coordinator turns intents into orders: it splits them to the
 * security's max_trade_size, rounds prices to quoted_decimals, and passes them through its risk gate.
 * Quantities are whole shares (positive); prices are in the security's quote currency.
 */
export interface OrderIntent {
  ticker: string;
  type: OrderType;
  action: OrderAction;
  quantity: number;
  /** Required for LIMIT. */
  price?: number;
  source: Source;
  /** Free-form tag the strategy uses to recognise its own orders (e.g. 'mm:bid', 'arb:entry'). */
  tag?: string;
}

/** A strategy decision: orders to place and own open orders to cancel (by exchange order id). */
export interface Decision {
  orders: OrderIntent[];
  cancels: number[];
  /** Tender answers, for the tender strategy. */
  tenders?: TenderAnswer[];
  /** Why, for the log and the report. */
  notes?: string[];
}

export interface TenderAnswer {
  tenderId: number;
  accept: boolean;
  /** Price to send with an accept (RIT 1.0.4 wants it even on fixed-bid tenders). */
  price?: number;
  reason: string;
  /**
   * The accepted shares are held to the close and traded no more: under a free close-out the engine
   * admits such a tender in its REDUCING phase too (it needs no unwind before the end).
   */
  holdToClose?: boolean;
}
