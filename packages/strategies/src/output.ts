import type { Decision, OrderIntent } from './intents';

/** What a decision function returns: the Decision plus the memory for its next call and report values. */
export interface StrategyOutput<M> extends Decision {
  orders: OrderIntent[];
  cancels: number[];
  notes: string[];
  memory: M;
  metrics: Record<string, number | string | null>;
}

export function emptyOutput<M>(memory: M, note?: string): StrategyOutput<M> {
  return { orders: [], cancels: [], notes: note ? [note] : [], memory, metrics: {} };
}

/** A plain object (not null, not an array): used to validate memory that crossed a thread boundary. */
export function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
