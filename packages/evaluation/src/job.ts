// The job model: one job is one case (a bot with parameter overrides, on one seed of one case, with
// one build of the code). Its id is a hash of exactly those fields, so the same job submitted twice,
// run by two workers after a stall, or found in two shard outputs, is counted once.
import { createHash } from 'node:crypto';

/** A parameter override value. */
export type ParamValue = number | string | boolean;

/** Flat overrides keyed by dotted path, e.g. `{ 'arb.minProfitPerUnit': 0.05, 'mm.quoteSize': 2000 }`. */
export type ParamSet = Readonly<Record<string, ParamValue>>;

export interface JobSpec {
  /** Which bot (strategy set) runs, e.g. "engine". */
  bot: string;
  /** Overrides on the bot's defaults; `{}` is the defaults set. */
  params: ParamSet;
  /** The simulator seed. */
  seed: number;
  /** The case (scenario) name. */
  case: string;
  /** Identifies the code that runs the job (e.g. a commit); results of different builds never mix. */
  build: string;
}

/** What a job function reports: named figures; `pnl` is the one sweeps rank by unless told otherwise. */
export type JobMetrics = Record<string, number | null>;

export interface JobResult {
  id: string;
  spec: JobSpec;
  ok: boolean;
  metrics?: JobMetrics;
  /** One line saying why the job failed (ok = false). */
  error?: string;
  durationMs: number;
  /** Which worker ran it (host:pid), when known. */
  worker?: string;
}

export interface JobContext {
  /** 1 on the first attempt, 2 on the first retry, … */
  attempt: number;
  /** Which worker runs it (host:pid). */
  worker: string;
}

/**
 * Runs one case. The local runner, the shard runner and the queue's sandboxed processor all call
 * a function of this type; throwing (or rejecting) fails the job.
 */
export type JobFunction = (spec: JobSpec, ctx: JobContext) => Promise<JobMetrics> | JobMetrics;

/**
 * JSON with object keys sorted at every level and no whitespace: the same value always gives the
 * same text. Rejects what JSON cannot carry faithfully (non-finite numbers, undefined, functions).
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: non-finite number ${String(value)}`);
      return JSON.stringify(value);
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`;
      const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
    }
    default:
      throw new TypeError(`canonicalJson: cannot encode a ${typeof value}`);
  }
}

/** The stable id of a job: sha256 (hex) of the canonical JSON of (bot, build, case, params, seed). */
export function jobId(spec: JobSpec): string {
  const key = { bot: spec.bot, build: spec.build, case: spec.case, params: spec.params, seed: spec.seed };
  return createHash('sha256').update(canonicalJson(key)).digest('hex');
}

/** A stable key for a parameter set (its canonical JSON); `{}` is the defaults set. */
export function paramSetKey(params: ParamSet): string {
  return canonicalJson(params);
}

/** "a=1 b=x", or "defaults" for no overrides. */
export function paramSetLabel(params: ParamSet): string {
  const keys = Object.keys(params).sort();
  if (keys.length === 0) return 'defaults';
  return keys.map((k) => `${k}=${String(params[k])}`).join(' ');
}
