/**
 * `main tune`, `main worker` and `main merge`, their flags parsed by the CLI: they call the sweep,
 * the queue worker and the merge of shard outputs, with the case job of ./case-job as the job function.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EvaluationError } from '../errors';
import { mergeOutputs, type Shard } from '../shard';
import { sweepJobs, type ParamAxis, type SearchSpec } from '../sweep';
import { runSweep, type SweepRunner } from '../tune';
import { startWorker, type WorkerOptions } from '../queue';
import { writeTuneReports, type TuneDocument } from '../report';
import { CliError, isCliError, type SimClock } from '@ritc/runner';
import { caseKey } from '../evaluate/case-source';
import { JOB_MODULE, makeCaseJob } from './case-job';
import { EVALUATE_JOBS_FILE, mergeEvaluateOutputs } from './evaluate-jobs';

export const TUNE_DEFAULTS = {
  seeds: '1-20',
  bot: 'engine',
  ticks: 300,
  tickMs: 200,
  /** Same statistics as 200 ms wall-clock ticks, several times faster (see EVALUATE_DEFAULTS). */
  clock: 'virtual',
  concurrency: 1,
  attempts: 2,
} as const;

export interface CommandIo {
  stdout?: { write(s: string): unknown };
  stderr?: { write(s: string): unknown; isTTY?: boolean };
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  now?: () => Date;
}

/** User mistakes surface as one line: EvaluationError and CliError alike. */
function userError(e: unknown): string | null {
  if (isCliError(e) || e instanceof EvaluationError) return e.message;
  return null;
}

async function guarded(io: CommandIo, body: () => Promise<number> | number): Promise<number> {
  try {
    return await body();
  } catch (e) {
    const msg = userError(e);
    if (msg === null) throw e;
    (io.stderr ?? process.stderr).write(`error: ${msg}\n`);
    return 2;
  }
}

export interface TuneSettings {
  axes: ParamAxis[];
  seeds: number[];
  /** The case (see ../evaluate/case-source). */
  caseName: string;
  bot: string;
  ticks: number;
  tickMs: number;
  /** wall: a tick every tickMs; virtual: a tick ends once the bot is done with it (tickMs at most). */
  clock: SimClock;
  /** Virtual clock: the shortest tick, ms; null = the simulator's default. */
  minTickMs: number | null;
  search: SearchSpec;
  shard: Shard | null;
  queue: string | null;
  concurrency: number;
  attempts: number;
  build: string;
  out: string;
  progress: boolean;
}

/** The case key of a sweep's settings. */
export function tuneCaseKey(s: Pick<TuneSettings, 'caseName' | 'ticks' | 'tickMs' | 'clock' | 'minTickMs'>): string {
  return caseKey({ name: s.caseName, ticks: s.ticks, tickMs: s.tickMs, clock: s.clock, minTickMs: s.minTickMs });
}

/** `main tune` once the CLI has parsed its flags → 0 = every job ran, 1 = some failed, 2 = usage. */
export function tuneCommand(s: TuneSettings, io: CommandIo = {}): Promise<number> {
  return guarded(io, async () => {
    const out = io.stdout ?? process.stdout;
    const kase = tuneCaseKey(s);
    const jobs = sweepJobs({
      bot: s.bot,
      case: kase,
      build: s.build,
      axes: s.axes,
      seeds: s.seeds,
      search: s.search,
    });
    const runner: SweepRunner =
      s.queue === null
        ? { kind: 'local', fn: makeCaseJob(io.cwd === undefined ? {} : { cwd: io.cwd }), concurrency: s.concurrency }
        : { kind: 'queue', url: s.queue, jobModule: JOB_MODULE, attempts: s.attempts };
    const stderr = io.stderr ?? process.stderr;
    const outcome = await runSweep({
      jobs,
      runner,
      outDir: s.out,
      build: s.build,
      ...(s.shard === null ? {} : { shard: s.shard }),
      sweep: { axes: s.axes, seeds: s.seeds, search: s.search },
      progress: s.progress ? { stream: stderr } : false,
      machine: { case: kase, bot: s.bot },
    });
    out.write(`${fs.readFileSync(outcome.md, 'utf8')}\nWritten: ${outcome.json}, ${outcome.md}, ${outcome.html}\n`);
    return outcome.results.every((r) => r.ok) ? 0 : 1;
  });
}

/** `main worker` once the CLI has parsed its flags: serves the queue until SIGINT/SIGTERM. */
export function workerCommand(
  opts: WorkerOptions,
  io: CommandIo & { signals?: Pick<NodeJS.Process, 'once'> } = {},
): Promise<number> {
  return guarded(io, async () => {
    const out = io.stdout ?? process.stdout;
    const err = io.stderr ?? process.stderr;
    const log = (line: string) => err.write(`worker: ${line}\n`);
    const w = await startWorker({ jobModule: JOB_MODULE, ...opts, log });
    out.write(`worker ready ${w.name}\n`);
    const signals = io.signals ?? process;
    await new Promise<void>((resolve) => {
      signals.once('SIGINT', () => resolve());
      signals.once('SIGTERM', () => resolve());
    });
    log('stopping after the running jobs');
    await w.close();
    return 0;
  });
}

/** What `merge` combines: shard output folders, and where the merged report goes. */
export interface MergeSettings {
  dirs: string[];
  outDir: string;
}

/** `main merge` once the CLI has parsed its flags. */
export function mergeCommand(s: MergeSettings, io: CommandIo = {}): Promise<number> {
  return guarded(io, () => {
    const out = io.stdout ?? process.stdout;
    const { dirs, outDir } = s;
    const evaluate = dirs.filter((d) => fs.existsSync(path.join(d, EVALUATE_JOBS_FILE)));
    if (evaluate.length > 0) {
      if (evaluate.length !== dirs.length) {
        throw new CliError('CLI_BAD_VALUE', 'merge: cannot mix evaluate outputs with tune outputs');
      }
      return mergeEvaluateOutputs(dirs, outDir, out);
    }
    const { build, jobs } = mergeOutputs(dirs);
    const first = readSweep(dirs[0]);
    const written = writeTuneReports(outDir, jobs, { build, shard: null, sweep: first });
    out.write(`${fs.readFileSync(written.md, 'utf8')}\nWritten: ${written.json}, ${written.md}, ${written.html}\n`);
    return jobs.every((j) => j.ok) ? 0 : 1;
  });
}

/** The sweep a tune output describes (its axes give the sensitivity tables their value order). */
function readSweep(dir: string | undefined): TuneDocument['sweep'] {
  if (dir === undefined) return null;
  try {
    const doc = JSON.parse(fs.readFileSync(path.join(dir, 'tune.json'), 'utf8')) as Partial<TuneDocument>;
    return doc.sweep ?? null;
  } catch {
    // mergeOutputs has read this file already; a sweep that cannot be read only loses the value order.
    return null;
  }
}
