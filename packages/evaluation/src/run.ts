// Running jobs in this process: one job (timed, its error caught into the result) and a list of
// jobs with bounded concurrency. The queue's sandboxed processor calls the same `runJob`.
import * as os from 'node:os';
import { errorMessage } from './errors';
import { JobFunction, JobMetrics, JobResult, JobSpec, jobId } from './job';

/** host:pid of this process. */
export function workerName(): string {
  return `${os.hostname()}:${process.pid}`;
}

/** Throws unless `m` is a record of finite numbers or nulls (what reports can aggregate). */
export function checkMetrics(m: unknown): JobMetrics {
  if (m === null || typeof m !== 'object' || Array.isArray(m)) {
    throw new TypeError(`the job function returned ${m === null ? 'null' : typeof m}, not a record of metrics`);
  }
  const out: JobMetrics = {};
  for (const [k, v] of Object.entries(m as Record<string, unknown>)) {
    if (v === null || (typeof v === 'number' && Number.isFinite(v))) out[k] = v;
    else
      throw new TypeError(
        `metric ${k} is ${typeof v === 'number' ? String(v) : typeof v}, not a finite number or null`,
      );
  }
  return out;
}

/** Runs one job through `fn`; a throw becomes `ok: false` with the error's message. */
export async function runJob(
  fn: JobFunction,
  spec: JobSpec,
  ctx: { attempt?: number; worker?: string } = {},
): Promise<JobResult> {
  const worker = ctx.worker ?? workerName();
  const t0 = performance.now();
  const id = jobId(spec);
  try {
    const metrics = checkMetrics(await fn(spec, { attempt: ctx.attempt ?? 1, worker }));
    return { id, spec, ok: true, metrics, durationMs: performance.now() - t0, worker };
  } catch (e) {
    return { id, spec, ok: false, error: errorMessage(e), durationMs: performance.now() - t0, worker };
  }
}

export interface LocalRunOptions {
  /** Jobs in flight at once (default 1). */
  concurrency?: number;
  /** Called when a job starts and when it ends. */
  onStart?: (spec: JobSpec) => void;
  onResult?: (result: JobResult) => void;
}

/**
 * Runs every job (the same job id twice runs once) and returns the results in the order of `jobs`'
 * first occurrences. A failing job is reported, never thrown.
 */
export async function runLocal(
  jobs: readonly JobSpec[],
  fn: JobFunction,
  opts: LocalRunOptions = {},
): Promise<JobResult[]> {
  const unique = new Map<string, JobSpec>();
  for (const j of jobs) {
    const id = jobId(j);
    if (!unique.has(id)) unique.set(id, j);
  }
  const queue = [...unique.values()];
  const results = new Map<string, JobResult>();
  const concurrency = Math.max(1, Math.floor(opts.concurrency ?? 1));
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < queue.length) {
      const spec = queue[next++];
      if (spec === undefined) return;
      opts.onStart?.(spec);
      const r = await runJob(fn, spec);
      results.set(r.id, r);
      opts.onResult?.(r);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, lane));
  const out: JobResult[] = [];
  for (const id of unique.keys()) {
    const r = results.get(id);
    if (r === undefined) throw new Error(`job ${id} produced no result`);
    out.push(r);
  }
  return out;
}
