import { at } from '../checked';

/** Nearest-rank quantile of an unsorted sample; null when empty. */
export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const idx = Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1));
  return at(s, idx);
}

/**
 * A fixed-size uniform sample of an unbounded stream (Algorithm R), so p50/p99 stay honest
 * over a long run while memory stays bounded. `random` is injectable for deterministic tests.
 */
export class Reservoir {
  readonly values: number[] = [];
  seen = 0;
  constructor(
    private readonly size: number,
    private readonly random: () => number = Math.random,
  ) {}
  add(v: number): void {
    if (!Number.isFinite(v)) return;
    this.seen++;
    if (this.values.length < this.size) this.values.push(v);
    else {
      const j = Math.floor(this.random() * this.seen);
      if (j < this.size) this.values[j] = v;
    }
  }
}
