// Sharding without infrastructure: --shard 1/2 + --shard 2/2 + merge gives the same job set (and the
// same results) as one local run; merge dedups by job id and refuses to pool different builds.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  EvaluationError,
  jobId,
  mergeOutputs,
  parseShard,
  runLocal,
  selectShard,
  testJob,
  writeTuneReports,
} from '../src';
import { setSeedKeys, smallSweep } from './sweep-fixture';

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ritc-eval-shard-'));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

test('parseShard', () => {
  expect(parseShard('1/2')).toEqual({ k: 1, n: 2 });
  expect(parseShard(' 3 / 4 ')).toEqual({ k: 3, n: 4 });
  for (const bad of ['0/2', '3/2', '1/0', '1', 'a/b', '1/2/3', '-1/2']) {
    expect(() => parseShard(bad)).toThrow(EvaluationError);
    expect(() => parseShard(bad)).toThrow(/^--shard .*: expected K\/N/);
  }
});

test('every job lands in exactly one shard, and the slices are balanced', () => {
  const jobs = smallSweep('1-7');
  for (const n of [1, 2, 3, 5, 40]) {
    const slices = Array.from({ length: n }, (_, i) => selectShard(jobs, { k: i + 1, n }));
    const ids = slices.flat().map(jobId);
    expect(ids.sort()).toEqual(jobs.map(jobId).sort());
    const sizes = slices.map((s) => s.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  }
  // Deterministic: the same list in another order gives the same slice.
  const reversed = [...jobs].reverse();
  expect(selectShard(reversed, { k: 2, n: 3 }).map(jobId).sort()).toEqual(
    selectShard(jobs, { k: 2, n: 3 }).map(jobId).sort(),
  );
});

test('--shard 1/2 + --shard 2/2 + merge gives the same job set as one local run', async () => {
  const jobs = smallSweep('1-4');
  const whole = await runLocal(jobs, testJob, { concurrency: 3 });
  writeTuneReports(path.join(tmp, 'whole'), whole, { build: 'test-build' });
  for (const k of [1, 2]) {
    const shard = { k, n: 2 };
    const results = await runLocal(selectShard(jobs, shard), testJob);
    writeTuneReports(path.join(tmp, `shard-${k}`), results, { build: 'test-build', shard });
  }
  const merged = mergeOutputs([path.join(tmp, 'shard-1'), path.join(tmp, 'shard-2')]);
  expect(merged.build).toBe('test-build');
  expect(merged.jobs).toHaveLength(jobs.length);
  const strip = (rs: typeof whole) =>
    rs.map((r) => ({ id: r.id, spec: r.spec, ok: r.ok, metrics: r.metrics })).sort((a, b) => (a.id < b.id ? -1 : 1));
  expect(strip(merged.jobs)).toEqual(strip(whole));
  const doc = writeTuneReports(path.join(tmp, 'merged'), merged.jobs, { build: merged.build }).doc;
  const wholeDoc = JSON.parse(fs.readFileSync(path.join(tmp, 'whole', 'tune.json'), 'utf8'));
  expect(setSeedKeys(doc.jobs)).toEqual(setSeedKeys(wholeDoc.jobs));
  expect(doc.summary.sets.map((s) => [s.key, s.meanPnl, s.meanRank])).toEqual(
    wholeDoc.summary.sets.map((s: { key: string; meanPnl: number; meanRank: number }) => [
      s.key,
      s.meanPnl,
      s.meanRank,
    ]),
  );
});

test('merge dedups overlapping outputs by job id, a success beating a failure', async () => {
  const jobs = smallSweep('1-2');
  const good = await runLocal(jobs, testJob);
  const bad = await runLocal(jobs.slice(0, 3), () => Promise.reject(new Error('boom')));
  writeTuneReports(path.join(tmp, 'a'), bad, { build: 'test-build' });
  writeTuneReports(path.join(tmp, 'b'), good, { build: 'test-build' });
  const merged = mergeOutputs([path.join(tmp, 'a'), path.join(tmp, 'b', 'tune.json'), path.join(tmp, 'a')]);
  expect(merged.jobs).toHaveLength(jobs.length);
  expect(merged.jobs.every((r) => r.ok)).toBe(true);
});

test('merge fails clearly on a build mismatch, a missing file, or a tampered job', async () => {
  const jobs = smallSweep('1-2');
  writeTuneReports(path.join(tmp, 'a'), await runLocal(jobs, testJob), { build: 'test-build' });
  const other = jobs.map((j) => ({ ...j, build: 'other-build' }));
  writeTuneReports(path.join(tmp, 'b'), await runLocal(other, testJob), { build: 'other-build' });
  expect(() => mergeOutputs([path.join(tmp, 'a'), path.join(tmp, 'b')])).toThrow(
    expect.objectContaining({
      code: 'E_BUILD_MISMATCH',
      message: expect.stringMatching(/build other-build .* build test-build/),
    }),
  );
  expect(() => mergeOutputs([path.join(tmp, 'nope')])).toThrow(expect.objectContaining({ code: 'E_MERGE' }));
  const file = path.join(tmp, 'a', 'tune.json');
  const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  doc.jobs[0].seed = 999;
  fs.writeFileSync(file, JSON.stringify(doc));
  expect(() => mergeOutputs([file])).toThrow(
    expect.objectContaining({ code: 'E_MERGE', message: expect.stringContaining('does not match the hash') }),
  );
  fs.writeFileSync(file, '{"nojobs":1}');
  expect(() => mergeOutputs([file])).toThrow(/holds no "jobs" list/);
});
