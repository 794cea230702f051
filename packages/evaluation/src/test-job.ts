// A job function for tests and dry runs of the machinery: its metrics are a deterministic function of
// the spec (so any two runs of a job agree, wherever they ran), it can sleep to stand in for a real
// case, and it can fail or crash on chosen seeds. Knobs come from the environment so that the worker
// processes a test starts (and their sandboxed children) see them:
//   RITC_TEST_JOB_SLEEP_MS   sleep this long per job (default 0)
//   RITC_TEST_JOB_FAIL_SEEDS comma list of seeds on which the job throws
//   RITC_TEST_JOB_CRASH_SEEDS comma list of seeds on which the process running the job exits at once
import { createHash } from 'node:crypto';
import { JobMetrics, JobSpec, canonicalJson } from './job';

/** A number in [0, 1) from the hash of `key`. */
function unit(key: string): number {
  return createHash('sha256').update(key).digest().readUInt32BE(0) / 2 ** 32;
}

function seedList(name: string): Set<number> {
  const raw = process.env[name] ?? '';
  return new Set(
    raw
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '')
      .map(Number),
  );
}

/** The metrics the test job reports for `spec` (without sleeping or failing). */
export function testJobMetrics(spec: JobSpec): JobMetrics {
  let pnl = 1000;
  for (const [k, v] of Object.entries(spec.params)) pnl += 200 * unit(`${k}=${String(v)}`) - 100;
  pnl += 300 * unit(`${spec.case}#${spec.seed}`) - 150; // the seed's market, shared by every set
  pnl += 40 * unit(canonicalJson(spec)) - 20; // a little set × seed noise
  return { pnl: Math.round(pnl * 100) / 100, trades: Math.floor(10 + 90 * unit(`trades:${spec.seed}`)) };
}

export async function testJob(spec: JobSpec): Promise<JobMetrics> {
  const sleepMs = Number(process.env.RITC_TEST_JOB_SLEEP_MS ?? '0');
  if (sleepMs > 0) await new Promise((r) => setTimeout(r, sleepMs));
  if (seedList('RITC_TEST_JOB_CRASH_SEEDS').has(spec.seed)) process.exit(86);
  if (seedList('RITC_TEST_JOB_FAIL_SEEDS').has(spec.seed)) {
    throw new Error(`test job fails on seed ${spec.seed} by request`);
  }
  return testJobMetrics(spec);
}

export default testJob;
