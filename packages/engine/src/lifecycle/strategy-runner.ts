/** How the coordinator runs a strategy decision: a piscina pool (real), or inline (tests). */
import { Piscina } from 'piscina';
import type { StrategyResult, StrategyTask } from '@ritc/strategies';
import { errorMessage } from '../errors';
import type { EngineLogger } from '../runtime/logger';

export interface StrategyRunner {
  run(task: StrategyTask, signal: AbortSignal): Promise<StrategyResult>;
  close(): Promise<void>;
  stats(): { utilization: number | null; queueSize: number; threads: number };
}

export class PiscinaStrategyRunner implements StrategyRunner {
  private readonly pool: Piscina<StrategyTask, StrategyResult>;

  constructor(filename: string, opts: { threads?: number; execArgv?: string[] } = {}) {
    const threads = opts.threads ?? 2;
    this.pool = new Piscina<StrategyTask, StrategyResult>({
      filename,
      minThreads: threads,
      maxThreads: threads,
      idleTimeout: 60_000,
      maxQueue: 16,
      ...(opts.execArgv?.length ? { execArgv: opts.execArgv } : {}),
      // 'sync' would freeze a worker's event loop between tasks (Atomics.wait blocks
      // the thread, so its timers and messages would wait until the next task).
      atomics: 'disabled',
    });
  }

  run(task: StrategyTask, signal: AbortSignal): Promise<StrategyResult> {
    return this.pool.run(task, { signal });
  }

  async close(): Promise<void> {
    await this.pool.destroy();
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

/** Waits for the pool's threads and names them; a pool that does not answer is logged, not fatal. */
export async function warmPool(
  pool: PiscinaStrategyRunner,
  onThread: ((t: { role: string; threadId?: number }) => void) | undefined,
  log: EngineLogger,
): Promise<void> {
  try {
    for (const id of await pool.warm()) onThread?.({ role: 'strategy-pool', threadId: id });
  } catch (err) {
    // Not fatal: the first decisions may then miss their deadline until the threads are up.
    log.warn('strategy pool did not answer its warm-up', { thread: 'main', error: errorMessage(err) });
  }
}
