// A worker killed (SIGKILL, with its sandboxed children) in the middle of a job: its lock expires,
// the other worker's stalled-job check puts the job back, and the sweep still completes with every
// job exactly once.
import { jobId, queueNameFor, submitJobs, testJobMetrics } from '../src';
import { RedisServer, startRedis } from './fixtures/redis';
import { WorkerProcess, startWorkerProcess } from './fixtures/workers';
import { smallSweep } from './sweep-fixture';

let redis: RedisServer;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  redis = await startRedis();
});

afterAll(async () => {
  for (const w of workers) w.kill();
  await redis.stop();
});

test('killing a worker mid-job still completes the sweep with every job once', async () => {
  const jobs = smallSweep('1-2'); // 5 sets × 2 seeds
  // Short locks so the dead worker's job is reclaimed in seconds; the live worker renews its own lock
  // every lockDuration / 2 from a main process that only waits on its sandboxed child.
  // Both serve the queue from the start, so the first two jobs to go active are one on each worker.
  const args = ['--concurrency', '1', '--lock-ms', '5000', '--stalled-ms', '1000', '--queue-name', queueNameFor(jobs)];
  const env = { RITC_TEST_JOB_SLEEP_MS: '1200' };
  const [victim, survivor] = await Promise.all([0, 1].map(() => startWorkerProcess(redis.url, args, env)));
  if (victim === undefined || survivor === undefined) throw new Error('workers did not start');
  workers.push(victim, survivor);

  const runs = new Map<string, number>();
  let killedAt: number | undefined;
  const sweep = submitJobs({
    url: redis.url,
    jobs,
    pollMs: 500,
    timeoutMs: 55_000,
    onStart: (id, times) => {
      runs.set(id, times);
      // Both workers hold a job once two have gone active; the victim is then mid-job (1.2 s each).
      if (killedAt === undefined && runs.size >= 2) {
        killedAt = Date.now();
        setTimeout(() => victim.kill(), 300);
      }
    },
  });
  const { results } = await sweep;
  expect(killedAt).toBeDefined();
  expect(victim.child.signalCode ?? 'SIGKILL').toBe('SIGKILL');
  expect(results.map((r) => r.id).sort()).toEqual(jobs.map(jobId).sort());
  for (const r of results) {
    expect(r.ok).toBe(true);
    expect(r.metrics).toEqual(testJobMetrics(r.spec));
  }
  // The job the victim held went active twice and was finished by the survivor.
  const rerun = [...runs].filter(([, times]) => times >= 2).map(([id]) => id);
  expect(rerun.length).toBeGreaterThanOrEqual(1);
  const survivorPid = String(survivor.child.pid);
  for (const id of rerun)
    expect(
      results
        .find((r) => r.id === id)
        ?.worker?.split(':')
        .pop(),
    ).toBe(survivorPid);
});
