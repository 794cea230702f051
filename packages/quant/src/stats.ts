// Small statistics helpers shared by the package and its users (feed workers use Welford /
// RollingStd for the volatility of mid changes). Everything is allocation-free per update.

import { at, atF64 } from './checked';
import { QuantError, assertFinite } from './errors';

/** Arithmetic mean; NaN for an empty input. */
export function mean(xs: ArrayLike<number>): number {
  const n = xs.length;
  if (n === 0) return NaN;
  let s = 0;
  for (let i = 0; i < n; i++) s += at(xs, i);
  return s / n;
}

/**
 * Standard deviation with `ddof` (1 = sample, as R `sd` / pandas; 0 = population), two-pass
 * for accuracy. NaN when n − ddof ≤ 0.
 */
export function std(xs: ArrayLike<number>, ddof = 1): number {
  const n = xs.length;
  if (n - ddof <= 0) return NaN;
  const m = mean(xs);
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = at(xs, i) - m;
    ss += d * d;
  }
  return Math.sqrt(ss / (n - ddof));
}

/** Welford's online mean / variance (numerically stable, O(1) memory). */
export class Welford {
  private n = 0;
  private m = 0;
  private m2 = 0;

  push(x: number): void {
    this.n++;
    const d = x - this.m;
    this.m += d / this.n;
    this.m2 += d * (x - this.m);
  }

  get count(): number {
    return this.n;
  }
  /** NaN before the first value. */
  get mean(): number {
    return this.n > 0 ? this.m : NaN;
  }
  /** Sample variance (n − 1); NaN with fewer than 2 values. */
  get variance(): number {
    return this.n > 1 ? Math.max(0, this.m2 / (this.n - 1)) : NaN;
  }
  /** Sample standard deviation (n − 1); NaN with fewer than 2 values. */
  get std(): number {
    return Math.sqrt(this.variance);
  }
  /** Population variance (n); NaN before the first value. */
  get populationVariance(): number {
    return this.n > 0 ? Math.max(0, this.m2 / this.n) : NaN;
  }
  reset(): void {
    this.n = 0;
    this.m = 0;
    this.m2 = 0;
  }
}

/** Fixed-capacity ring buffer of doubles; once full, push overwrites the oldest value. */
export class RingBuffer {
  private readonly buf: Float64Array;
  private head = 0; // index of the oldest element
  private len = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new QuantError('E_DOMAIN', `RingBuffer capacity must be a positive integer, got ${capacity}`);
    this.buf = new Float64Array(capacity);
  }

  get length(): number {
    return this.len;
  }
  get full(): boolean {
    return this.len === this.capacity;
  }

  /** Appends x; returns the value evicted (NaN if nothing was evicted). */
  push(x: number): number {
    if (this.len < this.capacity) {
      this.buf[(this.head + this.len) % this.capacity] = x;
      this.len++;
      return NaN;
    }
    const old = atF64(this.buf, this.head);
    this.buf[this.head] = x;
    this.head = (this.head + 1) % this.capacity;
    return old;
  }

  /** i = 0 is the oldest retained value, length − 1 the newest. */
  get(i: number): number {
    if (i < 0 || i >= this.len) throw new QuantError('E_DOMAIN', `RingBuffer index ${i} out of range [0, ${this.len})`);
    return atF64(this.buf, (this.head + i) % this.capacity);
  }

  /** Newest value (NaN when empty). */
  last(): number {
    return this.len === 0 ? NaN : atF64(this.buf, (this.head + this.len - 1) % this.capacity);
  }

  /** Sum of retained values, oldest first (a fixed order, so results are reproducible). */
  sum(): number {
    let s = 0;
    for (let i = 0; i < this.len; i++) s += atF64(this.buf, (this.head + i) % this.capacity);
    return s;
  }

  mean(): number {
    return this.len === 0 ? NaN : this.sum() / this.len;
  }

  /** Sample (ddof = 1) or population (ddof = 0) std of the retained values, two-pass. */
  std(ddof = 1): number {
    if (this.len - ddof <= 0) return NaN;
    const m = this.mean();
    let ss = 0;
    for (let i = 0; i < this.len; i++) {
      const d = atF64(this.buf, (this.head + i) % this.capacity) - m;
      ss += d * d;
    }
    return Math.sqrt(ss / (this.len - ddof));
  }

  toArray(): number[] {
    const out = new Array<number>(this.len);
    for (let i = 0; i < this.len; i++) out[i] = atF64(this.buf, (this.head + i) % this.capacity);
    return out;
  }

  clear(): void {
    this.head = 0;
    this.len = 0;
  }
}

/**
 * Rolling mean / sample std over the last `window` values. Push is O(1); reads are a two-pass
 * O(window) scan of the ring, which is exact where running sums (s2 − s1²/n) would cancel
 * catastrophically once a large value leaves the window.
 */
export class RollingStd {
  private readonly ring: RingBuffer;

  constructor(readonly window: number) {
    if (!Number.isInteger(window) || window < 2)
      throw new QuantError('E_DOMAIN', `RollingStd window must be an integer ≥ 2, got ${window}`);
    this.ring = new RingBuffer(window);
  }

  push(x: number): void {
    if (!(x > -Infinity && x < Infinity)) assertFinite('RollingStd.push(x)', x);
    this.ring.push(x);
  }

  get count(): number {
    return this.ring.length;
  }
  get mean(): number {
    return this.ring.mean();
  }
  /** Sample std (n − 1) over the retained values; NaN with fewer than 2. */
  get std(): number {
    return this.ring.std(1);
  }
  reset(): void {
    this.ring.clear();
  }
}

/**
 * MINSTD (Park–Miller) generator, exact in doubles: s ← 16807·s mod (2³¹ − 1), returns
 * s / (2³¹ − 1) ∈ (0, 1), for deterministic test and benchmark data (Park and Miller 1988; the tests
 * check the sequence from seed 1).
 */
export function minstd(seed: number): () => number {
  const M = 2147483647;
  let s = Math.floor(seed) % M;
  if (s <= 0) s += M - 1;
  return () => {
    s = (16807 * s) % M;
    return s / M;
  };
}
