import type { Tender } from '@ritc/rit-client';
import type { Source } from '@ritc/strategies';

/** The order life cycle the coordinator tracks; every change is an `order` event. */
export type OrderState =
  'PENDING_NEW' | 'OPEN' | 'PARTIALLY_FILLED' | 'TRANSACTED' | 'PENDING_CANCEL' | 'CANCELLED' | 'REJECTED' | 'UNKNOWN';

export type RiskState = 'ACTIVE' | 'REDUCING' | 'HALTED';

/**
 * Everything the engine does, as a stream of plain events (written to events.jsonl, drawn by the
 * dashboard and the report). `t` is the coordinator's clock in ms; `tick` is RIT's.
 */
export type EngineEvent =
  | {
      type: 'order';
      t: number;
      tick: number;
      clientId: string;
      orderId: number | null;
      ticker: string;
      action: 'BUY' | 'SELL';
      orderType: 'MARKET' | 'LIMIT';
      price: number | null;
      quantity: number;
      filled: number;
      vwap: number | null;
      state: OrderState;
      prevState: OrderState | null;
      source: Source;
      reason?: string;
    }
  | {
      type: 'fill';
      t: number;
      tick: number;
      orderId: number;
      ticker: string;
      action: 'BUY' | 'SELL';
      quantity: number;
      price: number;
      source: Source;
    }
  | {
      type: 'tender';
      t: number;
      tick: number;
      tender: Tender;
      decision: 'ACCEPTED' | 'DECLINED' | 'EXPIRED' | 'SEEN';
      reason: string;
      valueCad?: number;
    }
  | { type: 'risk'; t: number; tick: number; state: RiskState; reason: string }
  | { type: 'reject'; t: number; tick: number; ticker: string; source: Source; reason: string }
  | {
      type: 'reconcile';
      t: number;
      tick: number;
      ticker: string;
      engine: number;
      exchange: number;
      /** 'start' (positions found at start), 'correction' (a difference corrected), 'case close-out'. */
      reason?: 'start' | 'correction' | 'case close-out';
      /** Close-out: the quantity the exchange closed (signed, as our trade) and at what price (quote currency). */
      closedQuantity?: number;
      closePrice?: number | null;
    }
  | {
      type: 'market';
      t: number;
      tick: number;
      mids: Record<string, number | null>;
      vpin: Record<string, number | null>;
      positions: Record<string, number>;
      nlv: number | null;
      spread: number | null;
      threshold: number | null;
    }
  | { type: 'strategy'; t: number; tick: number; kind: string; metrics: Record<string, number | string | null> }
  | { type: 'log'; t: number; level: string; thread: string; message: string }
  | {
      /** The case as read at start-up (before any feed or strategy starts): what a reader of the events needs to value them. */
      type: 'case';
      t: number;
      name: string;
      reportingCurrency: string;
      /**
       * Per security, in the server's order: quote currency, the security converting it (null: none
       * needed or none listed), cash or not, and the decimals its prices are quoted with.
       */
      securities: Record<
        string,
        { currency: string; fxTicker: string | null; isCurrency: boolean; quotedDecimals: number }
      >;
    };
