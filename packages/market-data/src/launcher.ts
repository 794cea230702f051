import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/umd/node-adapter';
import { MessageChannel, Worker, type MessagePort, type ResourceLimits } from 'node:worker_threads';
import { MarketDataError } from './errors';
import type { FeedLogRecord, FeedThreadApi, FeedWorkerApi, FeedWorkerConfig } from './worker-api';

/** A feed worker's own settings (FeedWorkerConfig, its workerData) plus how to launch it. */
export interface StartFeedWorkerOptions extends FeedWorkerConfig {
  /** Path of the compiled entry, dist/security-feed.worker.js (a .ts path runs through tsx). */
  file: string;
  /** Log records forwarded by the worker and lifecycle notices from the launcher. */
  onEvent?: (msg: FeedWorkerMessage) => void;
  /** The thread died without `stop()` (uncaught error, terminate by someone else, OOM). */
  onCrash?: (info: FeedCrashInfo) => void;
  execArgv?: string[];
  resourceLimits?: ResourceLimits;
  /** How long `stop()` waits for a graceful close before terminating (ms). */
  stopTimeoutMs?: number;
  /**
   * Where `stop()` leaves the thread, idle, for the next `startFeedWorker` with the same file and
   * thread options to reuse (a run after run in one process: evaluations); default: terminated.
   */
  park?: FeedThreadPark;
}

export type FeedLifecycle = {
  type: 'lifecycle';
  ticker: string;
  event: 'started' | 'exited' | 'restarting';
  code?: number;
};
export type FeedWorkerMessage = FeedLogRecord | FeedLifecycle;

export interface FeedCrashInfo {
  ticker: string;
  exitCode: number;
  /** Message of the uncaught error, if the thread reported one. */
  error: string | null;
  /** How long this incarnation of the thread lived (ms). */
  uptimeMs: number;
}

export interface FeedPorts {
  /**
   * Opens a direct event channel from the feed worker: returns the consumer's end, to be transferred
   * to the subscribing thread (strategy workers included); the worker holds the other end. A
   * restarted worker starts with no subscribers, so open new ports after `restart()`.
   */
  open(): Promise<MessagePort>;
}

export interface FeedWorkerHandle {
  readonly ticker: string;
  /** The comlink remote of the current incarnation (changes on restart). */
  readonly api: Comlink.Remote<FeedWorkerApi>;
  readonly worker: Worker;
  readonly ports: FeedPorts;
  /** Resolves when the current incarnation exits, with its exit code. */
  readonly exited: Promise<number>;
  /** Replaces the thread (same options) and resumes polling, even when `autoStart` was false. */
  restart(): Promise<void>;
  /** Graceful close, then releaseProxy and terminate, so the process can always exit. */
  stop(): Promise<void>;
}

/** Whom a thread's messages and exit are reported to while a handle holds it (none while parked). */
interface Owner {
  ticker: string;
  onEvent?: (msg: FeedWorkerMessage) => void;
  onCrash?: (info: FeedCrashInfo) => void;
}

/** @internal One thread's life (a restart makes a new one); exported for FeedThreadPark's signatures. */
export interface Incarnation {
  owner: Owner | null;
  worker: Worker;
  api: Comlink.Remote<FeedThreadApi>;
  exited: Promise<number>;
  hasExited: boolean;
  stopping: boolean;
  startedMs: number;
  lastError: string | null;
}

function toConfig(o: StartFeedWorkerOptions): FeedWorkerConfig {
  return {
    ticker: o.ticker,
    baseUrl: o.baseUrl,
    apiKey: o.apiKey,
    slot: o.slot,
    pollDelayMs: o.pollDelayMs,
    bookDepth: o.bookDepth,
    vpin: o.vpin,
    casePollMs: o.casePollMs,
    inactivePollMs: o.inactivePollMs,
    staleAfterMs: o.staleAfterMs,
    timeoutMs: o.timeoutMs,
    historyCapacity: o.historyCapacity,
    waitForChanges: o.waitForChanges,
    autoStart: o.autoStart ?? true,
  };
}

