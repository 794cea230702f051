import type { Snapshot } from '@ritc/market-data';
import { normalQuantile } from '../quant';

/**
 * σ of mid changes per tick the market maker sizes its width on: the long-run estimate when the
 * feed has one, else the recent per-tick σ. Null when neither is known (or not positive).
 */
export function quoteSigmaPerTick(snapshot: Snapshot): number | null {
  const s = snapshot.longRunSigma ?? snapshot.sigmaMidPerTick;
  return s !== null && Number.isFinite(s) && s > 0 ? s : null;
}

/**
 * The widest spread a market maker needs: S = Φ⁻¹(1 − riskAversion) · σ · √horizon, i.e. the move
 * of the mid over the holding horizon that is exceeded with probability `riskAversion`
 * (σ = long-run std of mid changes per tick). In the quote currency; null without a σ.
 * The original bot used the std of price LEVELS over the session; this uses changes, scaled.
 */
export function computeMaxViableSpread(
  snapshot: Snapshot,
  riskAversion: number,
  holdingHorizonTicks = 1,
): number | null {
  if (!(riskAversion > 0 && riskAversion < 0.5))
    throw new RangeError(`riskAversion must be in (0, 0.5), got ${riskAversion}`);
  const sigma = quoteSigmaPerTick(snapshot);
  if (sigma === null) return null;
  return normalQuantile(1 - riskAversion) * sigma * Math.sqrt(Math.max(holdingHorizonTicks, 0));
}
