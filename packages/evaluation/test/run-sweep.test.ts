// runSweep, the one call the CLI makes: a local run from a job module path (the same module workers
// load), with a forced progress line, writing the reports; a shard runs only its slice.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EvaluationError, jobId, loadJobFunction, runSweep, selectShard, testJob } from '../src';
import { smallSweep } from './sweep-fixture';

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ritc-eval-run-'));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

test('a local sweep from a job module writes the reports and shows progress', async () => {
  const jobs = smallSweep('1-3');
  const lines: string[] = [];
  const out = await runSweep({
    jobs,
    runner: { kind: 'local', jobModule: path.join(__dirname, '..', 'src', 'test-job.ts'), concurrency: 2 },
    outDir: tmp,
    build: 'test-build',
    progress: { stream: { write: (s: string) => lines.push(s) }, force: true },
  });
  expect(out.results).toHaveLength(15);
  expect(out.doc.jobs).toHaveLength(15);
  expect(out.doc.machine.runner).toBe('local × 2');
  expect(typeof out.doc.machine.cores).toBe('number');
  expect(lines.at(-1)).toBe('tune: 15/15 done · 0 running · 0 failed · finished\n');
  for (const f of [out.json, out.md, out.html]) expect(fs.existsSync(f)).toBe(true);
});

test('a shard runs only its slice and says so in the report', async () => {
  const jobs = smallSweep('1-3');
  const out = await runSweep({
    jobs,
    runner: { kind: 'local', fn: testJob },
    outDir: tmp,
    build: 'test-build',
    shard: { k: 2, n: 3 },
    progress: false,
  });
  expect(out.results.map((r) => r.id).sort()).toEqual(selectShard(jobs, { k: 2, n: 3 }).map(jobId).sort());
  expect(out.doc.shard).toEqual({ k: 2, n: 3 });
  expect(fs.readFileSync(out.md, 'utf8')).toContain('shard 2/3');
});

test('job modules: a named runJob, a default export, or a clear error', () => {
  const dir = tmp;
  fs.writeFileSync(path.join(dir, 'named.js'), 'exports.runJob = async () => ({ pnl: 1 });');
  fs.writeFileSync(path.join(dir, 'default.js'), 'module.exports = async () => ({ pnl: 2 });');
  fs.writeFileSync(path.join(dir, 'none.js'), 'exports.other = 1;');
  expect(typeof loadJobFunction(path.join(dir, 'named.js'))).toBe('function');
  expect(typeof loadJobFunction(path.join(dir, 'default.js'))).toBe('function');
  expect(() => loadJobFunction(path.join(dir, 'none.js'))).toThrow(EvaluationError);
  expect(() => loadJobFunction(path.join(dir, 'none.js'))).toThrow(/exports no function runJob/);
  expect(() => loadJobFunction(path.join(dir, 'missing.js'))).toThrow(
    expect.objectContaining({ code: 'E_JOB_MODULE' }),
  );
});
