/**
 * Latency samples in µs, kept in a ring (the last `capacity` samples) for percentiles. Cheap to
 * record (one array store), percentiles sort a copy on demand.
 */
export class LatencyRecorder {
  private readonly buf: Float64Array;
  private n = 0;
  private total = 0;

  constructor(capacity = 8192) {
    this.buf = new Float64Array(capacity);
  }

  record(us: number): void {
    if (!Number.isFinite(us) || us < 0) return;
    this.buf[this.n % this.buf.length] = us;
    this.n++;
    this.total++;
  }

  get count(): number {
    return this.total;
  }

  /** The last `n` samples recorded, oldest first (at most the ring's capacity). */
  lastSamples(n: number): number[] {
    const k = Math.min(n, this.n, this.buf.length);
    const out: number[] = [];
    for (let i = k; i >= 1; i--) out.push(this.buf[(this.n - i) % this.buf.length]!);
    return out;
  }

  percentile(p: number): number | null {
    const sorted = this.sorted();
    const len = sorted.length;
    if (len === 0) return null;
    const idx = Math.min(len - 1, Math.max(0, Math.ceil((p / 100) * len) - 1));
    return sorted[idx]!;
  }

  summary(): { count: number; p50: number | null; p99: number | null; max: number | null } {
    return { count: this.total, p50: this.percentile(50), p99: this.percentile(99), max: this.percentile(100) };
  }

  /** The ring's samples in order, sorted once per new sample (views ask for several percentiles at a time). */
  private sortedCache: { at: number; values: Float64Array } | null = null;
  private sorted(): Float64Array {
    if (this.sortedCache?.at !== this.n) {
      // A typed array sorts numerically without a comparator callback.
      this.sortedCache = { at: this.n, values: this.buf.slice(0, Math.min(this.n, this.buf.length)).sort() };
    }
    return this.sortedCache.values;
  }
}
