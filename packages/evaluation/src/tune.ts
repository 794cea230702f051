// One call for a whole sweep: pick this shard's jobs, run them locally or through the queue with a
// progress line, and write tune.json / tune.md / tune.html. The CLI parses flags and calls this.
import * as os from 'node:os';
import { JobFunction, JobResult, JobSpec, jobId } from './job';
import { loadJobFunction } from './job-module';
import { ProgressStream, SweepProgress } from './progress';
import { submitJobs } from './queue';
import { WrittenReports, TuneDocument, writeTuneReports } from './report';
import { runLocal } from './run';
import { Shard, selectShard } from './shard';

export type SweepRunner =
  | { kind: 'local'; fn?: JobFunction; jobModule?: string; concurrency?: number }
  | { kind: 'queue'; url: string; jobModule?: string; attempts?: number; timeoutMs?: number; queueName?: string };

export interface RunSweepOptions {
  jobs: readonly JobSpec[];
  runner: SweepRunner;
  outDir: string;
  build: string;
  shard?: Shard;
  sweep?: TuneDocument['sweep'];
  metric?: string;
  /** Progress on stderr: drawn on a terminal; `force` prints plain lines elsewhere; false turns it off. */
  progress?: { stream?: ProgressStream; force?: boolean } | false;
  /** Extra facts for the report's machine line. */
  machine?: Record<string, string | number>;
}

export interface SweepOutcome extends WrittenReports {
  results: JobResult[];
}

/** This machine, for the report. */
export function machineFacts(): Record<string, string | number> {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return {
    host: os.hostname(),
    cpu,
    cores: os.cpus().length,
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
  };
}

export async function runSweep(o: RunSweepOptions): Promise<SweepOutcome> {
  const jobs = o.shard === undefined ? [...o.jobs] : selectShard(o.jobs, o.shard);
  const total = new Set(jobs.map(jobId)).size;
  const progress =
    o.progress === false
      ? undefined
      : new SweepProgress({
          total,
          label: 'tune',
          stream: o.progress?.stream ?? process.stderr,
          force: o.progress?.force === true,
        });
  let results: JobResult[];
  const machine: Record<string, string | number> = { ...machineFacts(), ...o.machine };
  if (o.runner.kind === 'local') {
    const r = o.runner;
    const fn = r.fn ?? (r.jobModule !== undefined ? loadJobFunction(r.jobModule) : undefined);
    if (fn === undefined) throw new TypeError('runSweep: a local runner needs fn or jobModule');
    machine.runner = `local × ${r.concurrency ?? 1}`;
    results = await runLocal(jobs, fn, {
      concurrency: r.concurrency ?? 1,
      onStart: (s) => progress?.started(jobId(s)),
      onResult: (res) => progress?.finished(res.id, res.ok),
    });
  } else {
    const r = o.runner;
    machine.runner = `queue ${r.url}`;
    const submit: Parameters<typeof submitJobs>[0] = {
      url: r.url,
      jobs,
      onStart: (id, times) => {
        if (times === 1) progress?.started(id);
      },
      onResult: (res) => progress?.finished(res.id, res.ok),
    };
    if (r.jobModule !== undefined) submit.jobModule = r.jobModule;
    if (r.attempts !== undefined) submit.attempts = r.attempts;
    if (r.timeoutMs !== undefined) submit.timeoutMs = r.timeoutMs;
    if (r.queueName !== undefined) submit.queueName = r.queueName;
    results = (await submitJobs(submit)).results;
  }
  progress?.end();
  const written = writeTuneReports(o.outDir, results, {
    build: o.build,
    shard: o.shard ?? null,
    sweep: o.sweep ?? null,
    machine,
    ...(o.metric === undefined ? {} : { metric: o.metric }),
  });
  return { ...written, results };
}
