/**
 * `evaluate --shard K/N` and `evaluate --queue URL`: the evaluation's cases as jobs (one per bot and
 * seed) run through the same case job as `tune`, here or on the queue's workers; the results become
 * the same evaluate report. Each output also holds evaluate-jobs.json (every job and its result), from
 * which `merge` rebuilds the report of the whole evaluation.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SweepProgress } from '../progress';
import { TUNE_FORMAT, mergeOutputs, selectShard, toRecord, type Shard, type TuneJobRecord } from '../shard';
import { jobId, type JobResult, type JobSpec, type ParamValue } from '../job';
import { runLocal } from '../run';
import { submitJobs } from '../queue';
import { STRATEGY_NAMES, isPlainObject, CliError } from '@ritc/runner';
import { BASELINES, type EvaluateSettings } from '../evaluate/settings';
import { DEFAULT_CASE, caseKey } from '../evaluate/case-source';
import { buildReport, renderMarkdown, type BotResults, type EvaluateReport } from '../evaluate/report';
import { reportDirFor, type StartBot } from '../evaluate/runner';
import { buildId } from './build-id';
import { JOB_MODULE, caseMetricsOf, makeCaseJob } from './case-job';

export const EVALUATE_JOBS_FILE = 'evaluate-jobs.json';

/** evaluate-jobs.json. */
export interface EvaluateJobsDocument {
  format: typeof TUNE_FORMAT;
  kind: 'evaluate';
  build: string;
  shard: Shard | null;
  startedAt: string;
  settings: EvaluateReport['settings'];
  jobs: TuneJobRecord[];
}

/** The report's settings block of an evaluation. */
export function reportSettings(s: EvaluateSettings): EvaluateReport['settings'] {
  return {
    seeds: s.seeds,
    case: s.caseName,
    tickMs: s.tickMs,
    ticks: s.ticks,
    clock: s.clock,
    minTickMs: s.minTickMs,
    strategies: s.strategies,
    bots: s.bots,
    pollDelayMs: s.pollDelayMs,
    ...(s.heat ? { heat: true } : {}),
  };
}

/** Every case of an evaluation as a job: seeds outer, bots inner (the order evaluate runs them). */
export function evaluateJobs(s: EvaluateReport['settings'], build: string): JobSpec[] {
  // Reports written before the case and the clock were settings ran the default case on the wall clock.
  const kase = caseKey({
    name: s.case ?? DEFAULT_CASE,
    ticks: s.ticks,
    tickMs: s.tickMs,
    clock: s.clock ?? 'wall',
    minTickMs: s.minTickMs ?? null,
  });
  const allStrategies = STRATEGY_NAMES.every((n) => s.strategies.includes(n));
  const jobs: JobSpec[] = [];
  for (const seed of s.seeds) {
    for (const bot of s.bots) {
      const params: Record<string, ParamValue> = {};
      if (bot === 'engine' && !allStrategies) params['engine.strategies'] = s.strategies.join(',');
      if ((bot === 'engine' || bot === 'naive') && s.pollDelayMs !== null) params['engine.pollDelayMs'] = s.pollDelayMs;
      jobs.push({ bot, params, seed, case: kase, build });
    }
  }
  return jobs;
}

/** The report's per-bot results from job results (each bot in settings order, seeds in order). */
export function botResultsOf(s: EvaluateReport['settings'], results: readonly JobResult[]): BotResults[] {
  const byKey = new Map<string, JobResult>();
  for (const r of results) {
    const k = `${r.spec.bot}#${r.spec.seed}`;
    const prev = byKey.get(k);
    if (prev === undefined || (!prev.ok && r.ok)) byKey.set(k, r);
  }
  return s.bots.map((bot) => {
    const out: BotResults = { bot, cases: [], failures: [] };
    for (const seed of s.seeds) {
      const r = byKey.get(`${bot}#${seed}`);
      if (r === undefined) continue; // another shard's case
      if (r.ok && r.metrics !== undefined) out.cases.push(caseMetricsOf(bot, seed, r.metrics));
      else out.failures.push({ seed, error: r.error ?? 'failed' });
    }
    return out;
  });
}

function writeEvaluate(
  outDir: string,
  doc: EvaluateJobsDocument,
  results: readonly JobResult[],
  endedAt: Date,
): { report: EvaluateReport; files: { json: string; md: string; jobs: string } } {
  fs.mkdirSync(outDir, { recursive: true });
  const report = buildReport({
    results: botResultsOf(doc.settings, results),
    baselines: BASELINES,
    startedAt: new Date(doc.startedAt),
    endedAt,
    settings: doc.settings,
  });
  const files = {
    json: path.join(outDir, 'evaluate.json'),
    md: path.join(outDir, 'evaluate.md'),
    jobs: path.join(outDir, EVALUATE_JOBS_FILE),
  };
  fs.writeFileSync(files.json, JSON.stringify(report, null, 2) + '\n');
  fs.writeFileSync(files.md, renderMarkdown(report));
  fs.writeFileSync(files.jobs, JSON.stringify(doc, null, 2) + '\n');
  return { report, files };
}

