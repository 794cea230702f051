// Streaming VPIN (BVC) for the feed workers: bars (or trades, aggregated into per-tick bars)
// arrive one at a time. Memory is O(window); addBar does not allocate. With a fixed σ it
// reproduces vpinFromBars exactly (same arithmetic in the same order).

import { atF64 } from '../checked';
import { QuantError, assertFinite } from '../errors';
import { Welford } from '../stats';
import { VpinOptions, buyFraction, defaultCdf, validateBar, validateVpinOptions } from './types';

export interface StreamingVpinOptions extends VpinOptions {
  /**
   * Fixed σ_ΔP. If absent: an expanding sample σ (n − 1) of every bar's priceChange seen so
   * far, including the bar being classified, frozen for that bar (past buckets never change).
   */
  sigma?: number;
}

export interface StreamingBar {
  volume: number;
  priceChange: number;
  /** RIT tick of the bar; default: the bar's sequence number (0, 1, 2, …). */
  tick?: number;
  /** Wall-clock time of the bar in ms; bucket ms durations are null unless every bar has one. */
  timeMs?: number;
}

export interface VpinLastBucket {
  buyVolume: number;
  sellVolume: number;
  orderImbalance: number;
  /** (V_B − V_S)/V ∈ [−1, 1]: positive = buying pressure. */
  signedImbalance: number;
  startTick: number;
  endTick: number;
  /** endTick − startTick (0 when one bar filled the bucket). */
  durationTicks: number;
  startMs: number | null;
  endMs: number | null;
  durationMs: number | null;
}

export interface VpinState {
  /** Mean OI/V over the last `window` buckets; null until `window` buckets are complete. */
  vpin: number | null;
  /** Mean (V_B − V_S)/V over the window, or over the buckets so far while it fills (the direction VPIN lacks). */
  signedImbalance: number | null;
  /** Mean V_B/V over the window (or the buckets so far): an estimate of v_B for the OEH. */
  buyFraction: number | null;
  bucketsCompleted: number;
  /** σ used for the most recent bar (null before it can be estimated). */
  sigma: number | null;
  lastBucket: VpinLastBucket | null;
  meanBucketDurationTicks: number | null;
  meanBucketDurationMs: number | null;
  /**
   * Sample std of the per-bucket price change over the window (≥ 2 buckets): σ per V_σ = V for
   * the OEH. A bar's ΔP is attributed to buckets pro rata to its volume split.
   */
  bucketPriceChangeStd: number | null;
}

export class StreamingVpin {
  private readonly V: number;
  private readonly n: number;
  private readonly fixedSigma: number | undefined;
  private readonly cdf: (z: number) => number;
  private readonly sigmaEst = new Welford();

  // Per-bucket history for the window (ring buffers, head = oldest).
  private readonly oi: Float64Array;
  private readonly buyFrac: Float64Array;
  private readonly durTicks: Float64Array;
  private readonly durMs: Float64Array;
  private readonly dp: Float64Array;
  private head = 0;
  private len = 0;

  // The bucket being filled.
  private buy = 0;
  private fill = 0;
  private bucketDp = 0;
  private startTick = NaN;
  private startMs = NaN;

  private completed = 0;
  private barSeq = 0;
  private lastSigma = NaN;

  // Last completed bucket (scalars, so addBar does not allocate).
  private lbBuy = NaN;
  private lbStartTick = NaN;
  private lbEndTick = NaN;
  private lbStartMs = NaN;
  private lbEndMs = NaN;

  // Trade → bar aggregation (addTrade).
  private tradeTick = NaN;
  private tradeVolume = 0;
  private tradeLast = NaN;
  private tradeFirst = NaN;
  private tradeMs = NaN;
  private prevBarPrice = NaN;

  constructor(opts: StreamingVpinOptions) {
    validateVpinOptions(opts, 'StreamingVpin');
    this.V = opts.bucketVolume;
    this.n = opts.window;
    this.fixedSigma = opts.sigma;
    this.cdf = opts.cdf ?? defaultCdf;
    this.oi = new Float64Array(this.n);
    this.buyFrac = new Float64Array(this.n);
    this.durTicks = new Float64Array(this.n);
    this.durMs = new Float64Array(this.n);
    this.dp = new Float64Array(this.n);
  }

