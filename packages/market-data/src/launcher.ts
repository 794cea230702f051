import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/umd/node-adapter';
import { MessageChannel, Worker, type MessagePort, type ResourceLimits } from 'node:worker_threads';
import { MarketDataError } from './errors';
import type { FeedLogRecord, FeedWorkerApi, FeedWorkerConfig } from './worker-api';

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

interface Incarnation {
  worker: Worker;
  api: Comlink.Remote<FeedWorkerApi>;
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

function spawn(o: StartFeedWorkerOptions): Incarnation {
  const execArgv = [...(o.execArgv ?? [])];
  if (o.file.endsWith('.ts')) execArgv.push('--require', 'tsx/cjs');
  const worker = new Worker(o.file, { workerData: toConfig(o), execArgv, resourceLimits: o.resourceLimits });
  const inc: Incarnation = {
    worker,
    api: Comlink.wrap<FeedWorkerApi>(nodeEndpoint(worker)),
    exited: Promise.resolve(0),
    hasExited: false,
    stopping: false,
    startedMs: Date.now(),
    lastError: null,
  };
  worker.on('message', (m: unknown) => {
    if (m && typeof m === 'object' && (m as { type?: unknown }).type === 'log') o.onEvent?.(m as FeedLogRecord);
  });
  worker.on('error', (err) => {
    inc.lastError = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  });
  inc.exited = new Promise<number>((resolve) => {
    worker.once('exit', (code) => {
      inc.hasExited = true;
      o.onEvent?.({ type: 'lifecycle', ticker: o.ticker, event: 'exited', code });
      if (!inc.stopping) {
        o.onCrash?.({ ticker: o.ticker, exitCode: code, error: inc.lastError, uptimeMs: Date.now() - inc.startedMs });
      }
      resolve(code);
    });
  });
  return inc;
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
  let inc = spawn(opts);
  opts.onEvent?.({ type: 'lifecycle', ticker: opts.ticker, event: 'started' });
  try {
    await ready(inc, opts.ticker);
  } catch (e) {
    await shutdown(inc, 0);
    throw e;
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
      await shutdown(inc, stopTimeoutMs);
    },
  };
  return handle;
}
