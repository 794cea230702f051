import * as fs from 'fs';
import * as path from 'path';
import { minstd, normalQuantile } from '../src';

/** |actual − expected| ≤ rel·|expected| (or ≤ rel when expected is 0). */
export function expectRel(actual: number, expected: number, rel = 1e-9): void {
  const tol = expected === 0 ? rel : rel * Math.abs(expected);
  if (!(Math.abs(actual - expected) <= tol)) {
    throw new Error(
      `expected ${actual} to be within ${rel} (relative) of ${expected}; |diff| = ${Math.abs(actual - expected)}`,
    );
  }
}

/** |actual − expected| ≤ abs. */
export function expectAbs(actual: number, expected: number, abs: number): void {
  if (!(Math.abs(actual - expected) <= abs)) throw new Error(`expected ${actual} to be within ${abs} of ${expected}`);
}

export function sunspots(): number[] {
  const text = fs.readFileSync(path.join(__dirname, 'fixtures', 'sunspots.csv'), 'utf8');
  return text
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((l) => Number(l.split(',')[1]));
}

/** Deterministic N(0,1) sample by inverse transform of MINSTD uniforms. */
export function normalSample(n: number, seed: number): number[] {
  const u = minstd(seed);
  return Array.from({ length: n }, () => normalQuantile(u()));
}
