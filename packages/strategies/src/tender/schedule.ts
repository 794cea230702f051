import { at } from '../quant';

/**
 * Child-order schedule for unwinding a position: `numLarge` blocks, each one large order followed by
 * `numSmallPerLarge` small ones, a large order being `largeToSmallRatio` small ones (the original
 * 3 × (1 large + 10 small), ratio 5). Large orders take liquidity while it is there; the small ones
 * let the temporary impact decay before the next large one.
 *
 * Quantities are whole shares summing EXACTLY to `total` (largest-remainder rounding, ties to the
 * earlier child so the result is deterministic); no child exceeds `maxChild` (split evenly), and
 * zero-share children are dropped.
 */
export function buildUnwindSchedule(
  total: number,
  opts: { numLarge: number; numSmallPerLarge: number; largeToSmallRatio: number; maxChild?: number },
): number[] {
  if (!Number.isInteger(total) || total < 0)
    throw new RangeError(`schedule total must be a whole number ≥ 0, got ${total}`);
  if (total === 0) return [];
  const { numLarge, numSmallPerLarge, largeToSmallRatio } = opts;
  const weights: number[] = [];
  for (let b = 0; b < numLarge; b++) {
    weights.push(largeToSmallRatio);
    for (let i = 0; i < numSmallPerLarge; i++) weights.push(1);
  }
  const wsum = weights.reduce((a, b) => a + b, 0);
  const raw = weights.map((w) => (total * w) / wsum);
  const base = raw.map((x) => Math.floor(x));
  let missing = total - base.reduce((a, b) => a + b, 0);
  const order = raw.map((x, i) => ({ frac: x - Math.floor(x), i })).sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (let j = 0; missing > 0; j = (j + 1) % order.length, missing--) {
    const { i } = at(order, j);
    base[i] = at(base, i) + 1;
  }

  const maxChild = opts.maxChild && opts.maxChild > 0 ? Math.floor(opts.maxChild) : Number.POSITIVE_INFINITY;
  const out: number[] = [];
  for (const q of base) {
    if (q <= 0) continue;
    if (q <= maxChild) {
      out.push(q);
      continue;
    }
    const parts = Math.ceil(q / maxChild);
    const each = Math.floor(q / parts);
    let extra = q - each * parts;
    for (let p = 0; p < parts; p++, extra--) out.push(each + (extra > 0 ? 1 : 0));
  }
  return out;
}

/**
 * Index of the child to work next and how much of it is left, given that `done` shares of the
 * schedule are already unwound (fills need not match the children: a partial fill, or an opposite
 * tender netting part of the position, just moves the cursor). Null when the schedule is complete.
 */
export function nextChild(children: readonly number[], done: number): { index: number; quantity: number } | null {
  const d = Math.max(0, done);
  let cum = 0;
  for (const [i, child] of children.entries()) {
    cum += child;
    // First child whose end lies past `done`: everything before it is complete, so only cum − d is left.
    if (cum > d) return { index: i, quantity: cum - d };
  }
  return null;
}