  /** Adds one time bar; returns the number of buckets it completed (0, 1, or more for a big bar). */
  addBar(bar: StreamingBar): number {
    return this.addBarValues(bar.volume, bar.priceChange, bar.tick, bar.timeMs);
  }

  /** addBar without the object (the feed worker's hot path). */
  addBarValues(volume: number, priceChange: number, tick?: number, timeMs?: number): number {
    validateBar(volume, priceChange, 'StreamingVpin.addBar');
    const t = tick ?? this.barSeq;
    if (tick !== undefined && !Number.isFinite(tick)) assertFinite('StreamingVpin.addBar: tick', tick);
    const ms = timeMs ?? NaN;
    this.barSeq++;

    let sigma: number;
    if (this.fixedSigma !== undefined) sigma = this.fixedSigma;
    else {
      this.sigmaEst.push(priceChange);
      sigma = this.sigmaEst.std; // NaN with one bar → σ → 0⁺ limit in buyFraction
    }
    this.lastSigma = sigma;

    if (volume === 0) {
      // No volume to classify, but the price moved inside the current bucket.
      this.bucketDp += priceChange;
      return 0;
    }
    const f = buyFraction(priceChange, sigma, this.cdf);
    const V = this.V;
    let rem = volume;
    let done = 0;
    while (rem > 0) {
      if (this.fill === 0) {
        this.startTick = t;
        this.startMs = ms;
      }
      const need = V - this.fill;
      if (rem >= need) {
        this.buy += need * f;
        this.bucketDp += (priceChange * need) / volume;
        this.closeBucket(t, ms);
        rem -= need;
        done++;
      } else {
        this.buy += rem * f;
        this.bucketDp += (priceChange * rem) / volume;
        this.fill += rem;
        rem = 0;
      }
    }
    return done;
  }

  private closeBucket(endTick: number, endMs: number): void {
    const V = this.V;
    const buy = this.buy;
    const sell = V - buy;
    let slot: number;
    if (this.len < this.n) {
      slot = (this.head + this.len) % this.n;
      this.len++;
    } else {
      slot = this.head;
      this.head = (this.head + 1) % this.n;
    }
    this.oi[slot] = Math.abs(sell - buy);
    this.buyFrac[slot] = buy / V;
    this.durTicks[slot] = endTick - this.startTick;
    this.durMs[slot] = endMs - this.startMs;
    this.dp[slot] = this.bucketDp;

    this.lbBuy = buy;
    this.lbStartTick = this.startTick;
    this.lbEndTick = endTick;
    this.lbStartMs = this.startMs;
    this.lbEndMs = endMs;
    this.completed++;

    this.buy = 0;
    this.fill = 0;
    this.bucketDp = 0;
  }

  /**
   * Adds one trade (time & sales print). Trades are aggregated into one bar per tick; a bar is
   * classified when a trade with a later tick arrives (or on flushBar()). ΔP of a bar = its last
   * price − the previous bar's last price (the first bar: last − first price within the bar).
   * Returns the number of buckets completed by the bar this trade closed.
   */
  addTrade(price: number, volume: number, tick: number, timeMs?: number): number {
    assertFinite('StreamingVpin.addTrade: price', price);
    assertFinite('StreamingVpin.addTrade: volume', volume);
    assertFinite('StreamingVpin.addTrade: tick', tick);
    if (volume < 0) throw new QuantError('E_DOMAIN', `StreamingVpin.addTrade: volume must be ≥ 0, got ${volume}`);
    let done = 0;
    if (!Number.isNaN(this.tradeTick) && tick !== this.tradeTick) {
      if (tick < this.tradeTick)
        throw new QuantError('E_DOMAIN', `StreamingVpin.addTrade: tick went backwards (${tick} < ${this.tradeTick})`);
      done = this.flushBar();
    }
    if (Number.isNaN(this.tradeTick)) {
      this.tradeTick = tick;
      this.tradeFirst = price;
      this.tradeVolume = 0;
      this.tradeMs = timeMs ?? NaN;
    }
    this.tradeVolume += volume;
    this.tradeLast = price;
    if (timeMs !== undefined) this.tradeMs = timeMs;
    return done;
  }

