// The sandboxed processor BullMQ runs in a child process of a worker: it loads the job function (the
// worker's job module, else the one named in the job data), runs the job through `runJob`, returns its
// record, and throws when the job failed so that BullMQ counts the attempt.
import type { SandboxedJob } from 'bullmq';
import { EvaluationError } from './errors';
import { loadJobFunction } from './job-module';
import { JOB_MODULE_ENV, QueuedJobData, WORKER_NAME_ENV } from './queue';
import { runJob, workerName } from './run';
import { TuneJobRecord, fromRecord, toRecord } from './shard';

export default async function processCase(job: SandboxedJob<QueuedJobData>): Promise<TuneJobRecord> {
  const module = process.env[JOB_MODULE_ENV] ?? job.data.module;
  if (module === undefined || module === '') {
    throw new EvaluationError('E_JOB_MODULE', `no job module: start the worker with --job-module or submit with one`);
  }
  // Checks the spec the same way a shard output is checked: its id must be its hash.
  const spec = fromRecord({ ...job.data.spec, id: job.id, result: { ok: false } }, `queued job ${job.id}`).spec;
  const fn = loadJobFunction(module);
  const r = await runJob(fn, spec, {
    attempt: job.attemptsMade + 1,
    worker: process.env[WORKER_NAME_ENV] ?? workerName(),
  });
  if (!r.ok) throw new Error(r.error ?? 'the job failed');
  return toRecord(r);
}
