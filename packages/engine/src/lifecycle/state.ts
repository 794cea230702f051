import type { Tender } from '@ritc/rit-client';
import type { Snapshot } from '@ritc/market-data';
import type { OpenOrderView, PositionView, Source } from '@ritc/strategies';
import type { RiskState } from '../events';
import type { ExecutionCounters } from '../execution/counters';
import type { SourcePnl } from '../positions/pnl';
import type { GroupUsage } from '../risk/worst-case';
import type { ExchangeHealthStats } from './exchange-health';
import type { FeedPollStats } from './feeds';

export interface LatencySummary {
  count: number;
  p50: number | null;
  p99: number | null;
  max: number | null;
}

export interface StrategyStats {
  runs: number;
  /** Rounds skipped because the previous decision was still running. */
  skippedBusy: number;
  /** Decisions that came back after their deadline (not acted on). */
  dropped: number;
  errors: number;
  ordersIntended: number;
  lastNotes: string[];
}

/** What the dashboard draws and the report summarises. */
export interface EngineState {
  running: boolean;
  tick: number;
  period: number;
  caseStatus: string | null;
  riskState: RiskState;
  drawdownCad: number | null;
  nlvCad: number | null;
  positions: Record<string, PositionView>;
  pnlBySource: Record<Source, SourcePnl>;
  pnlTotalCad: number;
  openOrders: OpenOrderView[];
  liveOrders: number;
  queuedOrders: number;
  tenders: Tender[];
  limitUsage: GroupUsage[];
  latency: { decisionToSendUs: LatencySummary; orderRoundTripUs: LatencySummary };
  /** Per loop: runs per second, runs, errors. */
  pollRates: Record<string, { hz: number; runs: number; errors: number; lastError: string | null }>;
  counters: ExecutionCounters;
  fees: { feesCad: number; rebatesCad: number };
  strategies: Record<string, StrategyStats & { computeUs: LatencySummary }>;
  pool: { utilization: number | null; queueSize: number; threads: number } | null;
  feedIncidents: number;
  /** Polls of the exchange's /limits that showed a gross or net limit exceeded. */
  limitBreaches: number;
  uptimeMs: number;
  /** Outages of the exchange (requests without an answer) and whether it was declared lost. */
  exchange: ExchangeHealthStats;
  /** How the run ended by itself (null while running or when a signal stopped it). */
  endedBy: EndOfRun | null;
  /**
   * Whether the case enforces its trading limits (RIT refuses an order over a limit instead of
   * fining the breach), from /case; null before the first /case answer.
   */
  limitsEnforced: boolean | null;
}

export interface ShutdownReport {
  reason: string;
  /** Open orders on the exchange after the cancel; null when it could not be verified. */
  openOrdersLeft: number | null;
  flattened: boolean;
  timedOut: boolean;
  errors: string[];
}

/**
 * Why a run ended by itself (a signal is the caller's to report):
 * - 'case-ended': the exchange showed the case STOPPED after it had run, or stopped answering once
 *   the case's last tick had been seen (a standalone simulator closes when its case ends);
 * - 'exchange-lost': no answer from the exchange for `exchangeOutageMs` while the case was running.
 */
export interface EndOfRun {
  reason: 'case-ended' | 'exchange-lost';
  detail: string;
  period: number;
  tick: number;
}

/**
 * What a front end (the CLI's adapter, its dashboard and report) reads of a running engine: the
 * case's progress, positions, the market snapshots, and the full state (counters, P&L, latency).
 * Reading changes nothing; orders and positions stay the engine's to write.
 */
export interface EngineView {
  /** The case's status as last read (`ACTIVE`, `STOPPED`, …); null before the first read. */
  readonly caseStatus: string | null;
  /** The case's tick as last read. */
  readonly tick: number;
  /** The exchange's last net liquidation value, CAD (null before the first GET /trader). */
  readonly lastNlvCad: number | null;
  /** The signed share position of a ticker as the engine booked it. */
  position(ticker: string): number;
  /** The latest snapshot of every security that has one. */
  snapshots(): Record<string, Snapshot>;
  /** State, counters, positions, P&L and latency summaries (a copy). */
  getState(): EngineState;
  /** Poll statistics of the security workers ([] for feeds that keep none, or once stopped). */
  feedStats(): Promise<FeedPollStats[]>;
}
