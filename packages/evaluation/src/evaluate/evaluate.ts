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
import { ProgressBar, type ProgressStream } from './progress';
import { buildReport, renderMarkdown, type BotResults, type EvaluateReport } from './report';
import { metricsOf, reportDirFor, runBotCase, runDoNothingCase, type CaseRun, type StartBot } from './runner';
import { runHeatCase } from './heat';
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
  const tradingBots = bots.filter((b) => b !== 'nothing').length;
  const realTimeCases = settings.seeds.length * (settings.heat ? Math.min(1, tradingBots) : tradingBots);
  const progress = settings.progress ? new ProgressBar({ stream: stderr, total: Math.max(1, realTimeCases) }) : null;
  const sim = caseSource(settings.caseName, deps.cwd);

  const caseOptions = (seed: number) => ({
    seed,
    tickMs: settings.tickMs,
    ticks: settings.ticks,
    clock: settings.clock,
    ...(settings.minTickMs !== null ? { minTickMs: settings.minTickMs } : {}),
    sim,
    pollDelayMs: settings.pollDelayMs ?? undefined,
    onTick: (tick: number, ticks: number) => progress?.update(tick / ticks),
  });
  const record = (bot: BotName, seed: number, run: CaseRun): void => {
    const into = results[bots.indexOf(bot)]!;
    const m = metricsOf(bot, seed, run);
    if (run.result.exitCode !== 0) {
      const err = run.result.summary.errors.samples[0] ?? `exit code ${run.result.exitCode}`;
      into.failures.push({ seed, error: err });
      return;
    }
    into.cases.push(m);
  };
  const failed = (bot: BotName, seed: number, e: unknown): void => {
    results[bots.indexOf(bot)]!.failures.push({ seed, error: e instanceof Error ? e.message : String(e) });
  };
  const heats: NonNullable<EvaluateReport['heats']> = [];

  for (const seed of settings.seeds) {
    if (settings.heat) {
      // One market per seed: every trading bot at once; doing nothing is worth nothing in any market.
      const traders = bots.filter((b) => b !== 'nothing');
      if (traders.length > 0) {
        progress?.start(`seed ${seed} · heat of ${traders.join(', ')}`);
        try {
          const heatBots = traders.map((bot) => ({
            name: bot,
            start: botStarter(bot, deps.startEngine),
            reportDir: reportDirFor(settings.out, bot, seed),
            ...(bot === 'engine' ? { strategies: settings.strategies } : {}),
          }));
          const heat = await runHeatCase(heatBots, caseOptions(seed));
          for (const bot of traders) record(bot, seed, heat.runs.get(bot)!);
          heats.push({ seed, ranking: heat.ranking });
          progress?.finish(heat.ranking.map((r) => `${r.rank}. ${r.trader_id} ${fmtNum(r.nlv)}`).join(' · '));
        } catch (e) {
          progress?.finish(`failed (${e instanceof Error ? e.message : String(e)})`);
          for (const bot of traders) failed(bot, seed, e);
        }
      }
      if (bots.includes('nothing')) {
        try {
          results[bots.indexOf('nothing')]!.cases.push(await runDoNothingCase(seed, settings.ticks, sim));
        } catch (e) {
          failed('nothing', seed, e);
        }
      }
      continue;
    }
    for (const bot of bots) {
      try {
        if (bot === 'nothing') {
          results[bots.indexOf(bot)]!.cases.push(await runDoNothingCase(seed, settings.ticks, sim));
          continue;
        }
        progress?.start(`seed ${seed} · ${bot}`);
        const run = await runBotCase(botStarter(bot, deps.startEngine), {
          ...caseOptions(seed),
          reportDir: reportDirFor(settings.out, bot, seed),
          strategies: bot === 'engine' ? settings.strategies : undefined,
        });
        record(bot, seed, run);
        const m = metricsOf(bot, seed, run);
        progress?.finish(
          run.result.exitCode !== 0
            ? `failed (${run.result.summary.errors.samples[0] ?? `exit code ${run.result.exitCode}`})`
            : `P&L ${fmtNum(m.pnl)} CAD, ${m.orders} orders, ${m.tendersAccepted}/${m.tendersOffered} tenders`,
        );
      } catch (e) {
        if (bot !== 'nothing') progress?.finish(`failed (${e instanceof Error ? e.message : String(e)})`);
        failed(bot, seed, e);
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
    ...(settings.heat ? { heats } : {}),
  });
  const files = { json: path.join(settings.out, 'evaluate.json'), md: path.join(settings.out, 'evaluate.md') };
  fs.writeFileSync(files.json, JSON.stringify(report, null, 2) + '\n');
  fs.writeFileSync(files.md, renderMarkdown(report));
  return { report, files };
}

/** The start function of a bot that trades (not 'nothing'). */
function botStarter(bot: BotName, engine: StartBot | null): StartBot {
  if (bot === 'nothing') throw new Error("'nothing' does not trade");
  if (bot === 'reference') return startReferenceBot;
  if (bot === 'naive') return startNaiveBot;
  if (!engine) throw Errors.notAvailable('the trading engine (@ritc/engine startEngine)');
  return engine;
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
