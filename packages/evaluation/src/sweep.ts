// Sweep specifications: parameter axes (`--param key=a,b,c` or `--param key=lo:hi:step`), seed lists,
// and the search (the full grid, or a seeded random sample of it that always keeps the defaults set).
import { createHash } from 'node:crypto';
import { minstd } from '@ritc/quant';
import { EvaluationError } from './errors';
import { JobSpec, ParamSet, ParamValue, jobId, paramSetKey } from './job';

/** One swept parameter and the values it takes. */
export interface ParamAxis {
  key: string;
  values: ParamValue[];
}

export type SearchMode = 'grid' | 'random';

export interface SearchSpec {
  mode: SearchMode;
  /** Random search: how many distinct sets are drawn from the grid (the defaults set comes on top). */
  samples?: number;
  /** Random search: the RNG seed (default 1). */
  seed?: number;
}

export interface SweepSpec {
  bot: string;
  case: string;
  build: string;
  axes: ParamAxis[];
  seeds: number[];
  search: SearchSpec;
}

/** Largest seed the simulator accepts. */
export const MAX_SEED = 2 ** 31 - 1;
/** Sanity bounds: values on one axis, seeds in one sweep, jobs in one sweep. */
export const MAX_AXIS_VALUES = 10_000;
export const MAX_SEEDS = 10_000;
export const MAX_JOBS = 1_000_000;

const KEY_RE = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const NUMBER_RE = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

function paramError(spec: string, why: string): EvaluationError {
  return new EvaluationError('E_PARAM', `--param ${spec}: ${why}`);
}

/** A list item: a number when it reads as one, true/false as booleans, anything else as a string. */
function parseScalar(s: string): ParamValue {
  if (NUMBER_RE.test(s)) return Number(s);
  if (s === 'true') return true;
  if (s === 'false') return false;
  return s;
}

/** Drops float noise from lo + i·step (0.1 + 2·0.1 → 0.3), keeping 12 significant digits. */
function clean(x: number): number {
  const r = Number(x.toPrecision(12));
  return Object.is(r, -0) ? 0 : r;
}

/**
 * Parses one `--param` value: `key=v1,v2,…` (a list) or `key=lo:hi:step` (an inclusive numeric range;
 * hi is included when it lies on the grid within float noise).
 */
export function parseParam(spec: string): ParamAxis {
  const eq = spec.indexOf('=');
  if (eq <= 0) throw paramError(spec, 'expected key=v1,v2,… or key=lo:hi:step');
  const key = spec.slice(0, eq).trim();
  const body = spec.slice(eq + 1).trim();
  if (!KEY_RE.test(key)) throw paramError(spec, `"${key}" is not a dotted key such as mm.quoteSize`);
  if (body === '') throw paramError(spec, 'no values');
  if (body.includes(':')) {
    const parts = body.split(':').map((p) => p.trim());
    if (parts.length !== 3 || parts.some((p) => !NUMBER_RE.test(p))) {
      throw paramError(spec, 'a range is lo:hi:step with three numbers');
    }
    const [lo, hi, step] = parts.map(Number) as [number, number, number];
    if (!(step > 0)) throw paramError(spec, 'the step must be > 0');
    if (hi < lo) throw paramError(spec, 'hi must be ≥ lo');
    const span = (hi - lo) / step;
    // 1e-9 of a step absorbs float error, so 0.1:0.3:0.1 gives three values, not two.
    const n = Math.floor(span + 1e-9) + 1;
    if (!Number.isFinite(n) || n > MAX_AXIS_VALUES) throw paramError(spec, `at most ${MAX_AXIS_VALUES} values`);
    const values: number[] = [];
    for (let i = 0; i < n; i++) values.push(clean(lo + i * step));
    return { key, values };
  }
  const items = body.split(',').map((p) => p.trim());
  if (items.some((p) => p === '')) throw paramError(spec, 'an empty item in the list');
  if (items.length > MAX_AXIS_VALUES) throw paramError(spec, `at most ${MAX_AXIS_VALUES} values`);
  const values = items.map(parseScalar);
  const seen = new Set<string>();
  for (const v of values) {
    const k = `${typeof v}:${String(v)}`;
    if (seen.has(k)) throw paramError(spec, `the value ${String(v)} is listed twice`);
    seen.add(k);
  }
  return { key, values };
}

/** Parses all `--param` values; a key given twice is an error. */
export function parseParams(specs: readonly string[]): ParamAxis[] {
  const axes = specs.map(parseParam);
  const keys = new Set<string>();
  for (const a of axes) {
    if (keys.has(a.key)) throw new EvaluationError('E_PARAM', `--param ${a.key} is given twice`);
    keys.add(a.key);
  }
  return axes;
}

/** Parses a seed list: `7`, `1-40`, `1,3,5-8` (ranges inclusive). Order kept, duplicates dropped. */
export function parseSeeds(spec: string): number[] {
  const bad = (why: string) => new EvaluationError('E_SEEDS', `--seeds ${spec}: ${why}`);
  const parts = spec.split(',').map((s) => s.trim());
  if (parts.some((p) => p === '')) throw bad('expected seeds such as 1-40 or 1,3,5');
  const out: number[] = [];
  const seen = new Set<number>();
  for (const p of parts) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(p);
    if (m === null) throw bad(`"${p}" is not a seed or a range lo-hi`);
    const lo = Number(m[1]);
    const hi = m[2] === undefined ? lo : Number(m[2]);
    if (lo > MAX_SEED || hi > MAX_SEED) throw bad(`seeds go up to ${MAX_SEED}`);
    if (hi < lo) throw bad(`the range ${p} runs backwards`);
    if (hi - lo + 1 + out.length > MAX_SEEDS) throw bad(`at most ${MAX_SEEDS} seeds`);
    for (let s = lo; s <= hi; s++) {
      if (!seen.has(s)) {
        seen.add(s);
        out.push(s);
      }
    }
  }
  return out;
}

