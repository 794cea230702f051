import { at } from '../src';

// Independent reference for bucket contents: bucket τ owns the cumulative-volume interval
// [τV, (τ+1)V); a bar owns [C_{i−1}, C_i) and contributes f_i × (length of the overlap).
export function referenceBuckets(volumes: number[], fractions: number[], V: number): { buy: number[]; count: number } {
  const total = volumes.reduce((a, b) => a + b, 0);
  const count = Math.floor(total / V + 1e-12);
  const buy = new Array<number>(count).fill(0);
  let c = 0;
  volumes.forEach((v, i) => {
    const a = c;
    const b = c + v;
    c = b;
    for (let t = Math.floor(a / V); t < count && t * V < b; t++) {
      const lo = Math.max(a, t * V);
      const hi = Math.min(b, (t + 1) * V);
      if (hi > lo) buy[t] = at(buy, t) + at(fractions, i) * (hi - lo);
    }
  });
  return { buy, count };
}
