/**
 * The job function of sweeps and evaluations: one case (a bot with parameter overrides, on one seed
 * of one case) run through the same runBotCase / metricsOf as `evaluate`, returning the exchange's
 * figures as flat metrics. The local runner calls it in-process; the queue's sandboxed processors
 * load it from dist/evaluation-job.js.
 *
 * A job's `case` is a case key (see ../evaluate/case-source): the case, how many ticks it runs, how
 * long a tick lasts and on which clock.
 *
 * Parameter keys: `mm.*`, `arb.*` and `tender.*` are the engine's strategy parameters (every key the
 * strategy's defaults have); `engine.strategies` (e.g. "arb,tender"), `engine.riskAversion` and
 * `engine.pollDelayMs` are the run's settings. Only the engine takes strategy parameters; the naive
 * baseline takes `engine.pollDelayMs`, the other baselines nothing.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { WarmThreads } from '@ritc/engine';
import type { JobFunction, JobMetrics, JobSpec, ParamValue } from '../job';
import {
  STRATEGY_NAMES,
  strategyByName,
  toPollDelay,
  toRange,
  toStrategies,
  type StrategyName,
  CliError,
  DIST_DIR,
  startEngine as engineFactory,
} from '@ritc/runner';
import { startNaiveBot } from '../bots/naive-start';
import { startReferenceBot } from '../bots/reference';
import type { CaseMetrics } from '../evaluate/metrics';
import { caseSource, parseCaseKey } from '../evaluate/case-source';
import { metricsOf, runBotCase, runDoNothingCase, type CaseOptions, type StartBot } from '../evaluate/runner';

/** The compiled job module workers load (dist/evaluation-job.js beside dist/main.js). */
export const JOB_MODULE = path.join(DIST_DIR, 'evaluation-job.js');

export const JOB_BOTS = ['engine', 'reference', 'naive', 'nothing'] as const;
export type JobBot = (typeof JOB_BOTS)[number];

const ENGINE_KEYS = ['engine.strategies', 'engine.riskAversion', 'engine.pollDelayMs'] as const;

/** Every parameter key a bot accepts. */
export function validParamKeys(bot: string): string[] {
  if (bot === 'naive') return ['engine.pollDelayMs'];
  if (bot !== 'engine') return [];
  const out: string[] = [...ENGINE_KEYS];
  for (const s of STRATEGY_NAMES) {
    for (const k of Object.keys(strategyByName(s).defaults).sort()) out.push(`${s}.${k}`);
  }
  return out;
}

/** What a job's parameters set on the case. */
export interface CaseSettings {
  strategies?: StrategyName[];
  riskAversion?: number;
  pollDelayMs?: number;
  params?: Partial<Record<StrategyName, Record<string, ParamValue>>>;
}

function unknownKey(bot: string, key: string): CliError {
  const valid = validParamKeys(bot);
  const list = valid.length === 0 ? 'it takes none' : `valid: ${valid.join(', ')}`;
  return new CliError('CLI_BAD_VALUE', `the ${bot} bot has no parameter ${key} (${list})`);
}

/**
 * Maps a job's dotted parameters onto the case's settings, checking every key and value the way the
 * engine will (so a bad sweep fails before it runs, with the valid keys listed).
 */
export function caseSettings(bot: string, params: Readonly<Record<string, ParamValue>>): CaseSettings {
  if (!(JOB_BOTS as readonly string[]).includes(bot)) {
    throw new CliError('CLI_BAD_VALUE', `unknown bot ${JSON.stringify(bot)} (one of ${JOB_BOTS.join(', ')})`);
  }
  const valid = new Set(validParamKeys(bot));
  const out: CaseSettings = {};
  const byStrategy: Partial<Record<StrategyName, Record<string, ParamValue>>> = {};
  for (const [key, value] of Object.entries(params)) {
    if (!valid.has(key)) throw unknownKey(bot, key);
    if (key === 'engine.strategies') out.strategies = toStrategies(key, value);
    else if (key === 'engine.riskAversion') out.riskAversion = toRange(key, value, 0, 0.5, true);
    else if (key === 'engine.pollDelayMs') out.pollDelayMs = toPollDelay(key, value);
    else {
      const dot = key.indexOf('.');
      const strategy = key.slice(0, dot) as StrategyName;
      const into = (byStrategy[strategy] ??= {});
      into[key.slice(dot + 1)] = value;
    }
  }
  for (const s of STRATEGY_NAMES) {
    const overrides = byStrategy[s];
    if (overrides === undefined) continue;
    try {
      strategyByName(s).validate(overrides);
    } catch (e) {
      throw new CliError('CLI_BAD_VALUE', `bad parameter: ${(e as Error).message}`);
    }
  }
  if (Object.keys(byStrategy).length > 0) out.params = byStrategy;
  return out;
}

// ticksOnMaxWait is a diagnostic of the virtual clock's evaluate runs, not a figure a job reports.
const METRIC_KEYS: readonly (keyof Omit<CaseMetrics, 'seed' | 'bot' | 'ticksOnMaxWait'>)[] = [
  'pnl',
  'pnlMarketMaking',
  'pnlArbitrage',
  'pnlTender',
  'pnlOther',
  'fees',
  'rebates',
  'fines',
  'limitBreachTicks',
  'limitRefusals',
  'riskEvents',
  'tendersOffered',
  'tendersAccepted',
  'orders',
  'rateLimited',
  'openOrdersAtExit',
  'wallMs',
];

