/**
 * `main evaluate`: one simulated case per seed for the engine and for the baselines, the exchange's
 * figures per seed, mean / sd / t over seeds, and paired comparisons; printed, and written to
 * evaluate.json and evaluate.md in --out.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Errors, startEngine as engineFactory } from '@ritc/runner';
import { BASELINES, type BotName, type EvaluateSettings } from './settings';
import { caseSource } from './case-source';
import { startNaiveBot } from '../bots/naive-start';
import { startReferenceBot } from '../bots/reference';
import type { CaseMetrics } from './metrics';
import { ProgressBar, type ProgressStream } from './progress';
import { buildReport, renderMarkdown, type BotResults, type EvaluateReport } from './report';
import { metricsOf, reportDirFor, runBotCase, runDoNothingCase, type StartBot } from './runner';
import { fmtNum } from './table';
import { evaluateThroughJobs, reportSettings } from '../tune/evaluate-jobs';

export interface EvaluateDeps {
  /** The engine factory (default: @ritc/engine's startEngine, looked up at run time). */
  startEngine?: StartBot | null;
  stdout?: { write(s: string): unknown };
  stderr?: ProgressStream;
  cwd?: string;
  now?: () => Date;
}

export interface EvaluateOutcome {
  exitCode: number;
  report: EvaluateReport | null;
  files: { json: string; md: string } | null;
}

/** Runs every case of `settings`; resolves with the report (also written to settings.out). */
export async function evaluate(
  settings: EvaluateSettings,
  deps: EvaluateDeps & { startEngine: StartBot | null },
): Promise<{ report: EvaluateReport; files: { json: string; md: string } }> {
  const now = deps.now ?? (() => new Date());
  const startedAt = now();
  const stderr = deps.stderr ?? process.stderr;
  fs.mkdirSync(settings.out, { recursive: true });
  const bots: BotName[] = settings.bots;
  const results: BotResults[] = bots.map((bot) => ({ bot, cases: [], failures: [] }));
  const realTimeCases = settings.seeds.length * bots.filter((b) => b !== 'nothing').length;
  const progress = settings.progress ? new ProgressBar({ stream: stderr, total: Math.max(1, realTimeCases) }) : null;
  const sim = caseSource(settings.caseName, deps.cwd);

  for (const seed of settings.seeds) {
    for (const [i, bot] of bots.entries()) {
      const into = results[i]!;
      try {
        let m: CaseMetrics;
        if (bot === 'nothing') {
          m = await runDoNothingCase(seed, settings.ticks, sim);
        } else {
          const start: StartBot | null =
            bot === 'engine' ? deps.startEngine : bot === 'reference' ? startReferenceBot : startNaiveBot;
          if (!start) throw Errors.notAvailable('the trading engine (@ritc/engine startEngine)');
          progress?.start(`seed ${seed} · ${bot}`);
          const run = await runBotCase(start, {
            seed,
            tickMs: settings.tickMs,
            ticks: settings.ticks,
            clock: settings.clock,
            ...(settings.minTickMs !== null ? { minTickMs: settings.minTickMs } : {}),
            sim,
            reportDir: reportDirFor(settings.out, bot, seed),
            strategies: bot === 'engine' ? settings.strategies : undefined,
            pollDelayMs: settings.pollDelayMs ?? undefined,
            onTick: (tick, ticks) => progress?.update(tick / ticks),
          });
          m = metricsOf(bot, seed, run);
          if (run.result.exitCode !== 0) {
            const err = run.result.summary.errors.samples[0] ?? `exit code ${run.result.exitCode}`;
            progress?.finish(`failed (${err})`);
            into.failures.push({ seed, error: err });
            continue;
          }
          progress?.finish(
            `P&L ${fmtNum(m.pnl)} CAD, ${m.orders} orders, ${m.tendersAccepted}/${m.tendersOffered} tenders`,
          );
        }
        into.cases.push(m);
      } catch (e) {
        const msg = e instanceof Error ? e.message : String(e);
        if (bot !== 'nothing') progress?.finish(`failed (${msg})`);
        into.failures.push({ seed, error: msg });
      }
    }
  }
  progress?.stop();
  const report = buildReport({
    results,
    baselines: BASELINES,
    startedAt,
    endedAt: now(),
    settings: reportSettings(settings),
  });
  const files = { json: path.join(settings.out, 'evaluate.json'), md: path.join(settings.out, 'evaluate.md') };
  fs.writeFileSync(files.json, JSON.stringify(report, null, 2) + '\n');
  fs.writeFileSync(files.md, renderMarkdown(report));
  return { report, files };
}

/** The real engine (the same factory `node dist/main.js` trades with). */
export function lookupEngine(): StartBot {
  return (ctx) => engineFactory(ctx);
}

/**
 * `main evaluate` once the CLI has parsed its flags: every case here, or through jobs (a shard of
 * them, or a queue's workers); prints the report. Exit code 0 = every case ran, 1 = some failed.
 */
export async function evaluateCommand(settings: EvaluateSettings, deps: EvaluateDeps = {}): Promise<number> {
  const out = deps.stdout ?? process.stdout;
  const startEngine = deps.startEngine === undefined ? lookupEngine() : deps.startEngine;
  const { report, files } =
    settings.shard !== null || settings.queue !== null
      ? await evaluateThroughJobs(settings, { ...deps, startEngine })
      : await evaluate(settings, { ...deps, startEngine });
  out.write(`${renderMarkdown(report)}\nWritten: ${files.json}, ${files.md}\n`);
  const failed = Object.values(report.bots).some((b) => b.failures.length > 0);
  return failed ? 1 : 0;
}
