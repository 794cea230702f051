// Checked element access. With `noUncheckedIndexedAccess` an index read is `T | undefined`; a loop
// bounded by the array's own length cannot miss, but a wrong bound elsewhere must fail loudly at the
// read, never flow on as an `undefined` that turns into a NaN price or a wrong position.
import { QuantError } from './errors';

/** `xs[i]`, or E_SHAPE naming the index and length when `i` is outside the array. */
export function at<T>(xs: ArrayLike<T>, i: number): T {
  const v = xs[i];
  if (v === undefined && !(i >= 0 && i < xs.length)) {
    throw new QuantError('E_SHAPE', `index ${i} is outside an array of length ${xs.length}`);
  }
  return v as T;
}

/** The first element, or E_SHAPE on an empty array. */
export function first<T>(xs: ArrayLike<T>): T {
  return at(xs, 0);
}

/** The last element, or E_SHAPE on an empty array. */
export function last<T>(xs: ArrayLike<T>): T {
  return at(xs, xs.length - 1);
}

/**
 * `at` for a Float64Array, for the numerical kernels' innermost loops. V8 keeps one element-load
 * feedback per function, and `at` sees every kind of array in the engine; this accessor only ever
 * sees Float64Array, so its read stays as fast as a bare index. (Not re-exported by the package.)
 */
export function atF64(xs: Float64Array, i: number): number {
  const v = xs[i];
  if (v === undefined) throw new QuantError('E_SHAPE', `index ${i} is outside an array of length ${xs.length}`);
  return v;
}
