/**
 * The latest state of one security as its feed worker publishes it (top of book, last trade,
 * indicators). One instance per security lives in a SharedArrayBuffer slot written under a seqlock
 * by that security's worker alone; any thread reads it without a message.
 *
 * Units: prices in the security's quote currency; sizes and volumes in shares;
 * `tick` is RIT's clock; `monoMs` is `performance.timeOrigin + performance.now()` of the writer
 * (milliseconds, comparable across threads of one process) so readers can judge staleness.
 * Absent values are NaN only in the raw slot; `readSnapshot` turns them into `null`, never NaN.
 */
export interface Snapshot {
  ticker: string;
  /** Number of successful publishes; 0 = never written. */
  version: number;
  period: number;
  tick: number;
  monoMs: number;
  bid: number | null;
  ask: number | null;
  bidSize: number;
  askSize: number;
  mid: number | null;
  /** Shares resting on each side within the polled depth. */
  depthBid: number;
  depthAsk: number;
  /** (depthBid − depthAsk) / (depthBid + depthAsk), in [−1, 1]; 0 when the book is empty. */
  bookImbalance: number;
  last: number | null;
  lastSize: number;
  /** Cumulative traded volume seen in time & sales this period. */
  volume: number;
  /** Latest VPIN (bulk volume classification) in [0, 1], null before the first full window. */
  vpin: number | null;
  /** Signed imbalance (V_B − V_S)/V of the VPIN window, in [−1, 1]; positive = buyers dominate. */
  signedImbalance: number | null;
  /** Fraction of volume classified as buys over the window (v_B of the OEH model). */
  buyFraction: number | null;
  /** Std of mid changes per tick. */
  sigmaMidPerTick: number | null;
  /** Std of price changes per volume bucket (σ per V_σ of the OEH model). */
  sigmaPerBucket: number | null;
  bucketVolume: number;
  bucketDurationTicks: number | null;
  bucketDurationMs: number | null;
  /** Long-run std of mid changes (the market maker's "long-term volatility"). */
  longRunSigma: number | null;
  flags: SnapshotFlags;
  // Optional extensions (added by the market-data package; `readSnapshot` always fills them).
  /** Volume-weighted average trade price of this period, from time & sales. */
  vwap?: number | null;
  /** Number of prints seen this period. */
  tradeCount?: number;
  /** Highest time & sales id seen this period (the `after` of the next poll); 0 = none. */
  lastPrintId?: number;
  /** VPIN volume buckets completed this period. */
  bucketsCompleted?: number;
}

export interface SnapshotFlags {
  /** The last poll failed or is older than the staleness bound. */
  stale: boolean;
  /** Neither side has an order. */
  empty: boolean;
  /** Exactly one side has orders. */
  oneSided: boolean;
  /** The case was not ACTIVE at the last poll. */
  inactive: boolean;
}
