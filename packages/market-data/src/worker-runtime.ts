import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/umd/node-adapter';
import { isMainThread, parentPort, threadId, workerData, type MessagePort } from 'node:worker_threads';
import { errorMessage, MarketDataError } from './errors';
import { simWaitForChange } from './feed/change-wait';
import { createFeedApi } from './feed/feed-api';
import { DEFAULT_INDICATOR_OPTIONS } from './feed/indicators';
import { DEFAULT_POLLER_OPTIONS, FeedPoller } from './feed/poller';
import { SlotWriter } from './slots';
import type { FeedEvent, FeedLogRecord, FeedThreadApi, FeedWorkerApi, FeedWorkerConfig, LogLevel } from './worker-api';

function bad(what: string): never {
  throw new MarketDataError('MD_BAD_OPTION', `feed worker config: ${what}`);
}

/**
 * Checks a worker config (workerData arrives untyped, so every field is checked, not assumed); throws
 * MD_BAD_OPTION naming the field (the API key is never echoed).
 */
export function validateFeedConfig(input: unknown): asserts input is FeedWorkerConfig {
  if (!input || typeof input !== 'object') bad('missing');
  const c = input as Partial<FeedWorkerConfig>;
  if (typeof c.ticker !== 'string' || c.ticker.length === 0) bad('ticker must be a non-empty string');
  if (typeof c.baseUrl !== 'string' || !/^https?:\/\//.test(c.baseUrl)) bad('baseUrl must be an http(s) URL');
  if (typeof c.apiKey !== 'string') bad('apiKey must be a string');
  if (!c.slot || !(c.slot.sab instanceof SharedArrayBuffer) || !Number.isInteger(c.slot.index))
    bad('slot must be {sab: SharedArrayBuffer, index}');
  const { pollDelayMs, bookDepth } = c;
  if (!(typeof pollDelayMs === 'number' && Number.isFinite(pollDelayMs) && pollDelayMs >= 0))
    bad(`pollDelayMs must be ≥ 0, got ${pollDelayMs}`);
  if (!(typeof bookDepth === 'number' && Number.isInteger(bookDepth) && bookDepth >= 1))
    bad(`bookDepth must be an integer ≥ 1, got ${bookDepth}`);
}

/** Builds the control-plane object around a poller (also used in-thread by tests). */
export function createFeedWorkerApi(
  poller: FeedPoller,
  subscribers: Set<MessagePort>,
  closeApi?: () => Promise<void>,
): FeedWorkerApi {
  return {
    async close() {
      await poller.stop();
      for (const p of subscribers) p.close();
      subscribers.clear();
      await closeApi?.();
    },
    start() {
      poller.start(); // never throws: the polling loop runs (and fails) inside its own promise
      return Promise.resolve();
    },
    async stop() {
      await poller.stop();
    },
    setPollDelay(ms: number) {
      poller.setPollDelay(ms);
    },
    snapshot: () => poller.snapshot(),
    stats: () => poller.stats(),
    resetStats: () => poller.resetStats(),
    subscribe(port: MessagePort) {
      subscribers.add(port);
      port.on('close', () => subscribers.delete(port));
      return subscribers.size;
    },
    subscribers: () => subscribers.size,
    recentPrints: (n: number) => poller.recentPrints(n),
    midChanges: () => poller.indicators.midChangeHistory(),
  };
}

/** One security's feed inside a thread: its poller, subscribers and HTTP pool, built from a config. */
function buildFeed(cfg: FeedWorkerConfig, port: MessagePort): FeedWorkerApi {
  const thread = `feed:${cfg.ticker}`;
  const log = (level: LogLevel, message: string, meta?: Record<string, unknown>): void => {
    const rec: FeedLogRecord = { type: 'log', level, thread, message, meta: { threadId, ...meta } };
    port.postMessage(rec);
  };
  const subscribers = new Set<MessagePort>();
  const emit = (ev: FeedEvent): void => {
    for (const p of subscribers) {
      try {
        p.postMessage(ev);
      } catch (e) {
        subscribers.delete(p);
        log('warn', `dropped a subscriber: ${errorMessage(e)}`);
      }
    }
  };
  const api = createFeedApi({
    baseUrl: cfg.baseUrl,
    apiKey: cfg.apiKey,
    timeoutMs: cfg.timeoutMs ?? 1000,
    connections: 2,
  });
  const v = cfg.vpin ?? {};
  const poller = new FeedPoller({
    ...DEFAULT_POLLER_OPTIONS,
    ticker: cfg.ticker,
    api,
    writer: new SlotWriter(cfg.slot),
    pollDelayMs: cfg.pollDelayMs,
    bookDepth: cfg.bookDepth,
    casePollMs: cfg.casePollMs ?? DEFAULT_POLLER_OPTIONS.casePollMs,
    inactivePollMs: cfg.inactivePollMs ?? DEFAULT_POLLER_OPTIONS.inactivePollMs,
    staleAfterMs: cfg.staleAfterMs ?? DEFAULT_POLLER_OPTIONS.staleAfterMs,
    pollTimeoutMs: (cfg.timeoutMs ?? 1000) + 500,
    historyCapacity: cfg.historyCapacity ?? DEFAULT_POLLER_OPTIONS.historyCapacity,
    indicators: {
      ...DEFAULT_INDICATOR_OPTIONS,
      ...(v.bucketVolume !== undefined ? { bucketVolume: v.bucketVolume } : {}),
      ...(v.window !== undefined ? { window: v.window } : {}),
      ...(v.sigma !== undefined ? { sigma: v.sigma } : {}),
      ...(v.calibrationTicks !== undefined ? { calibrationTicks: v.calibrationTicks } : {}),
      ...(v.ticksPerBucket !== undefined ? { ticksPerBucket: v.ticksPerBucket } : {}),
    },
    emit,
    log,
    clientName: 'RitClient',
    ...(cfg.waitForChanges ? { waitForChange: simWaitForChange(cfg.baseUrl, cfg.apiKey, cfg.ticker) } : {}),
  });
  log('info', 'feed worker up', { pollDelayMs: cfg.pollDelayMs, bookDepth: cfg.bookDepth });
  if (cfg.autoStart) poller.start();
  return createFeedWorkerApi(poller, subscribers, async () => {
    await api.close?.();
  });
}

/**
 * The thread's control plane: the current feed's API, plus `configure`, which closes that feed and
 * builds another from a new config in the same thread. A parked thread (see FeedThreadPark) is thus
 * reused by the next run without paying for a new thread and its module loading again.
 */
function feedHost(port: MessagePort, first: FeedWorkerConfig | null): FeedThreadApi {
  let current: FeedWorkerApi | null = first ? buildFeed(first, port) : null;
  const feed = (): FeedWorkerApi => {
    if (!current) throw new MarketDataError('MD_WORKER_STOPPED', 'this feed worker is closed (configure it first)');
    return current;
  };
  return {
    async configure(cfg: FeedWorkerConfig) {
      validateFeedConfig(cfg);
      const old = current;
      current = null;
      await old?.close();
      current = buildFeed(cfg, port);
    },
    async close() {
      const old = current;
      current = null;
      await old?.close();
    },
    start: () => feed().start(),
    stop: () => feed().stop(),
    setPollDelay: (ms: number) => feed().setPollDelay(ms),
    snapshot: () => feed().snapshot(),
    stats: () => feed().stats(),
    resetStats: () => feed().resetStats(),
    subscribe: (p: MessagePort) => feed().subscribe(p),
    subscribers: () => current?.subscribers() ?? 0,
    recentPrints: (n: number) => feed().recentPrints(n),
    midChanges: () => feed().midChanges(),
  };
}

/**
 * Body of a security feed worker thread: reads `workerData` (a FeedWorkerConfig), polls with its own
 * HTTP pool, publishes into its slot, posts events to subscribers and log records to the parent, and
 * exposes the control plane over comlink on parentPort. `configure` gives the thread another security
 * (or another run) once its feed is closed.
 */
export function runFeedWorker(): void {
  if (isMainThread || !parentPort)
    throw new MarketDataError('MD_BAD_OPTION', 'runFeedWorker must run inside a worker thread');
  const port = parentPort;
  const cfg: unknown = workerData;
  validateFeedConfig(cfg);
  Comlink.expose(feedHost(port, cfg), nodeEndpoint(port));
}
