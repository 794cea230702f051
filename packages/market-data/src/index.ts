// @ritc/market-data — one worker thread per security polls its book and time & sales, computes its
// indicators (VPIN among them) and publishes a snapshot into shared memory that the coordinator reads
// without locks. The list below is the public surface.

// Snapshots and the shared-memory slots they live in.
export type { Snapshot, SnapshotFlags } from './snapshot';
export {
  F,
  SLOT_FIELDS,
  SLOT_FIELD_COUNT,
  SLOT_STRIDE_BYTES,
  SnapshotSlots,
  readSlot,
  snapshotToValues,
  type SlotField,
  type SlotRef,
  type SlotsDescriptor,
} from './slots';
export { Float64Ring, RecordRing } from './ring';
export { MarketDataError, type MarketDataErrorCode } from './errors';

// Poll delays per security, as the CLI takes them.
export { parsePollDelays, pollDelayFor, type PollDelays } from './poll-delays';

// The feed: parsing and indicators (usable without a thread), the poller, the worker and its launcher.
export { summarizeBook, type BookSummary } from './feed/book-state';
export { TasState } from './feed/tas-state';
export { defaultVpinFactory } from './feed/vpin';
export { FeedIndicators } from './feed/indicators';
export { fetchFeedTickers, type FeedRitApi } from './feed/feed-api';
export {
  simWaitForChange,
  type MarketChange,
  type MarketPoint,
  type WaitForChange,
  type WaitReads,
} from './feed/change-wait';
export { DEFAULT_POLLER_OPTIONS, FeedPoller, type PollerOptions } from './feed/poller';
export type {
  FeedEvent,
  FeedLogRecord,
  FeedStats,
  FeedThreadApi,
  FeedWorkerApi,
  FeedWorkerConfig,
  LogLevel,
} from './worker-api';
export { runFeedWorker } from './worker-runtime';
export {
  FeedThreadPark,
  startFeedWorker,
  type FeedCrashInfo,
  type FeedLifecycle,
  type FeedPorts,
  type FeedWorkerHandle,
  type FeedWorkerMessage,
  type StartFeedWorkerOptions,
} from './launcher';
export { FeedSupervisor, type FeedIncident, type FeedSupervisorOptions } from './supervisor';
