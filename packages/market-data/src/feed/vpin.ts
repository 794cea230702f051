/**
 * The streaming VPIN used by the feed. The contract is @ritc/quant's `StreamingVpin`
 * (quant-reference §1.2); `resolveVpinFactory` prefers that implementation and falls back to
 * `LocalStreamingVpin` below, a faithful small BVC implementation of the same contract, while
 * @ritc/quant is not built yet.
 */

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

/** Expanding mean/variance (Welford); sample std (n − 1). */
export class Welford {
  n = 0;
  mean = 0;
  private m2 = 0;
  add(x: number): void {
    this.n++;
    const d = x - this.mean;
    this.mean += d / this.n;
    this.m2 += d * (x - this.mean);
  }
  get std(): number { return this.n > 1 ? Math.sqrt(this.m2 / (this.n - 1)) : NaN; }
  reset(): void { this.n = 0; this.mean = 0; this.m2 = 0; }
}

/** Standard normal CDF, double precision (Hart 1968 / West 2005 "Better approximations"). */
export function normCdf(x: number): number {
  const a = Math.abs(x);
  let c: number;
  if (a > 37) c = 0;
  else {
    const e = Math.exp(-a * a / 2);
    if (a < 7.07106781186547) {
      let b = 3.52624965998911e-2 * a + 0.700383064443688;
      b = b * a + 6.37396220353165; b = b * a + 33.912866078383; b = b * a + 112.079291497871;
      b = b * a + 221.213596169931; b = b * a + 220.206867912376;
      c = e * b;
      b = 8.83883476483184e-2 * a + 1.75566716318264;
      b = b * a + 16.064177579207; b = b * a + 86.7807322029461; b = b * a + 296.564248779674;
      b = b * a + 637.333633378831; b = b * a + 793.826512519948; b = b * a + 440.413735824752;
      c /= b;
    } else {
      let b = a + 0.65;
      b = a + 4 / b; b = a + 3 / b; b = a + 2 / b; b = a + 1 / b;
      c = e / b / 2.506628274631;
    }
  }
  return x > 0 ? 1 - c : c;
}

/**
 * Bulk volume classification into equal-volume buckets (EHO 2012): a bar's volume is classified as
 * V·Φ(ΔP/σ) buys; bars straddling a bucket boundary are split pro rata; VPIN = Σ|V_B − V_S| / (n·V)
 * over the last n buckets. σ is taken before the bar is added (frozen for that bar), so completed
 * buckets never change retroactively.
 */
export class LocalStreamingVpin implements StreamingVpinLike {
  private readonly V: number;
  private readonly n: number;
  private readonly fixedSigma: number | undefined;
  private readonly sigmaStats = new Welford();
  private readonly bucketDp = new Welford();
  private readonly durTicks = new Welford();
  private readonly durMs = new Welford();
  // window of completed buckets: buy volume per bucket
  private readonly buys: Float64Array;
  private completed = 0;
  private curFilled = 0;
  private curBuy = 0;
  private curDp = 0;
  private curStartTick = NaN;
  private curStartMs = NaN;
  private last: { buy: number; priceChange: number; durationTicks: number; durationMs: number } | null = null;

  constructor(p: VpinParams) {
    if (!(p.bucketVolume > 0) || !Number.isInteger(p.window) || p.window < 1) {
      throw new RangeError(`VPIN needs bucketVolume > 0 and an integer window ≥ 1, got ${p.bucketVolume}, ${p.window}`);
    }
    this.V = p.bucketVolume;
    this.n = p.window;
    this.fixedSigma = p.sigma !== undefined && p.sigma > 0 ? p.sigma : undefined;
    this.buys = new Float64Array(this.n);
  }

  private sigmaNow(): number {
    return this.fixedSigma ?? this.sigmaStats.std;
  }

  addBar(bar: VpinBar): number {
    const sigma = this.sigmaNow();
    const z = sigma > 0 ? bar.priceChange / sigma : 0; // no σ yet: split evenly
    const buyFrac = normCdf(Number.isFinite(z) ? z : 0);
    if (this.fixedSigma === undefined) this.sigmaStats.add(bar.priceChange);
    let v = bar.volume;
    while (v > 0) {
      if (this.curFilled === 0) { this.curStartTick = bar.tick ?? NaN; this.curStartMs = bar.timeMs ?? NaN; }
      const take = Math.min(v, this.V - this.curFilled);
      this.curFilled += take;
      this.curBuy += take * buyFrac;
      this.curDp += bar.volume > 0 ? (bar.priceChange * take) / bar.volume : 0;
      v -= take;
      if (this.curFilled >= this.V - 1e-9) this.completeBucket(bar);
    }
    return this.state.vpin ?? NaN;
  }

  private completeBucket(bar: VpinBar): void {
    this.buys[this.completed % this.n] = this.curBuy;
    this.completed++;
    const durationTicks = (bar.tick ?? NaN) - this.curStartTick;
    const durationMs = (bar.timeMs ?? NaN) - this.curStartMs;
    if (Number.isFinite(durationTicks)) this.durTicks.add(durationTicks);
    if (Number.isFinite(durationMs)) this.durMs.add(durationMs);
    this.bucketDp.add(this.curDp);
    this.last = { buy: this.curBuy, priceChange: this.curDp, durationTicks, durationMs };
    this.curFilled = 0; this.curBuy = 0; this.curDp = 0;
  }

  get state(): VpinStateLike {
    const full = this.completed >= this.n;
    let oi = 0; let signed = 0; let buy = 0;
    if (full) {
      for (let i = 0; i < this.n; i++) {
        const b = this.buys[i];
        oi += Math.abs(2 * b - this.V);
        signed += 2 * b - this.V;
        buy += b;
      }
    }
    const nv = this.n * this.V;
    const sigma = this.sigmaNow();
    return {
      vpin: full ? oi / nv : null,
      signedImbalance: full ? signed / nv : null,
      buyFraction: full ? buy / nv : null,
      bucketsCompleted: this.completed,
      sigma: Number.isFinite(sigma) ? sigma : null,
      lastBucket: this.last,
      meanBucketDurationTicks: this.durTicks.n > 0 ? this.durTicks.mean : null,
      meanBucketDurationMs: this.durMs.n > 0 ? this.durMs.mean : null,
      bucketPriceChangeStd: Number.isFinite(this.bucketDp.std) ? this.bucketDp.std : null,
    };
  }
}

/** @ritc/quant's StreamingVpin when it is built and exports one, else the local implementation. */
export function resolveVpinFactory(): VpinFactory {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const quant = require('@ritc/quant') as Record<string, unknown>;
    const Ctor = quant.StreamingVpin as (new (p: VpinParams) => StreamingVpinLike) | undefined;
    if (typeof Ctor === 'function') return (p) => new Ctor(p);
  } catch { /* not built yet */ }
  return (p) => new LocalStreamingVpin(p);
}

/** null for null/NaN/±Infinity, else the number. */
export function finiteOrNull(v: number | null | undefined): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}