/** The metrics a job reports: every figure of CaseMetrics (seed and bot are in the job's spec). */
export function jobMetricsOf(m: CaseMetrics): JobMetrics {
  const out: JobMetrics = {};
  for (const k of METRIC_KEYS) out[k] = m[k];
  return out;
}

/** CaseMetrics back from a job's metrics; throws when a figure is missing. */
export function caseMetricsOf(bot: string, seed: number, m: JobMetrics): CaseMetrics {
  const out: Partial<CaseMetrics> = { seed, bot };
  for (const k of METRIC_KEYS) {
    const v = m[k];
    if (typeof v !== 'number') throw new Error(`the result of ${bot} on seed ${seed} has no ${k}`);
    out[k] = v;
  }
  return out as CaseMetrics;
}

export interface CaseJobOptions {
  /** Where a case's report goes; default: a temporary folder removed after the case. */
  reportDir?: (spec: JobSpec) => string;
  /** The engine factory (default: the real engine). */
  startEngine?: StartBot;
  /** Relative scenario paths are taken from here (default: the process's cwd). */
  cwd?: string;
  onTick?: CaseOptions['onTick'];
  /** Threads the engine's cases share (default: this process's, see processWarmThreads); null: none. */
  warmThreads?: WarmThreads | null;
}

let warm: WarmThreads | null = null;

/**
 * The threads every engine case of this process shares: a case starts no feed thread or strategy
 * pool another has left idle (start-up and compilation are a good part of a case's CPU). Idle, they
 * never keep the process alive.
 */
export function processWarmThreads(): WarmThreads {
  warm ??= new WarmThreads();
  return warm;
}

/** Ends this process's shared threads (a later case starts new ones). */
export async function closeWarmThreads(): Promise<void> {
  const w = warm;
  warm = null;
  await w?.close();
}

const STARTERS: Record<Exclude<JobBot, 'engine' | 'nothing'>, StartBot> = {
  reference: startReferenceBot,
  naive: startNaiveBot,
};

/** Runs one job's case and returns its figures; throws when the bot or the harness failed. */
export async function runCaseJob(spec: JobSpec, o: CaseJobOptions = {}): Promise<CaseMetrics> {
  const settings = caseSettings(spec.bot, spec.params);
  const k = parseCaseKey(spec.case);
  const sim = caseSource(k.name, o.cwd);
  if (spec.bot === 'nothing') return runDoNothingCase(spec.seed, k.ticks, sim);
  const threads = o.warmThreads === undefined ? processWarmThreads() : o.warmThreads;
  const engine: StartBot = (ctx) => engineFactory(ctx, threads ? { coordinator: { warmThreads: threads } } : {});
  const start = spec.bot === 'engine' ? (o.startEngine ?? engine) : STARTERS[spec.bot as 'reference'];
  const temp = o.reportDir === undefined ? fs.mkdtempSync(path.join(os.tmpdir(), 'ritc-case-')) : null;
  const reportDir = temp ?? o.reportDir?.(spec) ?? '';
  try {
    const run = await runBotCase(start, {
      seed: spec.seed,
      tickMs: k.tickMs,
      ticks: k.ticks,
      clock: k.clock,
      ...(k.minTickMs !== null ? { minTickMs: k.minTickMs } : {}),
      reportDir,
      sim,
      ...(spec.bot === 'engine' && settings.strategies !== undefined ? { strategies: settings.strategies } : {}),
      ...(settings.pollDelayMs !== undefined ? { pollDelayMs: settings.pollDelayMs } : {}),
      ...(settings.riskAversion !== undefined ? { riskAversion: settings.riskAversion } : {}),
      ...(settings.params !== undefined ? { params: settings.params } : {}),
      ...(o.onTick !== undefined ? { onTick: o.onTick } : {}),
    });
    if (run.result.exitCode !== 0) {
      throw new Error(run.result.summary.errors.samples[0] ?? `exit code ${run.result.exitCode}`);
    }
    return metricsOf(spec.bot, spec.seed, run);
  } finally {
    if (temp !== null) fs.rmSync(temp, { recursive: true, force: true });
  }
}

/** The job function over runCaseJob. */
export function makeCaseJob(o: CaseJobOptions = {}): JobFunction {
  return async (spec) => jobMetricsOf(await runCaseJob(spec, o));
}

/**
 * The job function workers load: cases' reports go to `RITC_EVAL_REPORT_DIR/<bot>/seed-<seed>-<id>`
 * when that is set, else to a temporary folder removed after the case.
 */
export const caseJob: JobFunction = (spec, ctx) => {
  const root = process.env.RITC_EVAL_REPORT_DIR;
  const fn = makeCaseJob(
    root === undefined || root === ''
      ? {}
      : { reportDir: (s) => path.join(root, s.bot, `seed-${s.seed}-${ctx.attempt}-${process.pid}`) },
  );
  return fn(spec, ctx);
};
