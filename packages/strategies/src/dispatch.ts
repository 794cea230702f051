import type { StrategyKind, StrategyResult, StrategyTask } from './context';
import { StrategyError } from './errors';
import { isRecord } from './output';
import { decideWith, strategyOf } from './registry';

/** Milliseconds on the coordinator's clock (performance.timeOrigin + performance.now()). */
export type Clock = () => number;

export const defaultClock: Clock = () => performance.timeOrigin + performance.now();

function empty(kind: StrategyKind, memory: unknown, note: string, computeUs: number, error?: string): StrategyResult {
  return {
    kind,
    orders: [],
    cancels: [],
    notes: [note],
    // Memory is handed back untouched: a dropped or failed task must not lose strategy state.
    memory,
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
  // A task comes from another thread by structured clone: its type is the sender's word, not a check.
  const sent: unknown = task;
  if (!isRecord(sent) || !sent.context) {
    // The kind is echoed as sent (as for an unknown kind below); a non-object task has none.
    const kind = (isRecord(sent) ? sent.kind : undefined) as StrategyKind;
    return empty(kind, null, 'malformed task', 0, 'STRAT_BAD_INPUT');
  }
  const memory = task.context.memory ?? null;
  if (t0 > task.deadlineMs) {
    return empty(task.kind, memory, `dropped: ${(t0 - task.deadlineMs).toFixed(1)} ms past its deadline`, 0);
  }
  const strategy = strategyOf(task.kind);
  if (!strategy) return empty(task.kind, memory, `unknown strategy kind ${String(task.kind)}`, 0, 'STRAT_UNKNOWN_KIND');
  try {
    const out = decideWith(strategy, task.context);
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
    return empty(task.kind, memory, `failed: ${msg}`, Math.max(0, (clock() - t0) * 1000), code);
  }
}
