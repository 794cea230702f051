// Piscina pool worker entry: `new Piscina({ filename: <dist>/strategy.worker.js })`. The pool calls the
// default export with a StrategyTask and gets the StrategyResult back by structured clone.
// Named exports let a pool run one strategy directly: pool.run(task, { name: 'tender' }).
import { threadId } from 'node:worker_threads';
import { runStrategyTask, type StrategyResult, type StrategyTask } from '@ritc/strategies';

export default function strategyWorker(task: StrategyTask): StrategyResult {
  return runStrategyTask(task);
}

export function marketMaking(task: StrategyTask): StrategyResult {
  return runStrategyTask({ ...task, kind: 'marketMaking' });
}

export function arbitrage(task: StrategyTask): StrategyResult {
  return runStrategyTask({ ...task, kind: 'arbitrage' });
}

export function tender(task: StrategyTask): StrategyResult {
  return runStrategyTask({ ...task, kind: 'tender' });
}

/** Warm-up: the coordinator waits for one answer per thread before the case starts. */
export function ping(): number {
  return threadId;
}
