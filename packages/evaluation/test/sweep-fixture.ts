// A small sweep shared by the run tests: 2 × 2 grid + the defaults set, on `seeds` seeds.
import { JobSpec, parseParams, parseSeeds, sweepJobs } from '../src';

export function smallSweep(seeds = '1-4', build = 'test-build'): JobSpec[] {
  return sweepJobs({
    bot: 'engine',
    case: 'ritc-2020',
    build,
    axes: parseParams(['arb.minProfitPerUnit=0.02,0.05', 'mm.quoteSize=1000:2000:1000']),
    seeds: parseSeeds(seeds),
    search: { mode: 'grid' },
  });
}

/** "params|seed" for each job: what "every (set, seed) job exactly once" is checked on. */
export function setSeedKeys(jobs: ReadonlyArray<{ params: object; seed: number }>): string[] {
  return jobs.map((j) => `${JSON.stringify(j.params)}|${j.seed}`).sort();
}
