// A sweep through the queue with two worker PROCESSES: every (set, seed) job is reported exactly once,
// with the metrics the job function gives for its spec, and both workers took part.
import { jobId, queueNameFor, submitJobs, testJobMetrics, tuneDocument } from '../src';
import { RedisServer, startRedis } from './fixtures/redis';
import { WorkerProcess, startWorkerProcess } from './fixtures/workers';
import { setSeedKeys, smallSweep } from './sweep-fixture';

let redis: RedisServer;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  redis = await startRedis();
  const env = { RITC_TEST_JOB_SLEEP_MS: '150' };
  // Both serve the sweep's queue from the start (no wait for the registry poll), so both take part.
  const args = ['--concurrency', '2', '--queue-name', queueNameFor(smallSweep('1-6'))];
  workers.push(...(await Promise.all([0, 1].map(() => startWorkerProcess(redis.url, args, env)))));
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await redis.stop();
});

test('two worker processes complete every (set, seed) job exactly once', async () => {
  const jobs = smallSweep('1-6');
  expect(jobs).toHaveLength(5 * 6);
  const started: string[] = [];
  const { results, queueName } = await submitJobs({
    url: redis.url,
    jobs,
    pollMs: 500,
    timeoutMs: 50_000,
    onStart: (id) => started.push(id),
  });
  expect(queueName).toMatch(/^ritc-sweep-[0-9a-f]{16}$/);
  expect(results).toHaveLength(jobs.length);
  expect(new Set(results.map((r) => r.id)).size).toBe(jobs.length);
  expect(results.map((r) => r.id).sort()).toEqual(jobs.map(jobId).sort());
  for (const r of results) {
    expect(r.ok).toBe(true);
    expect(r.metrics).toEqual(testJobMetrics(r.spec));
  }
  const doc = tuneDocument(results, { build: 'test-build' });
  expect(setSeedKeys(doc.jobs)).toEqual(setSeedKeys(jobs));
  expect(doc.summary.sets).toHaveLength(5);
  expect(doc.summary.sets.every((s) => s.n === 6 && s.failed === 0)).toBe(true);
  // Both processes ran jobs (each worker names itself host:pid).
  const pids = new Set(results.map((r) => r.worker?.split(':').pop()));
  expect(pids).toEqual(new Set(workers.map((w) => String(w.child.pid))));
  expect(new Set(started).size).toBeGreaterThan(0);

  // Submitting the same sweep again runs nothing new: the stored results come back, once each.
  const again = await submitJobs({ url: redis.url, jobs, pollMs: 200, timeoutMs: 20_000 });
  expect(again.queueName).toBe(queueName);
  expect(again.results.map((r) => r.id).sort()).toEqual(results.map((r) => r.id).sort());
  expect(again.results.map((r) => r.durationMs).sort()).toEqual(results.map((r) => r.durationMs).sort());
});
