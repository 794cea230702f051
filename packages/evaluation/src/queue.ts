// Distributed sweeps on Redis + BullMQ. `submitJobs` puts a sweep's jobs in a queue of its own (BullMQ
// job id = our job id, so a job already in the queue is not added again), then collects results as
// they complete or fail for good. `startWorker` processes the jobs of every registered sweep queue in a
// SANDBOXED processor (a child process), so a CPU-heavy case cannot block the lock renewal of the
// worker; a worker that dies mid-job loses its lock and BullMQ's stalled-job check hands the job to
// another worker.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Queue, QueueEvents, Worker } from 'bullmq';
import type { RedisOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { EvaluationError, errorMessage } from './errors';
import { JobResult, JobSpec, jobId } from './job';
import { resolveJobModule } from './job-module';
import { workerName } from './run';
import { fromRecord } from './shard';
import { sweepId } from './sweep';

/** A Redis set holding the names of the sweep queues that are waiting for workers. */
export const SWEEP_REGISTRY_KEY = 'ritc:evaluation:sweeps';

/** Environment variables through which a worker tells its sandboxed children which job module to load
 * and what to call itself. */
export const JOB_MODULE_ENV = 'RITC_EVAL_JOB_MODULE';
export const WORKER_NAME_ENV = 'RITC_EVAL_WORKER_NAME';

/** What a queued job carries. */
export interface QueuedJobData {
  spec: JobSpec;
  /** Module exporting the job function; a worker's own `jobModule` takes precedence. */
  module?: string;
}

/**
 * Parses `redis://[user:password@]HOST:PORT[/DB]` or `redis+unix:///path/to/redis.sock` (also
 * `unix:///path`) into connection options for BullMQ (which needs `maxRetriesPerRequest: null`).
 */
export function parseQueueUrl(url: string): RedisOptions {
  const bad = (why: string) => new EvaluationError('E_QUEUE', `--queue ${url}: ${why}`);
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    // URL's own message says only "Invalid URL"; ours names the expected form.
    throw bad('expected redis://HOST:PORT or redis+unix:///path/to/socket');
  }
  const base: RedisOptions = { maxRetriesPerRequest: null };
  if (u.username !== '') base.username = decodeURIComponent(u.username);
  if (u.password !== '') base.password = decodeURIComponent(u.password);
  if (u.protocol === 'redis+unix:' || u.protocol === 'unix:') {
    if (u.pathname === '' || u.pathname === '/') throw bad('no socket path');
    return { ...base, path: decodeURIComponent(u.pathname) };
  }
  if (u.protocol !== 'redis:') throw bad(`unsupported scheme ${u.protocol} (use redis:// or redis+unix://)`);
  if (u.hostname === '') throw bad('no host');
  const port = u.port === '' ? 6379 : Number(u.port);
  const out: RedisOptions = { ...base, host: u.hostname.replace(/^\[(.*)\]$/, '$1'), port };
  const db = u.pathname.replace(/^\//, '');
  if (db !== '') {
    if (!/^\d+$/.test(db)) throw bad(`the database "${db}" is not a number`);
    out.db = Number(db);
  }
  return out;
}

/** The queue name of a sweep (stable: the same jobs give the same queue). */
export function queueNameFor(jobs: readonly JobSpec[]): string {
  return `ritc-sweep-${sweepId(jobs)}`;
}

export interface SubmitOptions {
  /** redis://HOST:PORT or redis+unix:///path. */
  url: string;
  jobs: readonly JobSpec[];
  /** Default: derived from the jobs (queueNameFor). */
  queueName?: string;
  /** Module exporting the job function, for workers started without `--job-module`. */
  jobModule?: string;
  /** Tries per job before it is reported failed (default 2). */
  attempts?: number;
  /** Delay before a retry (default 200 ms). */
  backoffMs?: number;
  /** How often pending jobs are looked up in case an event was missed (default 1000 ms). */
  pollMs?: number;
  /** Give up (E_QUEUE) when the sweep has not finished after this long (default: wait forever). */
  timeoutMs?: number;
  /** A job went active; `times` counts how often (2 and more: re-run after a stall or a retry). */
  onStart?: (id: string, times: number) => void;
  onResult?: (result: JobResult) => void;
}

export interface SubmitOutcome {
  queueName: string;
  results: JobResult[];
}

/** The final result of a job that is completed or failed for good; undefined while it is still going. */
async function settledResult(
  queue: Queue<QueuedJobData>,
  spec: JobSpec,
  attempts: number,
): Promise<JobResult | undefined> {
  const id = jobId(spec);
  const first = await queue.getJob(id);
  if (first === undefined) return undefined;
  const state = await first.getState();
  if (state !== 'completed' && state !== 'failed') return undefined;
  // Read the job again after its state: a job read while it was still running has no result yet,
  // though its state, read a moment later, says completed (seen on a loaded machine).
  const job = await queue.getJob(id);
  if (job === undefined) return undefined;
  if (state === 'completed') {
    try {
      const r = fromRecord(job.returnvalue, `job ${id}`);
      if (r.id !== id) throw new Error(`returned the result of job ${r.id}`);
      return r;
    } catch (e) {
      return { id, spec, ok: false, error: `malformed result: ${errorMessage(e)}`, durationMs: 0 };
    }
  }
  // Failed for good.
  const durationMs =
    job.finishedOn !== undefined && job.processedOn !== undefined ? job.finishedOn - job.processedOn : 0;
  // BullMQ can read `attemptsMade` one behind the attempts the job really had (a failure counted
  // by the worker before its redis counter), while `attemptsStarted` counts every start, a stall's
  // re-run included; the larger of the two, capped at the allowed attempts, is what the job had.
  const had = Math.min(attempts, Math.max(job.attemptsMade, job.attemptsStarted));
  const r: JobResult = {
    id,
    spec,
    ok: false,
    error: `${job.failedReason || 'failed'} (after ${had} of ${attempts} attempts)`,
    durationMs,
  };
  if (job.processedBy !== undefined) r.worker = job.processedBy;
  return r;
}

/**
 * Submits the jobs (each job id once) and resolves with every result once each job has completed or
 * failed after its bounded attempts. Jobs already in the queue from an earlier submission are not
 * run again: their stored results count.
 */
export async function submitJobs(o: SubmitOptions): Promise<SubmitOutcome> {
  const connection = parseQueueUrl(o.url);
  const queueName = o.queueName ?? queueNameFor(o.jobs);
  const attempts = Math.max(1, Math.floor(o.attempts ?? 2));
  const specs = new Map<string, JobSpec>();
  for (const s of o.jobs) specs.set(jobId(s), s);

  const queue = new Queue<QueuedJobData>(queueName, { connection });
  const events = new QueueEvents(queueName, { connection });
  const registry = new Redis(connection);
  const results = new Map<string, JobResult>();
  const started = new Map<string, number>();
  let finish: (() => void) | undefined;
  let fail: ((e: Error) => void) | undefined;
  const done = new Promise<void>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });

  const check = async (id: string): Promise<void> => {
    const spec = specs.get(id);
    if (spec === undefined || results.has(id)) return;
    const r = await settledResult(queue, spec, attempts);
    if (r === undefined || results.has(id)) return;
    results.set(id, r);
    o.onResult?.(r);
    if (results.size === specs.size) finish?.();
  };
  const checkLogged = (id: string) => {
    check(id).catch((e: unknown) => fail?.(new EvaluationError('E_QUEUE', `job ${id}: ${errorMessage(e)}`)));
  };
  events.on('active', ({ jobId: id }) => {
    if (specs.has(id) && !results.has(id)) {
      const times = (started.get(id) ?? 0) + 1;
      started.set(id, times);
      o.onStart?.(id, times);
    }
  });
  events.on('completed', ({ jobId: id }) => checkLogged(id));
  events.on('failed', ({ jobId: id }) => checkLogged(id));

  let timer: NodeJS.Timeout | undefined;
  let deadline: NodeJS.Timeout | undefined;
  try {
    await events.waitUntilReady();
    await registry.sadd(SWEEP_REGISTRY_KEY, queueName);
    const data = (spec: JobSpec): QueuedJobData =>
      o.jobModule === undefined ? { spec } : { spec, module: o.jobModule };
    const entries = [...specs.entries()];
    for (let i = 0; i < entries.length; i += 500) {
      await queue.addBulk(
        entries.slice(i, i + 500).map(([id, spec]) => ({
          name: 'case',
          data: data(spec),
          opts: {
            jobId: id,
            attempts,
            backoff: { type: 'fixed', delay: o.backoffMs ?? 200 },
            removeOnComplete: false,
            removeOnFail: false,
          },
        })),
      );
    }
    if (specs.size === 0) finish?.();
    // Events cover the normal path; the poll catches jobs that were already finished before we
    // subscribed (an earlier submission of the same sweep) and any event lost to a reconnect.
    const poll = async () => {
      const pending = [...specs.keys()].filter((id) => !results.has(id));
      for (const id of pending) await check(id);
    };
    const tick = () => {
      poll()
        .catch((e: unknown) => fail?.(new EvaluationError('E_QUEUE', `polling ${queueName}: ${errorMessage(e)}`)))
        .finally(() => {
          if (results.size < specs.size) timer = setTimeout(tick, o.pollMs ?? 1000);
        });
    };
    tick();
    if (o.timeoutMs !== undefined) {
      const ms = o.timeoutMs;
      deadline = setTimeout(
        () =>
          fail?.(
            new EvaluationError(
              'E_QUEUE',
              `${queueName}: ${specs.size - results.size} jobs still pending after ${ms} ms`,
            ),
          ),
        ms,
      );
    }
    await done;
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    if (deadline !== undefined) clearTimeout(deadline);
    await registry.srem(SWEEP_REGISTRY_KEY, queueName).catch((e: unknown) => {
      process.stderr.write(`evaluation: could not unregister ${queueName}: ${errorMessage(e)}\n`);
    });
    registry.disconnect();
    await events.close();
    await queue.close();
  }
  const ordered: JobResult[] = [];
  for (const id of specs.keys()) {
    const r = results.get(id);
    if (r !== undefined) ordered.push(r);
  }
  return { queueName, results: ordered };
}