const ownerOf = (o: StartFeedWorkerOptions): Owner => ({ ticker: o.ticker, onEvent: o.onEvent, onCrash: o.onCrash });

function spawn(o: StartFeedWorkerOptions): Incarnation {
  const execArgv = [...(o.execArgv ?? [])];
  if (o.file.endsWith('.ts')) execArgv.push('--require', 'tsx/cjs');
  const worker = new Worker(o.file, { workerData: toConfig(o), execArgv, resourceLimits: o.resourceLimits });
  const inc: Incarnation = {
    owner: ownerOf(o),
    worker,
    api: Comlink.wrap<FeedThreadApi>(nodeEndpoint(worker)),
    exited: Promise.resolve(0),
    hasExited: false,
    stopping: false,
    startedMs: Date.now(),
    lastError: null,
  };
  worker.on('message', (m: unknown) => {
    if (m && typeof m === 'object' && (m as { type?: unknown }).type === 'log')
      inc.owner?.onEvent?.(m as FeedLogRecord);
  });
  worker.on('error', (err) => {
    inc.lastError = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  });
  inc.exited = new Promise<number>((resolve) => {
    worker.once('exit', (code) => {
      inc.hasExited = true;
      const owner = inc.owner;
      if (owner) {
        owner.onEvent?.({ type: 'lifecycle', ticker: owner.ticker, event: 'exited', code });
        if (!inc.stopping) {
          owner.onCrash?.({
            ticker: owner.ticker,
            exitCode: code,
            error: inc.lastError,
            uptimeMs: Date.now() - inc.startedMs,
          });
        }
      }
      resolve(code);
    });
  });
  return inc;
}

/** What makes two threads interchangeable: the entry file and the thread's own options. */
const parkKey = (o: StartFeedWorkerOptions): string =>
  JSON.stringify([o.file, o.execArgv ?? [], o.resourceLimits ?? {}]);

/**
 * Idle feed threads kept between runs. A thread costs its start-up and module loading (about a
 * seventh of a CPU second each here) and the compilation of its hot code again; a process that runs
 * case after case (evaluate, tune, a sweep's worker) keeps them parked here instead. Parked threads
 * are unref'd, so they never keep a process alive; `close()` terminates them.
 */
export class FeedThreadPark {
  private readonly idle = new Map<string, Incarnation[]>();
  private closed = false;

  /** Idle threads now. */
  get size(): number {
    let n = 0;
    for (const l of this.idle.values()) n += l.length;
    return n;
  }

  /** @internal An idle live thread for these options, or null. */
  take(o: StartFeedWorkerOptions): Incarnation | null {
    const list = this.idle.get(parkKey(o));
    for (let inc = list?.pop(); inc; inc = list?.pop()) if (!inc.hasExited) return inc;
    return null;
  }

  /** @internal Keeps a closed, healthy thread; false when the park is closed (the caller terminates it). */
  put(o: StartFeedWorkerOptions, inc: Incarnation): boolean {
    if (this.closed) return false;
    inc.worker.unref();
    const key = parkKey(o);
    const list = this.idle.get(key) ?? [];
    list.push(inc);
    this.idle.set(key, list);
    return true;
  }

  /** Terminates every idle thread; threads stopped later are terminated, not parked. */
  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.idle.values()].flat();
    this.idle.clear();
    await Promise.all(all.map((inc) => shutdown(inc, 0)));
  }
}

/** A parked thread given this handle's feed; null when none is idle or it failed to take the config. */
async function lease(o: StartFeedWorkerOptions): Promise<Incarnation | null> {
  const inc = o.park?.take(o);
  if (!inc) return null;
  inc.owner = ownerOf(o);
  inc.stopping = false;
  inc.lastError = null;
  inc.startedMs = Date.now();
  inc.worker.ref();
  try {
    await inc.api.configure(toConfig(o));
    return inc;
  } catch {
    // A thread that cannot take the new config is replaced by a fresh one, silently.
    inc.owner = null;
    await shutdown(inc, 0);
    return null;
  }
}

