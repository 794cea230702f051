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
  OrderRequest,
  OrderStatus,
  Security,
  SuccessResult,
  Tas,
  Tender,
  Trader,
  TickerQuantity,
} from './types';

/** Result of `POST /orders`: the order as RIT returned it plus the pacing hint of `X-Wait-Until`. */
export interface PostedOrder {
  order: Order;
  /** Seconds RIT asks us to wait before the next order on this ticker (header `X-Wait-Until`), if sent. */
  waitUntilSec: number | null;
}

/**
 * Who paces `POST /orders` and re-sends it after a 429 — exactly one party must, or every wait is
 * paid twice.
 * - 'client' (default): the client spaces orders per ticker (api_orders_per_second learned from
 *   /securities or set by `setOrderRate`), holds a ticker after `X-Wait-Until` or a 429's
 *   `Retry-After`/`wait`, and re-sends after a 429 up to `orderRetries` times.
 * - 'caller': the caller has already paced this order and re-sends it itself. The request leaves
 *   at once and exactly once: no slot, no block, no re-send. A 429 rejects at once with
 *   `RateLimitedError` (its `waitSec` is the wait the exchange asked for); `X-Wait-Until` is
 *   returned in `waitUntilSec` and not applied by the client.
 */
export type OrderPacing = 'client' | 'caller';

export interface PostOrderOptions {
  /** Default 'client'. */
  pacing?: OrderPacing;
}

/** Which orders `POST /commands/cancel` should cancel; exactly one member is used. */
export type CancelSelector = { all: true } | { ticker: string } | { ids: readonly number[] } | { query: string };

/**
 * The whole RIT REST API v1, one method per endpoint. Every method validates the response and
 * rejects with a `RitError` subclass (see errors.ts) carrying a stable `code`.
 */
export interface RitApi {
  getCase(): Promise<Case>;
  getTrader(): Promise<Trader>;
  getLimits(): Promise<Limit[]>;
  getNews(params?: { since?: number; after?: number; limit?: number }): Promise<News[]>;
  getAssets(ticker?: string): Promise<Asset[]>;
  getAssetHistory(params?: { ticker?: string; period?: number; limit?: number }): Promise<AssetHistory[]>;
  getSecurities(ticker?: string): Promise<Security[]>;
  getBook(ticker: string, limit?: number): Promise<Book>;
  getHistory(ticker: string, params?: { period?: number; limit?: number }): Promise<Ohlc[]>;
  getTas(ticker: string, params?: { after?: number; period?: number; limit?: number }): Promise<Tas[]>;
  getOrders(status?: OrderStatus): Promise<Order[]>;
  getOrder(orderId: number): Promise<Order>;
  /**
   * Paced per ticker (api_orders_per_second, X-Wait-Until) and re-sent after a 429's wait, by the
   * client or by the caller (`opts.pacing`, see OrderPacing).
   * A timeout rejects with `OrderOutcomeUnknownError` (code RIT_ERR_ORDER_UNKNOWN): the order may
   * have been accepted, so it is never re-sent blindly.
   */
  postOrder(req: OrderRequest, opts?: PostOrderOptions): Promise<PostedOrder>;
  deleteOrder(orderId: number): Promise<SuccessResult>;
  cancelOrders(selector: CancelSelector): Promise<CancelResult>;
  getTenders(): Promise<Tender[]>;
  acceptTender(tenderId: number, price?: number): Promise<SuccessResult>;
  declineTender(tenderId: number): Promise<SuccessResult>;
  getLeases(): Promise<Lease[]>;
  getLease(leaseId: number): Promise<Lease>;
  lease(ticker: string, inputs?: readonly TickerQuantity[]): Promise<Lease>;
  useLease(leaseId: number, inputs: readonly TickerQuantity[]): Promise<Lease>;
  deleteLease(leaseId: number): Promise<SuccessResult>;
  /** Closes the connection pool. */
  close(): Promise<void>;
}
