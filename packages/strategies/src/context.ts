import type { OrderAction, OrderType, Tender } from '@ritc/rit-client';
import type { Snapshot } from '@ritc/market-data';
import type { Decision, Source } from './intents';
import type { StrategyKind } from './registry';

/** Static facts about a security, from `/securities` (what a decision needs of it). */
export interface SecurityInfo {
  ticker: string;
  /**
   * Quote currency ticker (in the 2020 ETF case: the currency the FX security prices for the ETF; the
   * reporting currency for the stocks and the FX security itself).
   */
  currency: string;
  quotedDecimals: number;
  maxTradeSize: number;
  tradingFee: number;
  limitOrderRebate: number;
  /** Weight of one share in the gross/net limits (the ETF's is 2 in the 2020 ETF case). */
  limitWeight: number;
  isTradeable: boolean;
  isCurrency: boolean;
}

export interface PositionView {
  ticker: string;
  /** Total signed position in shares (currencies: the cash balance). */
  position: number;
  /** Signed position attributed to each source. */
  bySource: Record<Source, number>;
}

export interface OpenOrderView {
  /** Exchange id; negative while `pending` (the engine's id of an order not acknowledged yet). */
  orderId: number;
  ticker: string;
  type: OrderType;
  action: OrderAction;
  price: number | null;
  quantity: number;
  filled: number;
  source: Source;
  tag?: string;
  /** Queued or in flight (no exchange id yet): counts as placed; cancelling its id withdraws it. */
  pending?: boolean;
}

export interface LimitView {
  name: string;
  gross: number;
  net: number;
  grossLimit: number;
  netLimit: number;
}

/** Aggregated depth of one book, best price first: [price, shares]. */
export interface DepthView {
  bids: Array<[number, number]>;
  asks: Array<[number, number]>;
}

/** Sampled history the coordinator keeps for calibration (one sample per `sampleMs`). */
export interface HistoryView {
  tick: number[];
  /** Mid per ticker, aligned with `tick`. */
  mid: Record<string, number[]>;
  /** Best bid−ask spread per ticker, aligned with `tick`. */
  spread: Record<string, number[]>;
}

/** Everything a strategy decision may look at. Plain data: it crosses threads by structured clone. */
export interface StrategyContext {
  period: number;
  tick: number;
  ticksPerPeriod: number;
  /** Coordinator's clock (performance.timeOrigin + now), ms. */
  nowMs: number;
  snapshots: Record<string, Snapshot>;
  securities: Record<string, SecurityInfo>;
  positions: Record<string, PositionView>;
  openOrders: OpenOrderView[];
  limits: LimitView[];
  tenders: Tender[];
  depth?: Record<string, DepthView>;
  history?: HistoryView;
  /**
   * The engine's risk state: under REDUCING (e.g. the end of the case) the gate admits only orders
   * that reduce a position, so a strategy need not propose others. Absent = ACTIVE.
   */
  riskState?: 'ACTIVE' | 'REDUCING' | 'HALTED';
  /**
   * A reaction decision on the coordinator's thread (a tender just offered, an arbitrage leg just
   * moved): skip optional heavy work such as recalibrating a model; the pool's scheduled rounds do it.
   */
  fast?: boolean;
  /** Strategy-private state returned by its previous decision (pool threads keep none). */
  memory: unknown;
  /** Strategy parameters (each strategy documents its own). */
  params: Record<string, unknown>;
}

/** The strategies' kinds are defined by the registry (registry.ts). */
export type { StrategyKind };

export interface StrategyTask {
  kind: StrategyKind;
  context: StrategyContext;
  /** Absolute deadline on the coordinator's clock; a task past it returns an empty decision. */
  deadlineMs: number;
}

export interface StrategyResult extends Decision {
  kind: StrategyKind;
  /** Memory to pass back in the next task of this kind. */
  memory: unknown;
  /** Time spent deciding, µs. */
  computeUs: number;
  /** Values for the report and dashboard (thresholds, quotes, hiding volume, ...). */
  metrics?: Record<string, number | string | null>;
}