const exitedMeanwhile = (inc: Incarnation): boolean => inc.hasExited;

/** Closes the thread's feed and parks it; false (the caller terminates it) if that does not go cleanly. */
async function parkThread(o: StartFeedWorkerOptions, inc: Incarnation, timeoutMs: number): Promise<boolean> {
  if (!o.park || inc.hasExited) return false;
  inc.stopping = true;
  let timer: NodeJS.Timeout | undefined;
  const closed = await Promise.race([
    inc.api.close().then(
      () => true,
      () => false,
    ),
    inc.exited.then(() => false),
    new Promise<boolean>((r) => {
      timer = setTimeout(() => r(false), timeoutMs);
    }),
  ]);
  clearTimeout(timer);
  // The exit listener may have run while the close was awaited (the thread died on the way).
  if (!closed || exitedMeanwhile(inc)) return false;
  inc.owner?.onEvent?.({ type: 'lifecycle', ticker: inc.owner.ticker, event: 'exited', code: 0 });
  inc.owner = null;
  return o.park.put(o, inc);
}

/** Resolves once the worker answers over comlink; rejects if it exits first (e.g. a bad config). */
async function ready(inc: Incarnation, ticker: string): Promise<void> {
  await Promise.race([
    inc.api.subscribers(),
    inc.exited.then((code) => {
      throw new MarketDataError(
        'MD_WORKER_CRASHED',
        `feed worker ${ticker} exited with code ${code} during start-up${inc.lastError ? `: ${inc.lastError}` : ''}`,
      );
    }),
  ]);
}

async function shutdown(inc: Incarnation, timeoutMs: number): Promise<void> {
  inc.stopping = true;
  if (!inc.hasExited) {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      // A close that fails (the thread is already going) ends the same way: exit, timeout, then terminate.
      inc.api.close().catch(() => undefined),
      inc.exited,
      new Promise<void>((r) => {
        timer = setTimeout(r, timeoutMs);
      }),
    ]);
    clearTimeout(timer);
  }
  inc.api[Comlink.releaseProxy]();
  await inc.worker.terminate();
}

/**
 * Starts one security's feed worker and waits until it answers. The returned handle survives
 * restarts: `api`, `worker` and `exited` always refer to the current thread.
 */
export async function startFeedWorker(opts: StartFeedWorkerOptions): Promise<FeedWorkerHandle> {
  const stopTimeoutMs = opts.stopTimeoutMs ?? 2000;
  const leased = await lease(opts);
  let inc = leased ?? spawn(opts);
  opts.onEvent?.({ type: 'lifecycle', ticker: opts.ticker, event: 'started' });
  if (!leased) {
    try {
      await ready(inc, opts.ticker);
    } catch (e) {
      await shutdown(inc, 0);
      throw e;
    }
  }

  const handle: FeedWorkerHandle = {
    ticker: opts.ticker,
    get api() {
      return inc.api;
    },
    get worker() {
      return inc.worker;
    },
    get exited() {
      return inc.exited;
    },
    ports: {
      async open(): Promise<MessagePort> {
        const { port1, port2 } = new MessageChannel();
        await inc.api.subscribe(Comlink.transfer(port2, [port2] as never));
        return port1;
      },
    },
    async restart() {
      opts.onEvent?.({ type: 'lifecycle', ticker: opts.ticker, event: 'restarting' });
      await shutdown(inc, stopTimeoutMs);
      inc = spawn(opts);
      opts.onEvent?.({ type: 'lifecycle', ticker: opts.ticker, event: 'started' });
      await ready(inc, opts.ticker);
      if (opts.autoStart === false) await inc.api.start(); // a restarted feed resumes polling
    },
    async stop() {
      if (await parkThread(opts, inc, stopTimeoutMs)) return;
      await shutdown(inc, stopTimeoutMs);
    },
  };
  return handle;
}
