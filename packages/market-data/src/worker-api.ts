import type { CaseStatus, Tas } from '@ritc/rit-client';
import type { MessagePort } from 'node:worker_threads';
import type { SlotRef } from './slots';
import type { Snapshot } from './snapshot';

/** Events a feed worker posts on every subscribed MessagePort (see README "Event protocol"). */
export type FeedEvent =
  | { type: 'prints'; ticker: string; prints: Tas[] }
  | { type: 'state'; ticker: string; status: CaseStatus; period: number; tick: number }
  | { type: 'stale'; ticker: string; reason: string }
  | { type: 'recovered'; ticker: string; reason: string };

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

/** A log record forwarded from the worker over its parentPort (main owns the log file). */
export interface FeedLogRecord {
  type: 'log';
  level: LogLevel;
  thread: string;
  message: string;
  meta?: Record<string, unknown>;
}

/** VPIN settings; absent bucketVolume = calibrated from the period's first ticks (README "Defaults"). */
export interface VpinOptions {
  bucketVolume?: number;
  window?: number;
  sigma?: number;
  calibrationTicks?: number;
  ticksPerBucket?: number;
}

/** Everything a feed worker needs; this object is the worker's `workerData`. */
export interface FeedWorkerConfig {
  ticker: string;
  baseUrl: string;
  apiKey: string;
  slot: SlotRef;
  pollDelayMs: number;
  bookDepth: number;
  vpin?: VpinOptions;
  /** Case poll period while ACTIVE (ms). */
  casePollMs?: number;
  /** Poll period of book/TAS while the case is PAUSED or STOPPED (ms). */
  inactivePollMs?: number;
  /** No successful poll for this long → snapshot flagged stale (ms). */
  staleAfterMs?: number;
  /** Per-request deadline (ms). */
  timeoutMs?: number;
  /** Start polling as soon as the worker is up (else wait for `start()`). */
  autoStart?: boolean;
  /** Prints kept in the worker's ring buffer. */
  historyCapacity?: number;
  /**
   * The case runs on the simulator's virtual clock: read book and time & sales when the tick or the
   * book changes (the simulator's GET /sim/wait), not every pollDelayMs. Never set against a real RIT.
   */
  waitForChanges?: boolean;
}

export interface FeedStats {
  ticker: string;
  running: boolean;
  /** 'RitClient' in a worker, or 'custom' in tests. */
  client: string;
  polls: number;
  okPolls: number;
  failedPolls: number;
  consecutiveFailures: number;
  casePolls: number;
  caseErrors: number;
  printsSeen: number;
  duplicatesDropped: number;
  malformedEntries: number;
  periodResets: number;
  /** Book+TAS round trip of one poll, microseconds. */
  rttP50Us: number;
  rttP99Us: number;
  rttMeanUs: number;
  pollsPerSec: number;
  pollDelayMs: number;
  status: CaseStatus | null;
  period: number;
  tick: number;
  inactive: boolean;
  stale: boolean;
  lastErrorCode: string | null;
  lastPrintId: number;
  uptimeMs: number;
  rssBytes: number;
  heapUsedBytes: number;
}

/** The comlink control plane of a feed worker (`Comlink.wrap<FeedWorkerApi>(...)`). */
export interface FeedWorkerApi {
  start(): Promise<void>;
  /** Stops polling (the snapshot is republished flagged stale); the worker stays up. */
  stop(): Promise<void>;
  /** Stops polling, closes subscriber ports and the HTTP pool: the thread can then exit on its own. */
  close(): Promise<void>;
  setPollDelay(ms: number): void;
  snapshot(): Snapshot;
  stats(): FeedStats;
  resetStats(): void;
  /** Adds a MessagePort that receives FeedEvents; send it with `Comlink.transfer(port, [port])`. */
  subscribe(port: MessagePort): number;
  /** Number of subscribers. */
  subscribers(): number;
  /** Newest prints of the period, oldest first (bounded by the ring). */
  recentPrints(n: number): Tas[];
  /** Per-tick mid changes of the rolling window, oldest first. */
  midChanges(): number[];
}

/** What a feed thread exposes: its feed's control plane, and the means to give it another feed. */
export interface FeedThreadApi extends FeedWorkerApi {
  /**
   * Closes the current feed (as `close`) and starts another from `cfg` in the same thread, as if the
   * thread had been started with it: how a parked thread serves the next run.
   */
  configure(cfg: FeedWorkerConfig): Promise<void>;
}
