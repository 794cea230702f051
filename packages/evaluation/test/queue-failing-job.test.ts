// A job that keeps failing is reported with its error after its bounded attempts (not retried forever),
// while the rest of the sweep completes; the report lists the failure. The worker here is started in
// this process through the API (its processor still runs in a sandboxed child process).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { WorkerHandle, jobId, startWorker, submitJobs, writeTuneReports } from '../src';
import { RedisServer, startRedis } from './fixtures/redis';
import { TEST_JOB_MODULE, assertBuilt } from './fixtures/workers';
import { smallSweep } from './sweep-fixture';

let redis: RedisServer;
let worker: WorkerHandle | undefined;

beforeAll(async () => {
  assertBuilt();
  redis = await startRedis();
  worker = await startWorker({
    url: redis.url,
    concurrency: 2,
    jobModule: TEST_JOB_MODULE,
    discoverMs: 200,
    env: { RITC_TEST_JOB_FAIL_SEEDS: '2' }, // read by the sandboxed children this worker forks
  });
});

afterAll(async () => {
  await worker?.close();
  await redis.stop();
});

test('a failing job is reported with its error after its bounded attempts', async () => {
  const jobs = smallSweep('1-3');
  const starts = new Map<string, number>();
  const { results } = await submitJobs({
    url: redis.url,
    jobs,
    attempts: 3,
    backoffMs: 50,
    pollMs: 300,
    timeoutMs: 40_000,
    onStart: (id, times) => starts.set(id, times),
  });
  expect(results.map((r) => r.id).sort()).toEqual(jobs.map(jobId).sort());
  const failed = results.filter((r) => !r.ok);
  // Seed and error together, so that a job failing for another reason shows its error.
  expect(failed.map((r) => `${r.spec.seed}: ${r.error ?? ''}`)).toEqual(
    Array(5).fill('2: test job fails on seed 2 by request (after 3 of 3 attempts)'),
  );
  for (const r of failed) {
    expect(r.metrics).toBeUndefined();
    expect(starts.get(r.id)).toBe(3);
  }
  expect(results.filter((r) => r.ok)).toHaveLength(10);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ritc-eval-fail-'));
  try {
    const out = writeTuneReports(dir, results, { build: 'test-build' });
    expect(out.doc.summary.failed).toBe(5);
    expect(out.doc.summary.failures.every((f) => f.seed === 2 && f.error.startsWith('test job fails'))).toBe(true);
    expect(fs.readFileSync(out.md, 'utf8')).toContain('## Failed jobs');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
