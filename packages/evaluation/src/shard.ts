// Sharding without infrastructure: `--shard K/N` runs the K-th of N slices of a sweep's jobs, and
// `merge DIR…` combines the shard outputs (each a tune.json holding `jobs`) into one job list.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EvaluationError, errorMessage } from './errors';
import { JobMetrics, JobResult, JobSpec, ParamValue, jobId } from './job';

export interface Shard {
  /** 1-based index of this shard. */
  k: number;
  /** How many shards there are. */
  n: number;
}

/** Parses `K/N` (1 ≤ K ≤ N). */
export function parseShard(spec: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(spec);
  const k = Number(m?.[1]);
  const n = Number(m?.[2]);
  if (m === null || !Number.isSafeInteger(k) || !Number.isSafeInteger(n) || n < 1 || k < 1 || k > n) {
    throw new EvaluationError('E_SHARD', `--shard ${spec}: expected K/N with 1 ≤ K ≤ N, e.g. 1/4`);
  }
  return { k, n };
}

/**
 * The K-th of N slices: the distinct jobs sorted by job id, dealt round-robin, so every job lands in
 * exactly one shard, the shards differ in size by at most one, and every machine that builds the same
 * job list picks the same slice.
 */
export function selectShard(jobs: readonly JobSpec[], shard: Shard): JobSpec[] {
  const byId = new Map<string, JobSpec>();
  for (const j of jobs) byId.set(jobId(j), j);
  const ids = [...byId.keys()].sort();
  const out: JobSpec[] = [];
  ids.forEach((id, i) => {
    const spec = byId.get(id);
    if (spec !== undefined && i % shard.n === shard.k - 1) out.push(spec);
  });
  return out;
}

/** The file format of tune.json (a whole sweep or one shard of it). */
export const TUNE_FORMAT = 'ritc-tune/1';

/** One job in tune.json: what ran (parameters, seed, case, bot, build) and how it went. */
export interface TuneJobRecord {
  id: string;
  bot: string;
  params: Record<string, ParamValue>;
  seed: number;
  case: string;
  build: string;
  result: { ok: boolean; metrics?: JobMetrics; error?: string; durationMs: number; worker?: string };
}

export function toRecord(r: JobResult): TuneJobRecord {
  const result: TuneJobRecord['result'] = { ok: r.ok, durationMs: r.durationMs };
  if (r.metrics !== undefined) result.metrics = r.metrics;
  if (r.error !== undefined) result.error = r.error;
  if (r.worker !== undefined) result.worker = r.worker;
  const { bot, params, seed, build } = r.spec;
  return { id: r.id, bot, params: { ...params }, seed, case: r.spec.case, build, result };
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Reads one job record back, checking its fields and that its id is the hash of its spec. */
export function fromRecord(x: unknown, where: string): JobResult {
  const bad = (why: string) => new EvaluationError('E_MERGE', `${where}: ${why}`);
  if (!isRecord(x)) throw bad('a job is not an object');
  const { id, bot, params, seed, build, result } = x;
  const kase = x.case;
  if (typeof id !== 'string' || typeof bot !== 'string' || typeof kase !== 'string' || typeof build !== 'string') {
    throw bad('a job lacks id, bot, case or build');
  }
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) throw bad(`job ${id} has no integer seed`);
  if (!isRecord(params)) throw bad(`job ${id} has no params object`);
  const ps: Record<string, ParamValue> = {};
  for (const [k, v] of Object.entries(params)) {
    if (typeof v !== 'number' && typeof v !== 'string' && typeof v !== 'boolean') throw bad(`job ${id}: param ${k}`);
    ps[k] = v;
  }
  if (!isRecord(result) || typeof result.ok !== 'boolean') throw bad(`job ${id} has no result`);
  const spec: JobSpec = { bot, params: ps, seed, case: kase, build };
  if (jobId(spec) !== id) throw bad(`job ${id} does not match the hash of its parameters, seed, case, build and bot`);
  const out: JobResult = {
    id,
    spec,
    ok: result.ok,
    durationMs: typeof result.durationMs === 'number' ? result.durationMs : 0,
  };
  if (isRecord(result.metrics)) {
    const m: JobMetrics = {};
    for (const [k, v] of Object.entries(result.metrics)) {
      if (v !== null && typeof v !== 'number') throw bad(`job ${id}: metric ${k} is not a number`);
      m[k] = v;
    }
    out.metrics = m;
  }
  if (typeof result.error === 'string') out.error = result.error;
  if (typeof result.worker === 'string') out.worker = result.worker;
  return out;
}

/** A directory holds its output as tune.json; a path to a .json file is read as is. */
export function outputFile(p: string): string {
  return fs.existsSync(p) && fs.statSync(p).isDirectory() ? path.join(p, 'tune.json') : p;
}

/** Reads the jobs of one output (a tune.json, or a directory holding one). */
export function readJobs(p: string): { file: string; build: string | undefined; jobs: JobResult[] } {
  const file = outputFile(p);
  let doc: unknown;
  try {
    doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new EvaluationError('E_MERGE', `cannot read ${file}: ${errorMessage(e)}`);
  }
  if (!isRecord(doc) || !Array.isArray(doc.jobs)) throw new EvaluationError('E_MERGE', `${file} holds no "jobs" list`);
  const jobs = doc.jobs.map((j, i) => fromRecord(j, `${file} jobs[${i}]`));
  return { file, build: typeof doc.build === 'string' ? doc.build : undefined, jobs };
}

/** When a job was run twice (two shards, a retry), which result stands: a success beats a failure. */
function better(a: JobResult, b: JobResult): JobResult {
  return !a.ok && b.ok ? b : a;
}

/**
 * Combines outputs into one job list, each job id once. Throws E_BUILD_MISMATCH when they come from
 * different builds (results of different code must not be pooled) and E_MERGE on unreadable input.
 */
export function mergeOutputs(paths: readonly string[]): { build: string; jobs: JobResult[] } {
  if (paths.length === 0) throw new EvaluationError('E_MERGE', 'merge needs at least one output directory');
  let build: { value: string; file: string } | undefined;
  const byId = new Map<string, JobResult>();
  for (const p of paths) {
    const out = readJobs(p);
    const builds = new Set(out.jobs.map((j) => j.spec.build));
    if (out.build !== undefined) builds.add(out.build);
    for (const b of builds) {
      if (build === undefined) build = { value: b, file: out.file };
      else if (b !== build.value) {
        throw new EvaluationError(
          'E_BUILD_MISMATCH',
          `cannot merge results of build ${b} (${out.file}) with build ${build.value} (${build.file})`,
        );
      }
    }
    for (const j of out.jobs) {
      const prev = byId.get(j.id);
      byId.set(j.id, prev === undefined ? j : better(prev, j));
    }
  }
  if (build === undefined) throw new EvaluationError('E_MERGE', `no jobs in ${paths.join(', ')}`);
  return { build: build.value, jobs: [...byId.values()] };
}
