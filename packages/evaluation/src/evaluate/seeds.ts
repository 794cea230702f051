import { Errors } from '@ritc/runner';

/** Largest seed the simulator accepts (its --seed range). */
export const MAX_SEED = 2 ** 31 - 1;
/** A sanity bound on how many cases one evaluate run may schedule. */
export const MAX_SEEDS = 10_000;

/**
 * Parses a seed list: `7`, `1-20`, `1,3,5-8` (ranges inclusive). Order is kept, duplicates
 * dropped. Throws a CliError naming `label` on anything else.
 */
export function parseSeeds(label: string, spec: string): number[] {
  const out: number[] = [];
  const seen = new Set<number>();
  const bad = () => Errors.badValue(label, spec, 'seeds such as 1-20 or 1,3,5-8 (integers 0…2147483647)');
  const parts = spec.split(',').map((s) => s.trim());
  if (parts.length === 0 || parts.some((p) => p === '')) throw bad();
  for (const p of parts) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(p);
    if (!m) throw bad();
    const lo = Number(m[1]);
    const hi = m[2] === undefined ? lo : Number(m[2]);
    if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi) || lo > MAX_SEED || hi > MAX_SEED || hi < lo)
      throw bad();
    if (hi - lo + 1 + out.length > MAX_SEEDS) throw Errors.badValue(label, spec, `at most ${MAX_SEEDS} seeds`);
    for (let s = lo; s <= hi; s++) {
      if (!seen.has(s)) {
        seen.add(s);
        out.push(s);
      }
    }
  }
  return out;
}