/** The compiled sandboxed processor beside this file (dist/processor.js, also when this runs from src). */
export function defaultProcessorFile(): string {
  const here = path.join(__dirname, 'processor.js');
  if (fs.existsSync(here)) return here;
  const built = path.join(__dirname, '..', 'dist', 'processor.js');
  if (fs.existsSync(built)) return built;
  throw new EvaluationError('E_JOB_MODULE', `no compiled processor at ${here} or ${built}: run \`npm run build\``);
}

export interface WorkerOptions {
  url: string;
  /** Jobs processed at once per sweep queue, each in its own child process (default 1). */
  concurrency?: number;
  /** Module exporting the job function; overrides the module named in the job data. */
  jobModule?: string;
  /** Serve only these queues; default: every sweep queue in the registry, as they come and go. */
  queueNames?: string[];
  /** BullMQ lock duration (default 30 s): how long a dead worker holds a job before it counts as stalled. */
  lockDuration?: number;
  /** How often this worker looks for stalled jobs (default 30 s). */
  stalledInterval?: number;
  /**
   * Stalls after which a job fails instead of running again (default 2: a job whose worker died is
   * re-run, and one more stall — a busy machine missing a lock renewal — does not fail it).
   */
  maxStalledCount?: number;
  /** How often the registry is read for new sweeps (default 1000 ms). */
  discoverMs?: number;
  /** How this worker names itself on the jobs it runs (default host:pid). */
  name?: string;
  processorFile?: string;
  /** Extra environment for the sandboxed children (e.g. settings of the job function). */
  env?: Record<string, string>;
  log?: (line: string) => void;
}