  /** Closes the pending trade bar (if any) and classifies it. */
  flushBar(): number {
    if (Number.isNaN(this.tradeTick)) return 0;
    const ref = Number.isNaN(this.prevBarPrice) ? this.tradeFirst : this.prevBarPrice;
    const dP = this.tradeLast - ref;
    this.prevBarPrice = this.tradeLast;
    const tick = this.tradeTick;
    const ms = this.tradeMs;
    const vol = this.tradeVolume;
    this.tradeTick = NaN;
    return this.addBarValues(vol, dP, tick, Number.isNaN(ms) ? undefined : ms);
  }

  get bucketsCompleted(): number {
    return this.completed;
  }

  /** Current VPIN (null until `window` buckets); cheap, no allocation. */
  get vpin(): number | null {
    if (this.len < this.n) return null;
    return this.sumRing(this.oi) / (this.n * this.V);
  }

  private sumRing(a: Float64Array): number {
    let s = 0;
    for (let i = 0; i < this.len; i++) s += atF64(a, (this.head + i) % this.n);
    return s;
  }

  get state(): VpinState {
    const len = this.len;
    let lastBucket: VpinLastBucket | null = null;
    if (this.completed > 0) {
      const V = this.V;
      const buy = this.lbBuy;
      const sell = V - buy;
      const startMs = Number.isNaN(this.lbStartMs) ? null : this.lbStartMs;
      const endMs = Number.isNaN(this.lbEndMs) ? null : this.lbEndMs;
      lastBucket = {
        buyVolume: buy,
        sellVolume: sell,
        orderImbalance: Math.abs(sell - buy),
        signedImbalance: (buy - sell) / V,
        startTick: this.lbStartTick,
        endTick: this.lbEndTick,
        durationTicks: this.lbEndTick - this.lbStartTick,
        startMs,
        endMs,
        durationMs: startMs !== null && endMs !== null ? endMs - startMs : null,
      };
    }
    const meanBuy = len > 0 ? this.sumRing(this.buyFrac) / len : null;
    let dpStd: number | null = null;
    if (len >= 2) {
      const m = this.sumRing(this.dp) / len;
      let ss = 0;
      for (let i = 0; i < len; i++) {
        const d = atF64(this.dp, (this.head + i) % this.n) - m;
        ss += d * d;
      }
      dpStd = Math.sqrt(ss / (len - 1));
    }
    const msMean = len > 0 ? this.sumRing(this.durMs) / len : NaN;
    return {
      vpin: this.vpin,
      signedImbalance: meanBuy === null ? null : 2 * meanBuy - 1,
      buyFraction: meanBuy,
      bucketsCompleted: this.completed,
      sigma: Number.isFinite(this.lastSigma) ? this.lastSigma : null,
      lastBucket,
      meanBucketDurationTicks: len > 0 ? this.sumRing(this.durTicks) / len : null,
      meanBucketDurationMs: Number.isNaN(msMean) ? null : msMean,
      bucketPriceChangeStd: dpStd,
    };
  }

  reset(): void {
    this.sigmaEst.reset();
    this.head = this.len = 0;
    this.buy = this.fill = this.bucketDp = 0;
    this.startTick = this.startMs = NaN;
    this.completed = this.barSeq = 0;
    this.lastSigma = NaN;
    this.lbBuy = this.lbStartTick = this.lbEndTick = this.lbStartMs = this.lbEndMs = NaN;
    this.tradeTick = this.tradeLast = this.tradeFirst = this.tradeMs = this.prevBarPrice = NaN;
    this.tradeVolume = 0;
  }
}
