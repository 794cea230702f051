import { QuantError, assertFinite, assertPositive } from '../errors';
import { normalCdf } from '../normal';

/** One time bar: traded volume (shares) and its price change ΔP (price units, see README). */
export interface VpinBar {
  volume: number;
  priceChange: number;
}

export interface VpinBucket {
  /** V_B = Σ V_i·Z(ΔP_i/σ) over the (possibly split) bar volumes in the bucket. */
  buyVolume: number;
  /** V_S = V − V_B. */
  sellVolume: number;
  /** OI = |V_S − V_B| (shares). */
  orderImbalance: number;
}

export interface VpinOptions {
  /** Bucket size V in shares (> 0). */
  bucketVolume: number;
  /** Number of buckets n in the VPIN average (integer ≥ 1). */
  window: number;
  /** Fixed σ_ΔP (> 0). Batch default: sample std (n − 1) of all priceChange. */
  sigma?: number;
  /** Standardised-change → buy-fraction map; default Φ (the paper). E.g. a Student-t CDF. */
  cdf?: (z: number) => number;
}

export function validateVpinOptions(opts: VpinOptions, where: string): void {
  const given: unknown = opts; // JavaScript callers are not held to the type
  if (given === null || typeof given !== 'object')
    throw new QuantError('E_DOMAIN', `${where}: options object required`);
  assertPositive(`${where}: bucketVolume`, opts.bucketVolume);
  if (!Number.isInteger(opts.window) || opts.window < 1)
    throw new QuantError('E_DOMAIN', `${where}: window must be an integer ≥ 1, got ${opts.window}`);
  if (opts.sigma !== undefined) assertPositive(`${where}: sigma`, opts.sigma);
  if (opts.cdf !== undefined && typeof opts.cdf !== 'function')
    throw new QuantError('E_DOMAIN', `${where}: cdf must be a function`);
}

/** Hot path: no string is built unless the bar is bad. */
export function validateBar(volume: number, priceChange: number, where: string): void {
  if (volume >= 0 && volume < Infinity && priceChange > -Infinity && priceChange < Infinity) return;
  assertFinite(`${where}: volume`, volume);
  if (volume < 0) throw new QuantError('E_DOMAIN', `${where}: volume must be ≥ 0, got ${volume}`);
  assertFinite(`${where}: priceChange`, priceChange);
}

/**
 * Fraction of a bar's volume classified as buys: cdf(ΔP/σ). When σ is unusable (not yet
 * estimable, or every change so far identical → σ = 0) we take the σ → 0⁺ limit of Φ(ΔP/σ):
 * 1 for an up-move, 0 for a down-move, ½ for no change.
 */
export function buyFraction(priceChange: number, sigma: number, cdf: (z: number) => number): number {
  if (sigma > 0 && Number.isFinite(sigma)) {
    const f = cdf(priceChange / sigma);
    if (!(f >= 0 && f <= 1))
      throw new QuantError('E_DOMAIN', `VPIN cdf returned ${f} for z = ${priceChange / sigma}; it must be in [0,1]`);
    return f;
  }
  return priceChange > 0 ? 1 : priceChange < 0 ? 0 : 0.5;
}

export const defaultCdf = normalCdf;
