// Checked element access. With `noUncheckedIndexedAccess` an index read is `T | undefined`; a read
// that is in range by construction (a loop bounded by the array's own length) cannot miss, but a
// wrong bound must fail loudly at the read, never flow on as an `undefined` that turns into a NaN
// price or an empty report cell.

/** `xs[i]`, or a RangeError naming the index and length when `i` is outside the array. */
export function at<T>(xs: ArrayLike<T>, i: number): T {
  const v = xs[i];
  if (v === undefined && !(i >= 0 && i < xs.length)) {
    throw new RangeError(`index ${i} is outside an array of length ${xs.length}`);
  }
  return v as T;
}
