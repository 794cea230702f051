/**
 * The streaming VPIN used by the feed: @ritc/quant's `StreamingVpin` (VPIN of Easley et al. 2012 in its streaming form: one bar per RIT
 * tick, a σ frozen per bucket, the signed imbalance kept beside it), behind a
 * factory so tests can substitute a scripted indicator.
 */
import { StreamingVpin } from '@ritc/quant';

export interface VpinParams {
  /** Shares per volume bucket (V). */
  bucketVolume: number;
  /** Buckets in the VPIN window (n). */
  window: number;
  /** Fixed σ of bar price changes; absent = expanding σ of the bars seen so far. */
  sigma?: number;
}

export interface VpinBar {
  volume: number;
  priceChange: number;
  tick?: number;
  timeMs?: number;
}

/** As @ritc/quant's VpinState; values are null or NaN before they exist (both are accepted). */
export interface VpinStateLike {
  vpin: number | null;
  signedImbalance: number | null;
  buyFraction: number | null;
  bucketsCompleted: number;
  sigma: number | null;
  meanBucketDurationTicks: number | null;
  meanBucketDurationMs: number | null;
  bucketPriceChangeStd: number | null;
  lastBucket?: unknown;
}

export interface StreamingVpinLike {
  addBar(bar: VpinBar): number;
  readonly state: VpinStateLike;
}

export type VpinFactory = (p: VpinParams) => StreamingVpinLike;

/** The feed's VPIN: @ritc/quant's `StreamingVpin` (bulk volume classification, Easley et al. 2012). */
export function defaultVpinFactory(): VpinFactory {
  return (p) => new StreamingVpin(p);
}

/** null for null/NaN/±Infinity, else the number. */
export function finiteOrNull(v: number | null | undefined): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}
