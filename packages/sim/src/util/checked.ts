/**
 * Checked element access for the simulator's internal arrays and maps. The arrays are sized by
 * construction (one entry per security, per account, per tick), so a miss here is a bug in the
 * simulator, never a client error: it throws at once instead of letting an `undefined` turn into
 * a NaN price or a wrong position.
 */

export class SimInternalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SimInternalError';
  }
}

/** `xs[i]`, throwing when `i` is out of range. */
export function at<T>(xs: readonly T[], i: number): T {
  const v = xs[i];
  if (v === undefined) throw new SimInternalError(`index ${i} out of range (length ${xs.length})`);
  return v;
}

/** `xs[i] += d` on a number array, throwing when `i` is out of range. */
export function bump(xs: number[], i: number, d: number): void {
  const v = xs[i];
  if (v === undefined) throw new SimInternalError(`index ${i} out of range (length ${xs.length})`);
  xs[i] = v + d;
}

/** `map.get(key)`, throwing when the key is missing. */
export function must<K, V>(map: ReadonlyMap<K, V>, key: K): V {
  const v = map.get(key);
  if (v === undefined) throw new SimInternalError(`missing key ${String(key)}`);
  return v;
}
