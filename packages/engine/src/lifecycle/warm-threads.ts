/**
 * Threads kept between runs in one process. A run starts a feed thread per security and a strategy
 * pool; each thread pays its start-up, its module loading and the compilation of its hot code again,
 * which in a process that runs case after case (evaluate, tune, a sweep's worker) is a good part of
 * a case's CPU. Given to the coordinator as `warmThreads`, the feeds' threads are parked at the end
 * of a run and configured for the next one, and every run borrows the same strategy pool. The owner
 * of a WarmThreads closes it once no run needs it; idle threads never keep the process alive.
 */
import { Piscina } from 'piscina';
import { FeedThreadPark } from '@ritc/market-data';
import type { StrategyResult, StrategyTask } from '@ritc/strategies';

export type StrategyPiscina = Piscina<StrategyTask, StrategyResult>;

export interface StrategyPoolOptions {
  threads: number;
  execArgv?: string[];
}

/** The strategy pool's piscina, the same for a borrowed pool and a run's own. */
export function newStrategyPiscina(filename: string, o: StrategyPoolOptions): StrategyPiscina {
  return new Piscina<StrategyTask, StrategyResult>({
    filename,
    minThreads: o.threads,
    maxThreads: o.threads,
    idleTimeout: 60_000,
    maxQueue: 16,
    ...(o.execArgv?.length ? { execArgv: o.execArgv } : {}),
    // 'sync' would freeze a worker's event loop between tasks (Atomics.wait blocks
    // the thread, so its timers and messages would wait until the next task).
    atomics: 'disabled',
  });
}

export class WarmThreads {
  readonly feeds = new FeedThreadPark();
  private readonly pools = new Map<string, StrategyPiscina>();
  private closed = false;

  /** The shared pool for this entry and these thread options (made on first use). */
  strategyPool(filename: string, o: StrategyPoolOptions): StrategyPiscina | null {
    if (this.closed) return null;
    const key = JSON.stringify([filename, o.threads, o.execArgv ?? []]);
    let pool = this.pools.get(key);
    if (!pool) {
      pool = newStrategyPiscina(filename, o);
      this.pools.set(key, pool);
    }
    return pool;
  }

  /** Terminates every kept thread; runs after this start their own. */
  async close(): Promise<void> {
    this.closed = true;
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all([this.feeds.close(), ...pools.map((p) => p.destroy())]);
  }
}
