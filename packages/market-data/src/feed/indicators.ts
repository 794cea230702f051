import type { Tas } from '@ritc/rit-client';
import { Welford } from '@ritc/quant';
import { Float64Ring } from '../ring';
import { F } from '../slots';
import { defaultVpinFactory, finiteOrNull, type StreamingVpinLike, type VpinBar, type VpinFactory } from './vpin';

export interface IndicatorOptions {
  /** Shares per VPIN bucket; absent = calibrated from the first `calibrationTicks` ticks of the period. */
  bucketVolume?: number;
  /** Buckets in the VPIN window. */
  window: number;
  /** Fixed σ of bar price changes for BVC; absent = expanding σ. */
  sigma?: number;
  /** Ticks of traded volume observed before an automatic bucket size is chosen. */
  calibrationTicks: number;
  /** Automatic bucket size = mean volume per tick × this. */
  ticksPerBucket: number;
  /** Ticks in the rolling window of the per-tick mid-change σ. */
  midWindowTicks: number;
}

export const DEFAULT_INDICATOR_OPTIONS: IndicatorOptions = {
  window: 20,
  calibrationTicks: 10,
  ticksPerBucket: 3,
  midWindowTicks: 60,
};

interface Bar {
  tick: number;
  volume: number;
  first: number;
  last: number;
  timeMs: number;
}

/**
 * Per-security indicators fed by time & sales and the book.
 *
 * Bars are one per RIT tick (the paper's time bar; 1 tick = 1 s in the algo case), built from the
 * prints' own `tick`, so VPIN does not depend on the poll rate. A tick's bar closes when a print of a
 * later tick arrives or the case clock has moved past it (`onClock`). ΔP of a bar = its last trade
 * minus the previous bar's last trade.
 */
export class FeedIndicators {
  private readonly makeVpin: VpinFactory;
  private vpin: StreamingVpinLike | null = null;
  private bucketVolume = 0;
  private bar: Bar | null = null;
  private prevClose = NaN;
  private readonly pending: VpinBar[] = []; // bars waiting for an automatic bucket size
  private pendingFirstTick = NaN;
  private pendingVolume = 0;

  private midTick = NaN;
  private midOfTick = NaN;
  private prevTickMid = NaN;
  private readonly midChanges: Float64Ring;
  private readonly longRun = new Welford();

  constructor(
    readonly opts: IndicatorOptions = DEFAULT_INDICATOR_OPTIONS,
    factory?: VpinFactory,
  ) {
    this.makeVpin = factory ?? defaultVpinFactory();
    this.midChanges = new Float64Ring(Math.max(2, opts.midWindowTicks));
    this.reset();
  }

  /** New period or restarted case: forget everything. */
  reset(): void {
    this.bar = null;
    this.prevClose = NaN;
    this.pending.length = 0;
    this.pendingFirstTick = NaN;
    this.pendingVolume = 0;
    this.midTick = NaN;
    this.midOfTick = NaN;
    this.prevTickMid = NaN;
    this.midChanges.clear();
    this.longRun.reset();
    if (this.opts.bucketVolume !== undefined && this.opts.bucketVolume > 0) {
      this.bucketVolume = this.opts.bucketVolume;
      this.vpin = this.makeVpin({ bucketVolume: this.bucketVolume, window: this.opts.window, sigma: this.opts.sigma });
    } else {
      this.bucketVolume = 0;
      this.vpin = null;
    }
  }

  onPrint(p: Tas, monoMs: number): void {
    if (this.bar && p.tick > this.bar.tick) this.closeBar();
    if (!this.bar) this.bar = { tick: p.tick, volume: 0, first: p.price, last: p.price, timeMs: monoMs };
    this.bar.volume += p.quantity;
    this.bar.last = p.price;
    this.bar.timeMs = monoMs;
  }

  /** The case clock says `tick` is current: bars and mids of earlier ticks are complete. */
  onClock(tick: number): void {
    if (this.bar && this.bar.tick < tick) this.closeBar();
    this.rollMid(tick);
  }

  /** Latest mid seen during `tick` (NaN mids, e.g. one-sided books, are ignored). */
  onMid(mid: number, tick: number): void {
    this.rollMid(tick);
    if (Number.isFinite(mid)) {
      this.midOfTick = mid;
      this.midTick = tick;
    }
  }

  private rollMid(tick: number): void {
    if (!Number.isFinite(this.midTick) || tick <= this.midTick) return;
    if (Number.isFinite(this.prevTickMid) && Number.isFinite(this.midOfTick)) {
      const d = this.midOfTick - this.prevTickMid;
      this.midChanges.push(d);
      this.longRun.push(d);
    }
    if (Number.isFinite(this.midOfTick)) this.prevTickMid = this.midOfTick;
    this.midTick = tick; // the mid carries over until a new one arrives
  }

  private closeBar(): void {
    const b = this.bar;
    this.bar = null;
    if (!b || !(b.volume > 0)) return;
    const ref = Number.isFinite(this.prevClose) ? this.prevClose : b.first;
    this.prevClose = b.last;
    const vb: VpinBar = { volume: b.volume, priceChange: b.last - ref, tick: b.tick, timeMs: b.timeMs };
    if (this.vpin) {
      this.vpin.addBar(vb);
      return;
    }
    this.pending.push(vb);
    if (!Number.isFinite(this.pendingFirstTick)) this.pendingFirstTick = b.tick;
    this.pendingVolume += b.volume;
    const span = b.tick - this.pendingFirstTick + 1;
    if (span >= this.opts.calibrationTicks) {
      this.bucketVolume = Math.max(1, Math.round((this.pendingVolume / span) * this.opts.ticksPerBucket));
      this.vpin = this.makeVpin({ bucketVolume: this.bucketVolume, window: this.opts.window, sigma: this.opts.sigma });
      for (const p of this.pending) this.vpin.addBar(p);
      this.pending.length = 0;
    }
  }

  private rollingMidSigma(): number {
    const n = this.midChanges.length;
    if (n < 2) return NaN;
    let s = 0;
    for (let i = 0; i < n; i++) s += this.midChanges.at(i);
    const m = s / n;
    let q = 0;
    for (let i = 0; i < n; i++) {
      const d = this.midChanges.at(i) - m;
      q += d * d;
    }
    return Math.sqrt(q / (n - 1));
  }

  /** Writes the indicator fields into a slot field vector (NaN = not available yet). */
  fill(out: Float64Array): void {
    const st = this.vpin?.state;
    const nan = (v: number | null | undefined): number => finiteOrNull(v) ?? NaN;
    out[F.vpin] = nan(st?.vpin);
    out[F.signedImbalance] = nan(st?.signedImbalance);
    out[F.buyFraction] = nan(st?.buyFraction);
    out[F.sigmaPerBucket] = nan(st?.bucketPriceChangeStd);
    out[F.bucketDurationTicks] = nan(st?.meanBucketDurationTicks);
    out[F.bucketDurationMs] = nan(st?.meanBucketDurationMs);
    out[F.bucketsCompleted] = st?.bucketsCompleted ?? 0;
    out[F.bucketVolume] = this.bucketVolume;
    out[F.sigmaMidPerTick] = this.rollingMidSigma();
    out[F.longRunSigma] = this.longRun.std;
  }

  /** Mid changes per tick of the rolling window, oldest first (on-demand history). */
  midChangeHistory(): number[] {
    return this.midChanges.toArray();
  }
}
