export type {
  ApiErrorBody,
  Asset,
  AssetHistory,
  AssetType,
  Book,
  CancelResult,
  Case,
  CaseStatus,
  Lease,
  Limit,
  News,
  Ohlc,
  Order,
  OrderAction,
  OrderRequest,
  OrderStatus,
  OrderType,
  Security,
  SecurityLimitRef,
  SecurityType,
  SuccessResult,
  Tas,
  Tender,
  TickerPrice,
  TickerQuantity,
  Trader,
} from './types';
export type { CancelSelector, OrderPacing, PostOrderOptions, PostedOrder, RitApi } from './api';
export {
  ErrorCodes,
  InvalidArgumentError,
  MalformedResponseError,
  NetworkError,
  OrderOutcomeUnknownError,
  RateLimitedError,
  RejectedError,
  RitError,
  ServerError,
  TimeoutError,
  UnauthorizedError,
  isRitError,
  type OrderUnknownReason,
  type RitErrorCode,
  type RitErrorOptions,
} from './errors';
export {
  RitClient,
  type PrefetchedReads,
  type RitClientOptions,
  type RitLogger,
  orderQuery,
  cancelQuery,
  inputsQuery,
} from './client';
export { OrderPacer, realClock, type Clock, type PacerOptions } from './pacing';
export { ORDER_RATE_WINDOW_MS, caseTimeMs, orderRateClockMs } from './order-rate-clock';
export { type BackoffPolicy, DEFAULT_BACKOFF, backoffMs, isRetryable, parseRetryAfter, parseWaitUntil } from './retry';
export { makeRedactor, redactUrl, type Redactor } from './redact';
export type { ClientStats, EndpointStats } from './stats';
// The response parsers, for tools that validate RIT answers they fetched themselves.
export * as parsers from './parsers';
export { FieldError, formatPath, parseBody, parseValue, type Parser } from './validate';
