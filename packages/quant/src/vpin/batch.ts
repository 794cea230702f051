// Batch VPIN by bulk volume classification (Easley, López de Prado, O'Hara 2012). Written as a
// plain reference loop; StreamingVpin must agree with it.

import { at } from '../checked';
import { QuantError } from '../errors';
import { std } from '../stats';
import { VpinBar, VpinBucket, VpinOptions, buyFraction, defaultCdf, validateBar, validateVpinOptions } from './types';

export interface VpinBatchResult {
  /** Complete buckets only, in time order. */
  buckets: VpinBucket[];
  /** vpin[i] = Σ_{j=i}^{i+n−1} OI_j / (n·V); length = max(0, buckets.length − n + 1). */
  vpin: number[];
  /** The σ_ΔP actually used (NaN if it could not be estimated: fewer than 2 bars). */
  sigma: number;
}

/**
 * VPIN over a sample of time bars. σ defaults to the sample standard deviation (n − 1) of
 * every bar's priceChange; bars that straddle a bucket boundary are split pro rata (a bar
 * larger than V fills several buckets); the trailing incomplete bucket is dropped.
 */
export function vpinFromBars(bars: ReadonlyArray<VpinBar>, opts: VpinOptions): VpinBatchResult {
  validateVpinOptions(opts, 'vpinFromBars');
  // Checked at run time too (JavaScript callers are not held to the types). Testing a copy keeps
  // `bars` typed, where Array.isArray would narrow it to any[].
  const given: unknown = bars;
  if (!Array.isArray(given)) throw new QuantError('E_SHAPE', 'vpinFromBars: bars must be an array');
  const changes = new Float64Array(bars.length);
  for (let i = 0; i < bars.length; i++) {
    const b = at(bars, i);
    const entry: unknown = b; // a hole or a null in an untyped caller's array
    if (entry === null || typeof entry !== 'object')
      throw new QuantError('E_SHAPE', `vpinFromBars: bars[${i}] is not an object`);
    if (!(b.volume >= 0 && b.volume < Infinity && b.priceChange > -Infinity && b.priceChange < Infinity)) {
      validateBar(b.volume, b.priceChange, `vpinFromBars: bars[${i}]`);
    }
    changes[i] = b.priceChange;
  }
  const sigma = opts.sigma ?? std(changes, 1);
  const cdf = opts.cdf ?? defaultCdf;
  const V = opts.bucketVolume;

  const buckets: VpinBucket[] = [];
  let buy = 0;
  let fill = 0;
  for (let i = 0; i < bars.length; i++) {
    const bar = at(bars, i);
    let rem = bar.volume;
    if (rem === 0) continue;
    const f = buyFraction(bar.priceChange, sigma, cdf);
    while (rem > 0) {
      const need = V - fill;
      if (rem >= need) {
        buy += need * f;
        const sell = V - buy;
        buckets.push({ buyVolume: buy, sellVolume: sell, orderImbalance: Math.abs(sell - buy) });
        rem -= need;
        buy = 0;
        fill = 0;
      } else {
        buy += rem * f;
        fill += rem;
        rem = 0;
      }
    }
  }

  const n = opts.window;
  const vpin: number[] = [];
  for (let i = 0; i + n <= buckets.length; i++) {
    let s = 0;
    for (let j = i; j < i + n; j++) s += at(buckets, j).orderImbalance;
    vpin.push(s / (n * V));
  }
  return { buckets, vpin, sigma };
}
