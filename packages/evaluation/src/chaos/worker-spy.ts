/**
 * Finds the engine's threads without its help: while installed, every `new Worker(...)` made
 * through node:worker_threads (the feed supervisor's and piscina's, which look the constructor up
 * on the module at call time) is recorded, so a fault script can kill one mid-case.
 */
import workerThreadsModule from 'node:worker_threads';
import type * as wt from 'node:worker_threads';

// The default import is the module object itself (an `import * as` namespace would be a read-only copy).
const workerThreads = workerThreadsModule as { Worker: typeof wt.Worker };

export type ThreadKind = 'feed' | 'pool' | 'other';

export interface SpiedWorker {
  kind: ThreadKind;
  file: string;
  worker: wt.Worker;
  alive: boolean;
  startedAt: number;
}

export function classifyWorker(file: string): ThreadKind {
  if (/security-feed\.worker/.test(file)) return 'feed';
  if (/piscina/.test(file) || /strategy\.worker/.test(file)) return 'pool';
  return 'other';
}

export class WorkerSpy {
  readonly workers: SpiedWorker[] = [];
  private original: typeof wt.Worker | null = null;

  install(): this {
    if (this.original) return this;
    const mod = workerThreads;
    const Original = mod.Worker;
    this.original = Original;
    const seen = this.workers;
    class SpiedWorkerClass extends Original {
      constructor(filename: string | URL, options?: wt.WorkerOptions) {
        super(filename, options);
        const file = String(filename);
        const entry: SpiedWorker = {
          kind: classifyWorker(file),
          file,
          worker: this,
          alive: true,
          startedAt: Date.now(),
        };
        seen.push(entry);
        this.once('exit', () => {
          entry.alive = false;
        });
      }
    }
    mod.Worker = SpiedWorkerClass;
    return this;
  }

  uninstall(): void {
    if (!this.original) return;
    workerThreads.Worker = this.original;
    this.original = null;
  }

  alive(kind: ThreadKind): SpiedWorker[] {
    return this.workers.filter((w) => w.alive && w.kind === kind);
  }

  /** Terminates one live thread of `kind` (the oldest); resolves with it, or null when there is none. */
  async kill(kind: ThreadKind): Promise<SpiedWorker | null> {
    const w = this.alive(kind)[0];
    if (!w) return null;
    await w.worker.terminate();
    return w;
  }
}
