/**
 * Fixed-capacity ring buffers: history kept by a feed worker for hours of polling must stay flat in
 * memory, so every buffer here is allocated once and overwrites its oldest entry when full.
 */
import { at } from '@ritc/quant';

/** Ring of doubles (one column). */
export class Float64Ring {
  private readonly buf: Float64Array;
  private head = 0; // next write position
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity <= 0)
      throw new RangeError(`ring capacity must be a positive integer, got ${capacity}`);
    this.buf = new Float64Array(capacity);
  }

  get length(): number {
    return this.count;
  }

  push(v: number): void {
    this.buf[this.head] = v;
    this.head = (this.head + 1) % this.capacity;
    if (this.count < this.capacity) this.count++;
  }

  /** i = 0 is the oldest retained value, length − 1 the newest. */
  at(i: number): number {
    if (i < 0 || i >= this.count) return NaN;
    return at(this.buf, (this.head - this.count + i + this.capacity) % this.capacity);
  }

  last(): number {
    return this.at(this.count - 1);
  }

  clear(): void {
    this.head = 0;
    this.count = 0;
  }

  /** The newest `n` values, oldest first (allocates; for on-demand queries, not hot paths). */
  toArray(n = this.count): number[] {
    const k = Math.min(n, this.count);
    const out = new Array<number>(k);
    for (let i = 0; i < k; i++) out[i] = this.at(this.count - k + i);
    return out;
  }
}

/** Ring of records with numeric columns, stored column-wise in typed arrays (no per-entry objects). */
export class RecordRing<K extends string> {
  private readonly cols: Record<K, Float64Array>;
  private head = 0;
  private count = 0;

  constructor(
    readonly capacity: number,
    readonly columns: readonly K[],
  ) {
    if (!Number.isInteger(capacity) || capacity <= 0)
      throw new RangeError(`ring capacity must be a positive integer, got ${capacity}`);
    this.cols = Object.fromEntries(columns.map((c) => [c, new Float64Array(capacity)])) as Record<K, Float64Array>;
  }

  get length(): number {
    return this.count;
  }

  push(rec: Readonly<Record<K, number>>): void {
    for (const c of this.columns) this.cols[c][this.head] = rec[c];
    this.head = (this.head + 1) % this.capacity;
    if (this.count < this.capacity) this.count++;
  }

  get(i: number, column: K): number {
    if (i < 0 || i >= this.count) return NaN;
    return at(this.cols[column], (this.head - this.count + i + this.capacity) % this.capacity);
  }

  clear(): void {
    this.head = 0;
    this.count = 0;
  }

  /** The newest `n` records, oldest first (allocates). */
  toArray(n = this.count): Array<Record<K, number>> {
    const k = Math.min(n, this.count);
    const out: Array<Record<K, number>> = [];
    for (let i = this.count - k; i < this.count; i++) {
      const rec = {} as Record<K, number>;
      for (const c of this.columns) rec[c] = this.get(i, c);
      out.push(rec);
    }
    return out;
  }
}