const recordsOf = (results: readonly JobResult[]): TuneJobRecord[] =>
  results.map(toRecord).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

export interface EvaluateJobsDeps {
  startEngine?: StartBot | null;
  stderr?: { write(s: string): unknown; isTTY?: boolean };
  now?: () => Date;
  /** Relative case files are taken from here (default: the process's cwd). */
  cwd?: string;
}

/** Runs an evaluation's jobs (this shard's, or all of them through the queue) and writes its report. */
export async function evaluateThroughJobs(
  settings: EvaluateSettings & { shard: Shard | null; queue: string | null },
  deps: EvaluateJobsDeps = {},
): Promise<{ report: EvaluateReport; files: { json: string; md: string; jobs: string } }> {
  const now = deps.now ?? (() => new Date());
  const startedAt = now();
  const build = buildId();
  const rs = reportSettings(settings);
  const all = evaluateJobs(rs, build);
  const jobs = settings.shard === null ? all : selectShard(all, settings.shard);
  const progress = settings.progress
    ? new SweepProgress({
        total: new Set(jobs.map(jobId)).size,
        label: 'evaluate',
        stream: deps.stderr ?? process.stderr,
      })
    : null;
  let results: JobResult[];
  if (settings.queue === null) {
    if (deps.startEngine === null) throw new CliError('CLI_NOT_AVAILABLE', 'the trading engine is not available');
    const fn = makeCaseJob({
      reportDir: (s) => reportDirFor(settings.out, s.bot, s.seed),
      ...(deps.cwd !== undefined ? { cwd: deps.cwd } : {}),
      ...(deps.startEngine !== undefined ? { startEngine: deps.startEngine } : {}),
    });
    results = await runLocal(jobs, fn, {
      onStart: (s) => progress?.started(jobId(s)),
      onResult: (r) => progress?.finished(r.id, r.ok),
    });
  } else {
    results = (
      await submitJobs({
        url: settings.queue,
        jobs,
        jobModule: JOB_MODULE,
        onStart: (id, times) => {
          if (times === 1) progress?.started(id);
        },
        onResult: (r) => progress?.finished(r.id, r.ok),
      })
    ).results;
  }
  progress?.end();
  const doc: EvaluateJobsDocument = {
    format: TUNE_FORMAT,
    kind: 'evaluate',
    build,
    shard: settings.shard,
    startedAt: startedAt.toISOString(),
    settings: rs,
    jobs: recordsOf(results),
  };
  return writeEvaluate(settings.out, doc, results, now());
}

function readSettings(dir: string): { settings: EvaluateReport['settings']; startedAt: string } {
  const file = path.join(dir, EVALUATE_JOBS_FILE);
  let doc: unknown;
  try {
    doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new CliError('CLI_BAD_VALUE', `merge: cannot read ${file} (${(e as Error).message})`);
  }
  if (!isPlainObject(doc) || doc.kind !== 'evaluate' || !isPlainObject(doc.settings)) {
    throw new CliError('CLI_BAD_VALUE', `merge: ${file} is not an evaluate output`);
  }
  return {
    settings: doc.settings as EvaluateReport['settings'],
    startedAt: typeof doc.startedAt === 'string' ? doc.startedAt : new Date(0).toISOString(),
  };
}

/** `merge` of evaluate outputs: one evaluate report over every shard's jobs. */
export function mergeEvaluateOutputs(
  dirs: readonly string[],
  outDir: string,
  out: { write(s: string): unknown },
  now: () => Date = () => new Date(),
): number {
  const metas = dirs.map(readSettings);
  const first = metas[0];
  if (first === undefined) throw new CliError('CLI_BAD_VALUE', 'merge needs output folders');
  const same = JSON.stringify(first.settings);
  for (const [i, m] of metas.entries()) {
    if (JSON.stringify(m.settings) !== same) {
      throw new CliError('CLI_BAD_VALUE', `merge: ${dirs[i] ?? '?'} is an evaluation with other settings`);
    }
  }
  const { build, jobs } = mergeOutputs(dirs.map((d) => path.join(d, EVALUATE_JOBS_FILE)));
  const startedAt = metas.map((m) => m.startedAt).sort()[0] ?? first.startedAt;
  const doc: EvaluateJobsDocument = {
    format: TUNE_FORMAT,
    kind: 'evaluate',
    build,
    shard: null,
    startedAt,
    settings: first.settings,
    jobs: recordsOf(jobs),
  };
  const { report, files } = writeEvaluate(outDir, doc, jobs, now());
  out.write(`${renderMarkdown(report)}\nWritten: ${files.json}, ${files.md}\n`);
  const expected = new Set(evaluateJobs(first.settings, build).map(jobId));
  const missing = [...expected].filter((id) => !jobs.some((j) => j.id === id)).length;
  if (missing > 0) out.write(`note: ${missing} of ${expected.size} cases are in none of the outputs\n`);
  return jobs.every((j) => j.ok) && missing === 0 ? 0 : 1;
}
