/**
 * Single-writer seqlock over shared memory (a SharedArrayBuffer that every thread reads; see the README's
 * "Slot layout").
 *
 * The writer makes the sequence odd, writes the payload with plain (non-atomic) stores, then makes it
 * even again. A reader copies the payload between two sequence loads and keeps the copy only if both
 * loads are equal and even; otherwise the writer was active and the copy may be torn, so it retries.
 * Atomics.load/add are sequentially consistent, which orders the plain Float64 accesses around them.
 *
 * The sequence is an Int32 that wraps after 2^31 publishes; parity survives the wrap, and versions are
 * read as `seq >>> 1` (unsigned), which is how `version` counts publishes.
 */
import { at } from '@ritc/quant';

/** Upper bound of read attempts before giving up (a writer that died mid-write leaves seq odd). */
export const MAX_READ_ATTEMPTS = 1_000_000;

export function beginWrite(seq: Int32Array, index: number): void {
  Atomics.add(seq, index, 1);
}

export function endWrite(seq: Int32Array, index: number): void {
  Atomics.add(seq, index, 1);
}

/**
 * A new writer taking over a slot whose previous writer crashed between begin and end leaves it odd,
 * and readers would retry forever; making it even again publishes whatever is there, which the new
 * writer overwrites on its first publish.
 */
export function repair(seq: Int32Array, index: number): void {
  if ((Atomics.load(seq, index) & 1) !== 0) Atomics.add(seq, index, 1);
}

/**
 * Copies `len` doubles from `src[start..]` into `out[outStart..]` consistently.
 * Returns the even sequence value the copy belongs to, or -1 if no consistent copy was obtained
 * within MAX_READ_ATTEMPTS (writer dead mid-write). Allocation-free.
 */
export function readConsistent(
  seq: Int32Array,
  seqIndex: number,
  src: Float64Array,
  start: number,
  len: number,
  out: Float64Array,
  outStart = 0,
): number {
  for (let attempt = 0; attempt < MAX_READ_ATTEMPTS; attempt++) {
    const s1 = Atomics.load(seq, seqIndex);
    if ((s1 & 1) !== 0) continue;
    for (let i = 0; i < len; i++) out[outStart + i] = at(src, start + i);
    const s2 = Atomics.load(seq, seqIndex);
    if (s1 === s2) return s1 >>> 0;
  }
  return -1;
}
