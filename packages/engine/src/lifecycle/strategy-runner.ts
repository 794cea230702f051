/** How the coordinator runs a strategy decision: a piscina pool (real), or inline (tests). */
import type { StrategyResult, StrategyTask } from '@ritc/strategies';
import { errorMessage } from '../errors';
import type { EngineLogger } from '../runtime/logger';
import { newStrategyPiscina, type StrategyPiscina, type WarmThreads } from './warm-threads';

export interface StrategyRunner {
  run(task: StrategyTask, signal: AbortSignal): Promise<StrategyResult>;
  close(): Promise<void>;
  stats(): { utilization: number | null; queueSize: number; threads: number };
}

export class PiscinaStrategyRunner implements StrategyRunner {
  private readonly pool: StrategyPiscina;
  /** The pool belongs to a WarmThreads (closed by its owner, not by this run). */
  private readonly borrowed: boolean;

  constructor(filename: string, opts: { threads?: number; execArgv?: string[]; warm?: WarmThreads } = {}) {
    const o = { threads: opts.threads ?? 2, ...(opts.execArgv ? { execArgv: opts.execArgv } : {}) };
    const shared = opts.warm?.strategyPool(filename, o) ?? null;
    this.pool = shared ?? newStrategyPiscina(filename, o);
    this.borrowed = shared !== null;
  }

  run(task: StrategyTask, signal: AbortSignal): Promise<StrategyResult> {
    return this.pool.run(task, { signal });
  }

  async close(): Promise<void> {
    if (!this.borrowed) await this.pool.destroy();
  }

  /**
   * Waits until the pool's threads answer (a thread boots in a few hundred ms on a loaded machine,
   * longer than a decision deadline): resolves with their threadIds. Needs the entry's `ping` export.
   */
  async warm(timeoutMs = 10_000): Promise<number[]> {
    const n = Math.max(1, this.pool.options.minThreads);
    await Promise.all(
      Array.from({ length: n }, () =>
        this.pool.run({} as StrategyTask, { name: 'ping', signal: AbortSignal.timeout(timeoutMs) }),
      ),
    );
    return this.threadIds();
  }

  /** threadIds of the pool's live threads (to name their CPU profiles). */
  threadIds(): number[] {
    return this.pool.threads.map((t) => t.threadId);
  }

  private utilization: { atMs: number; value: number } | null = null;

  stats() {
    // piscina builds a full run-time histogram summary (percentiles, stddev) for this figure:
    // ~1 ms of the coordinator's thread, so it is refreshed once a second, not on every view.
    const now = performance.now();
    if (!this.utilization || now - this.utilization.atMs > 1000)
      this.utilization = { atMs: now, value: this.pool.utilization };
    return { utilization: this.utilization.value, queueSize: this.pool.queueSize, threads: this.pool.threads.length };
  }
}

/** Runs a function on the main thread (tests; or a strategy too small to be worth a thread hop). */
export class InlineStrategyRunner implements StrategyRunner {
  constructor(private readonly fn: (task: StrategyTask) => StrategyResult | Promise<StrategyResult>) {}

  async run(task: StrategyTask, signal: AbortSignal): Promise<StrategyResult> {
    if (signal.aborted) throw signal.reason;
    return await this.fn(task);
  }

  async close(): Promise<void> {}
  stats() {
    return { utilization: null, queueSize: 0, threads: 0 };
  }
}

/** Starts the pool and warms its threads; a pool that does not answer its warm-up still runs. */
export async function startPool(
  file: string,
  o: {
    poolThreads?: number;
    poolExecArgv?: string[];
    warmThreads?: WarmThreads;
    onThread?: (t: { role: string; threadId?: number }) => void;
  },
  log: EngineLogger,
): Promise<PiscinaStrategyRunner> {
  const pool = new PiscinaStrategyRunner(file, {
    threads: o.poolThreads,
    ...(o.poolExecArgv ? { execArgv: o.poolExecArgv } : {}),
    ...(o.warmThreads ? { warm: o.warmThreads } : {}),
  });
  try {
    for (const id of await pool.warm()) o.onThread?.({ role: 'strategy-pool', threadId: id });
  } catch (err) {
    // Not fatal: the first decisions may then miss their deadline until the threads are up.
    log.warn('strategy pool did not answer its warm-up', { thread: 'main', error: errorMessage(err) });
  }
  return pool;
}