/** Parses `--search`, `--samples`, `--search-seed` (as strings, undefined when absent). */
export function parseSearch(mode: string | undefined, samples?: string, seed?: string): SearchSpec {
  const m = mode ?? 'grid';
  if (m !== 'grid' && m !== 'random') {
    throw new EvaluationError('E_SEARCH', `--search ${m}: expected grid or random`);
  }
  const int = (flag: string, s: string, min: number): number => {
    if (!/^\d+$/.test(s) || Number(s) < min || !Number.isSafeInteger(Number(s))) {
      throw new EvaluationError('E_SEARCH', `${flag} ${s}: expected an integer ≥ ${min}`);
    }
    return Number(s);
  };
  if (m === 'grid') {
    if (samples !== undefined) throw new EvaluationError('E_SEARCH', '--samples needs --search random');
    if (seed !== undefined) throw new EvaluationError('E_SEARCH', '--search-seed needs --search random');
    return { mode: 'grid' };
  }
  if (samples === undefined) throw new EvaluationError('E_SEARCH', '--search random needs --samples N');
  return {
    mode: 'random',
    samples: int('--samples', samples, 1),
    seed: seed === undefined ? 1 : int('--search-seed', seed, 0),
  };
}

/** Number of points in the full grid of `axes` (1 with no axes: the defaults set alone). */
export function gridSize(axes: readonly ParamAxis[]): number {
  return axes.reduce((n, a) => n * a.values.length, 1);
}

/** The grid point with mixed-radix index `index` (the last axis varies fastest). */
function gridPoint(axes: readonly ParamAxis[], index: number): ParamSet {
  const out: Record<string, ParamValue> = {};
  let rest = index;
  for (let i = axes.length - 1; i >= 0; i--) {
    const axis = axes[i];
    if (axis === undefined) throw new RangeError(`axis ${i} missing`);
    const n = axis.values.length;
    const v = axis.values[rest % n];
    if (v === undefined) throw new RangeError(`value ${rest % n} missing on ${axis.key}`);
    out[axis.key] = v;
    rest = Math.floor(rest / n);
  }
  return out;
}

/**
 * The parameter sets a sweep evaluates: the defaults set (no overrides) first, then either every grid
 * point or `samples` distinct grid points drawn with a seeded RNG (the same seed draws the same sets).
 */
export function parameterSets(axes: readonly ParamAxis[], search: SearchSpec): ParamSet[] {
  const size = gridSize(axes);
  const defaults: ParamSet = {};
  if (axes.length === 0) return [defaults];
  let indices: number[];
  if (search.mode === 'grid') {
    if (size > MAX_JOBS) throw new EvaluationError('E_SEARCH', `the grid has ${size} sets; use --search random`);
    indices = Array.from({ length: size }, (_, i) => i);
  } else {
    const samples = search.samples ?? 0;
    if (samples < 1) throw new EvaluationError('E_SEARCH', '--search random needs --samples ≥ 1');
    if (samples > size) {
      throw new EvaluationError('E_SEARCH', `--samples ${samples} exceeds the grid's ${size} sets; use --search grid`);
    }
    const rng = minstd(search.seed ?? 1);
    const draw = (n: number) => Math.min(n - 1, Math.floor(rng() * n));
    if (size <= 4 * samples || size <= 100_000) {
      // Partial Fisher–Yates over the whole grid: exact, no rejection loop.
      const all = Array.from({ length: size }, (_, i) => i);
      for (let i = 0; i < samples; i++) {
        const j = i + draw(size - i);
        const a = all[i];
        const b = all[j];
        if (a === undefined || b === undefined) throw new RangeError('shuffle index out of range');
        all[i] = b;
        all[j] = a;
      }
      indices = all.slice(0, samples);
    } else {
      // A huge, sparsely sampled grid: rejection sampling needs only the drawn indices.
      const seen = new Set<number>();
      indices = [];
      while (indices.length < samples) {
        const i = draw(size);
        if (!seen.has(i)) {
          seen.add(i);
          indices.push(i);
        }
      }
    }
  }
  return [defaults, ...indices.map((i) => gridPoint(axes, i))];
}

/** Every job of a sweep: each parameter set on each seed (sets outer, seeds inner). */
export function sweepJobs(sweep: SweepSpec): JobSpec[] {
  const sets = parameterSets(sweep.axes, sweep.search);
  if (sets.length * sweep.seeds.length > MAX_JOBS) {
    throw new EvaluationError('E_SEARCH', `${sets.length} sets × ${sweep.seeds.length} seeds exceed ${MAX_JOBS} jobs`);
  }
  if (sweep.seeds.length === 0) throw new EvaluationError('E_SEEDS', 'a sweep needs at least one seed');
  const jobs: JobSpec[] = [];
  for (const params of sets) {
    for (const seed of sweep.seeds) jobs.push({ bot: sweep.bot, params, seed, case: sweep.case, build: sweep.build });
  }
  return jobs;
}

/** A stable name for a sweep: a hash of its sorted job ids (the same jobs give the same name). */
export function sweepId(jobs: readonly JobSpec[]): string {
  const ids = jobs.map(jobId).sort();
  return createHash('sha256').update(ids.join('\n')).digest('hex').slice(0, 16);
}

/** Distinct parameter sets among `jobs`, in first-seen order. */
export function distinctSets(jobs: readonly JobSpec[]): ParamSet[] {
  const seen = new Map<string, ParamSet>();
  for (const j of jobs) {
    const k = paramSetKey(j.params);
    if (!seen.has(k)) seen.set(k, j.params);
  }
  return [...seen.values()];
}
