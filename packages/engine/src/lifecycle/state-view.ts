import type { ExecutionManager } from '../execution/execution-manager';
import type { ExchangeHealthStats } from './exchange-health';
import type { Loop } from './loops';
import type { EndOfRun, EngineState } from './state';
import type { TouchWatch } from './touch-watch';

/** What the coordinator knows beyond the execution manager, for its state view. */
export interface StateViewInputs {
  em: ExecutionManager;
  running: boolean;
  nlvCad: number | null;
  strategies: EngineState['strategies'];
  loops: ReadonlyArray<Loop | TouchWatch>;
  pool: EngineState['pool'];
  feedIncidents: number;
  limitBreaches: number;
  uptimeMs: number;
  exchange: ExchangeHealthStats;
  endedBy: EndOfRun | null;
}

/** The engine's state as the dashboard and the report read it (a copy: reading it changes nothing). */
export function engineState(i: StateViewInputs): EngineState {
  const em = i.em;
  const pnl = em.pnl();
  return {
    running: i.running,
    tick: em.tick,
    period: em.period,
    caseStatus: em.caseState?.status ?? null,
    riskState: em.gate.state,
    drawdownCad: em.gate.drawdownCad,
    nlvCad: i.nlvCad,
    positions: em.positions.view(),
    pnlBySource: pnl,
    pnlTotalCad: Object.values(pnl).reduce((s, p) => s + p.netCad, 0),
    openOrders: em.openOrderViews(),
    liveOrders: em.liveOrders().length,
    queuedOrders: em.queue.size(),
    tenders: em.tenders.offered(),
    limitUsage: em.gate.usage(),
    latency: {
      decisionToSendUs: em.latencyDecisionToSendUs.summary(),
      orderRoundTripUs: em.latencyRoundTripUs.summary(),
    },
    pollRates: Object.fromEntries(
      i.loops.map((l) => [l.name, { hz: l.rateHz(), runs: l.runs, errors: l.errors, lastError: l.lastError }]),
    ),
    counters: { ...em.counters },
    fees: { feesCad: em.fees.totalFeesCad(), rebatesCad: em.fees.totalRebatesCad() },
    strategies: i.strategies,
    pool: i.pool,
    feedIncidents: i.feedIncidents,
    limitBreaches: i.limitBreaches,
    uptimeMs: i.uptimeMs,
    exchange: i.exchange,
    endedBy: i.endedBy,
    limitsEnforced: em.caseState?.is_enforce_trading_limits ?? null,
  };
}
