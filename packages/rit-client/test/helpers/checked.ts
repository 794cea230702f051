/**
 * Checked reads for tests: a missing element or key fails the test at the read, with a message
 * naming it, instead of flowing on as `undefined` into a later, vaguer assertion.
 */
export function item<T>(xs: ArrayLike<T>, i: number): T {
  const v = xs[i];
  if (v === undefined) throw new Error(`no element ${i} in an array of length ${xs.length}`);
  return v;
}

export function lastItem<T>(xs: ArrayLike<T>): T {
  return item(xs, xs.length - 1);
}

export function entry<V>(rec: Readonly<Partial<Record<string, V>>>, key: string): V {
  const v = rec[key];
  if (v === undefined) throw new Error(`no entry ${JSON.stringify(key)}`);
  return v;
}
