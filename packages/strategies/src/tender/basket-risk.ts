/**
 * How much the basket behind one ETF share moves per tick, in the reporting currency: the risk a
 * tender carries while it is held or worked. Read from the case as it trades, not from a constant of
 * one case: two stocks at 20 and 30 CAD move four times the variance of two at 10 and 15.
 */

import type { StrategyContext } from '../context';
import type { TenderParams } from '../params/tender';
import { isUsable, midOf } from '../util/snapshot';

/**
 * One leg's variance per tick, CAD²: the feed's per-tick σ of mid changes since the period began,
 * blended with a prior of mid² × relativeVariancePerTick weighted as `variancePriorTicks` ticks of
 * observations. The prior carries the jumps a short window has not seen yet (a stock jumping with
 * probability 0.008 a tick shows one every ~125 ticks, and its jumps are most of its variance); the
 * live figure takes over as the case goes on. Null when neither is available.
 */
export function legVariancePerTick(
  mid: number,
  liveSigma: number | null,
  ticksObserved: number,
  params: Pick<TenderParams, 'relativeVariancePerTick' | 'variancePriorTicks'>,
): number | null {
  const prior = Number.isFinite(mid) && mid > 0 ? mid * mid * params.relativeVariancePerTick : null;
  const live = liveSigma !== null && Number.isFinite(liveSigma) && liveSigma >= 0 ? liveSigma * liveSigma : null;
  if (live === null) return prior;
  if (prior === null) return live;
  const n = Math.max(0, ticksObserved);
  const k = params.variancePriorTicks;
  return n + k > 0 ? (k * prior + n * live) / (k + n) : prior;
}

/**
 * Variance per tick of the basket value of one ETF share, reporting currency² (the basket stocks are
 * quoted in it: the engine assigns no other basket): the sum over the legs, the stocks taken as moving
 * independently. The ETF's own mid is not used: its mispricing shocks are not the close-out's risk.
 * Null when a leg has no usable book.
 */
export function basketVariancePerTick(
  ctx: StrategyContext,
  params: Pick<TenderParams, 'basket' | 'maxSnapshotAgeMs' | 'relativeVariancePerTick' | 'variancePriorTicks'>,
): number | null {
  if (params.basket.length === 0) return null;
  let sum = 0;
  for (const t of params.basket) {
    const s = ctx.snapshots[t];
    if (!isUsable(s, ctx.nowMs, params.maxSnapshotAgeMs)) return null;
    const ticks = Math.max(ctx.tick, Number.isFinite(s.tick) ? s.tick : 0);
    const v = legVariancePerTick(midOf(s), s.longRunSigma ?? s.sigmaMidPerTick, ticks, params);
    if (v === null) return null;
    sum += v;
  }
  return sum;
}
