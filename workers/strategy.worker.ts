// Piscina pool worker entry: `new Piscina({ filename: <dist>/strategy.worker.js })`. The pool calls the
// default export with a StrategyTask and gets the StrategyResult back by structured clone. The task's
// kind picks the strategy from the strategies package's registry: a new strategy needs no change here.
import { threadId } from 'node:worker_threads';
import { runStrategyTask, type StrategyResult, type StrategyTask } from '@ritc/strategies';

export default function strategyWorker(task: StrategyTask): StrategyResult {
  return runStrategyTask(task);
}

/** Warm-up: the coordinator waits for one answer per thread before the case starts. */
export function ping(): number {
  return threadId;
}
