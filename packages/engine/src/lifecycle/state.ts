import type { Tender } from '@ritc/rit-client';
import type { OpenOrderView, PositionView, Source } from '@ritc/strategies';
import type { RiskState } from '../events';
import type { ExecutionCounters } from '../execution/counters';
import type { SourcePnl } from '../positions/pnl';
import type { GroupUsage } from '../risk/worst-case';

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
}

export interface ShutdownReport {
  reason: string;
  /** Open orders on the exchange after the cancel; null when it could not be verified. */
  openOrdersLeft: number | null;
  flattened: boolean;
  timedOut: boolean;
  errors: string[];
}
