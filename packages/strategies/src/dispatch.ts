import type { StrategyContext, StrategyKind, StrategyResult, StrategyTask } from './context';
import { StrategyError } from './errors';
import type { StrategyOutput } from './output';
import { validateArbitrageParams, validateMarketMakingParams, validateTenderParams } from './params';
import { makeMarkets } from './market-making/make-markets';
import { searchForArbitrage } from './arbitrage/search';
import { runTenderStrategy } from './tender/watch';

/** Milliseconds on the coordinator's clock (performance.timeOrigin + performance.now()). */
export type Clock = () => number;

export const defaultClock: Clock = () => performance.timeOrigin + performance.now();

type Runner = (ctx: StrategyContext) => StrategyOutput<unknown>;

const RUNNERS: Record<StrategyKind, Runner> = {
  marketMaking: (ctx) => makeMarkets(ctx, validateMarketMakingParams(ctx.params)),
  arbitrage: (ctx) => searchForArbitrage(ctx, validateArbitrageParams(ctx.params)),
  tender: (ctx) => runTenderStrategy(ctx, validateTenderParams(ctx.params)),
};

function empty(task: StrategyTask, note: string, computeUs: number, error?: string): StrategyResult {
  return {
    kind: task.kind,
    orders: [],
    cancels: [],
    notes: [note],
    // Memory is handed back untouched: a dropped or failed task must not lose strategy state.
    memory: task.context?.memory ?? null,
    computeUs,
    metrics: error ? { error } : {},
  };
}

/**
 * Run one strategy decision. A task already past its deadline (on `clock`) is dropped with an empty
 * decision and a note; bad parameters or an unexpected error also give an empty decision (with the
 * error code in metrics.error and the previous memory), never a thrown error across the pool.
 */
export function runStrategyTask(task: StrategyTask, clock: Clock = defaultClock): StrategyResult {
  const t0 = clock();
  if (!task || typeof task !== 'object' || !task.context) return empty(task, 'malformed task', 0, 'STRAT_BAD_INPUT');
  if (t0 > task.deadlineMs) {
    return empty(task, `dropped: ${(t0 - task.deadlineMs).toFixed(1)} ms past its deadline`, 0, undefined);
  }
  const runner = Object.prototype.hasOwnProperty.call(RUNNERS, task.kind) ? RUNNERS[task.kind] : undefined;
  if (!runner) return empty(task, `unknown strategy kind ${String(task.kind)}`, 0, 'STRAT_UNKNOWN_KIND');
  try {
    const out = runner(task.context);
    const computeUs = Math.max(0, (clock() - t0) * 1000);
    return {
      kind: task.kind,
      orders: out.orders,
      cancels: out.cancels,
      notes: out.notes,
      ...(out.tenders ? { tenders: out.tenders } : {}),
      memory: out.memory,
      computeUs,
      metrics: out.metrics,
    };
  } catch (err) {
    const code = err instanceof StrategyError ? err.code : 'STRAT_BAD_INPUT';
    const msg = err instanceof Error ? err.message : String(err);
    return empty(task, `failed: ${msg}`, Math.max(0, (clock() - t0) * 1000), code);
  }
}