export interface WorkerHandle {
  name: string;
  /** Queues served right now. */
  queues(): string[];
  /** Stops taking jobs, waits for the running ones, closes connections. */
  close(): Promise<void>;
}

/** Starts a worker that serves sweep queues until `close()`. */
export async function startWorker(o: WorkerOptions): Promise<WorkerHandle> {
  const connection = parseQueueUrl(o.url);
  const processorFile = o.processorFile ?? defaultProcessorFile();
  const name = o.name ?? workerName();
  const log = o.log ?? (() => undefined);
  // The sandboxed children get this process's environment plus what tells them their job module and
  // worker name (passed explicitly: a host such as a test runner may not expose its process.env).
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...o.env, [WORKER_NAME_ENV]: name };
  if (o.jobModule !== undefined) childEnv[JOB_MODULE_ENV] = resolveJobModule(o.jobModule);
  const workers = new Map<string, Worker>();
  const registry = new Redis(connection);
  let closed = false;

  const attach = (queueName: string) => {
    const w = new Worker<QueuedJobData>(queueName, processorFile, {
      connection,
      concurrency: Math.max(1, Math.floor(o.concurrency ?? 1)),
      lockDuration: o.lockDuration ?? 30_000,
      stalledInterval: o.stalledInterval ?? 30_000,
      maxStalledCount: o.maxStalledCount ?? 2,
      name,
      useWorkerThreads: false,
      workerForkOptions: { env: childEnv },
    });
    w.on('error', (e) => log(`worker ${queueName}: ${errorMessage(e)}`));
    w.on('failed', (job, e) => log(`job ${job?.id ?? '?'} failed: ${errorMessage(e)}`));
    workers.set(queueName, w);
    log(`serving ${queueName}`);
  };

  const discover = async () => {
    const names = o.queueNames ?? (await registry.smembers(SWEEP_REGISTRY_KEY));
    if (closed) return;
    for (const q of names) if (!workers.has(q)) attach(q);
    if (o.queueNames === undefined) {
      for (const [q, w] of workers) {
        if (!names.includes(q)) {
          workers.delete(q);
          log(`sweep ${q} is over`);
          await w.close();
        }
      }
    }
  };
  await discover();
  let timer: NodeJS.Timeout | undefined;
  const loop = () => {
    discover()
      .catch((e: unknown) => log(`reading the sweep registry: ${errorMessage(e)}`))
      .finally(() => {
        if (!closed) timer = setTimeout(loop, o.discoverMs ?? 1000);
      });
  };
  if (o.queueNames === undefined) timer = setTimeout(loop, o.discoverMs ?? 1000);

  return {
    name,
    queues: () => [...workers.keys()],
    close: async () => {
      closed = true;
      if (timer !== undefined) clearTimeout(timer);
      await Promise.all([...workers.values()].map((w) => w.close()));
      workers.clear();
      registry.disconnect();
    },
  };
}
