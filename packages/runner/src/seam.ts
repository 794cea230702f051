import type { EngineEvent } from '@ritc/engine';
import type { Source } from '@ritc/strategies';

/** p50/p99 of a latency measure, µs. */
export interface Quantiles {
  p50: number | null;
  p99: number | null;
}

/**
 * What the engine reports when it shuts down (after cancelling its orders and a last poll of the
 * exchange). Only `nlv`, `positions` and `openOrdersAtExit` are required; every optional field
 * overrides the recorder's estimate from the event stream.
 */
export interface FinalAccount {
  /** The exchange's net liquidation value at the end, CAD (RIT's running P&L). */
  nlv: number | null;
  /** Shares per ticker as the engine tracked them and as the exchange last reported them. */
  positions: Record<string, { engine: number | null; exchange: number | null }>;
  /** Own orders still open at the exchange after the shutdown cancel; null when the exchange could not say. */
  openOrdersAtExit: number | null;
  /** Where `nlv` came from: the exchange's /trader, or the engine's last reading when the exchange was not readable at the end. */
  nlvSource?: FigureSource;
  /** Why `fines` is what it is (e.g. the case enforces its limits, so none can be charged). */
  finesNote?: string;
  /** The exchange's outages during the run (requests without an answer). */
  outage?: { outages: number; failures: number; downMs: number; lost: boolean };
  /** P&L by source in CAD, when the engine attributes it itself. */
  pnlBySource?: Partial<Record<Source, number>>;
  /** CAD. */
  fees?: number;
  rebates?: number;
  fines?: number;
  orders?: Partial<{ sent: number; filled: number; cancelled: number; rejected: number; rateLimited: number }>;
  limitBreaches?: number;
  latencyUs?: Partial<Record<'decisionToSend' | 'pollRoundTrip', Quantiles>>;
}

/** Where a summary figure came from. */
export type FigureSource = 'exchange' | 'engine estimate';

/** Why the run ended by itself. */
export interface RunEnd {
  reason: 'case-ended' | 'exchange-lost';
  detail: string;
}

/**
 * The engine as the run orchestration sees it. The engine package implements this (or the
 * integrator adapts it) and `runTrading` does the rest: logging, dashboard, report, profiling, signals.
 */
export interface EngineLike {
  /** Starts polling and trading; resolves once running. */
  start(): Promise<void>;
  /** Subscribes to the event stream (called before start). */
  on(listener: (e: EngineEvent) => void): void;
  /** A plain snapshot of the engine's state, merged into the dashboard periodically (see EngineStateView). */
  getState(): unknown;
  /** Resolves when the case ends or the exchange is lost (with why), or once the engine is shut down. */
  waitForEnd(): Promise<RunEnd | void>;
  /** Stops trading, cancels own orders, stops workers; resolves with the final account. Idempotent. */
  shutdown(): Promise<FinalAccount>;
}
