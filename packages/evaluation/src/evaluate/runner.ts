/**
 * Runs one bot on one seeded case through the same orchestration as `main` (runTrading: report,
 * events.jsonl, logs, clean shutdown), on a simulator we keep a handle to, so the exchange's own
 * account can be read after the bot has shut down and before the simulator closes.
 */
import { EventEmitter } from 'node:events';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import type { EngineEvent } from '@ritc/engine';
import {
  DEFAULTS,
  resolveConfig,
  type ConfigInput,
  type RunConfig,
  type SimClock,
  type StrategyName,
  runTrading,
  type RunDeps,
  type RunResult,
  type EngineLike,
} from '@ritc/runner';
import { caseMetrics, bySourceFromSummary, type CaseMetrics } from './metrics';
import { startCaseSim, type CaseSim, type CaseSimOptions, type CaseSnapshot } from './sim-case';

export type StartBot = RunDeps['startEngine'];

export interface CaseOptions {
  seed: number;
  tickMs: number;
  ticks: number;
  /** wall (default): a tick every tickMs; virtual: a tick ends once the bot is done with it (tickMs at most). */
  clock?: SimClock;
  /** Virtual clock: the shortest tick, ms (default: the simulator's). */
  minTickMs?: number;
  /** Where this case's report goes (summary.json, events.jsonl, report.html, run.log). */
  reportDir: string;
  strategies?: StrategyName[];
  pollDelayMs?: number;
  /** Strategy parameter overrides by strategy (the engine validates them). */
  params?: ConfigInput['params'];
  riskAversion?: number;
  /** Extra simulator settings (the case, a scenario, faults). */
  sim?: Pick<CaseSimOptions, 'case' | 'scenario' | 'faults'>;
  /** Called every ~100 ms with the case's tick while it runs. */
  onTick?: (tick: number, ticks: number) => void;
  /** Called once the simulator is running (fault scripts hook in here). */
  onStarted?: (sim: CaseSim) => void;
  /** Stop the bot (as on SIGTERM) once the case reaches this tick; the case keeps running. */
  stopAtTick?: number;
  /** Ticks the simulated case runs beyond `ticks` (so a bot stopped at `ticks` shuts down before the close-out). */
  simExtraTicks?: number;
  /** Console log stream of the run (default: discarded; the log file keeps everything). */
  logStream?: NodeJS.WritableStream;
  logLevel?: RunConfig['logLevel'];
}

export interface CaseRun {
  result: RunResult;
  /** The exchange's state when the simulator closed. */
  snapshot: CaseSnapshot;
  /** Every EngineEvent the bot emitted (for the fault checks). */
  events: EngineEvent[];
  wallMs: number;
}

const discard = (): Writable => new Writable({ write: (_c, _e, cb) => cb() });

export function caseConfig(o: CaseOptions): RunConfig {
  return resolveConfig({
    command: 'default',
    flags: {
      seed: o.seed,
      tickMs: o.tickMs,
      ticks: o.ticks,
      ...(o.clock !== undefined ? { clock: o.clock } : {}),
      ...(o.minTickMs !== undefined ? { minTickMs: o.minTickMs } : {}),
      reportDir: o.reportDir,
      dashboard: false,
      logLevel: o.logLevel ?? 'info',
      ...(o.strategies ? { strategies: o.strategies } : {}),
      ...(o.pollDelayMs !== undefined ? { pollDelay: o.pollDelayMs } : {}),
      ...(o.params !== undefined ? { params: o.params } : {}),
      ...(o.riskAversion !== undefined ? { riskAversion: o.riskAversion } : {}),
    },
    env: {},
  });
}

/** `startBot` with every event it emits also pushed to `events` (for the checks after the run). */
export function recordingStarter(startBot: StartBot, events: EngineEvent[]): StartBot {
  return async (ctx) => {
    const engine: EngineLike = await startBot(ctx);
    // Our own listener first, so the checks see every event even if the recorder throws.
    return {
      start: () => engine.start(),
      on: (l) =>
        engine.on((e) => {
          events.push(e);
          l(e);
        }),
      getState: () => engine.getState(),
      waitForEnd: () => engine.waitForEnd(),
      shutdown: () => engine.shutdown(),
    };
  };
}

/** Runs `startBot` on a fresh simulator for one seed; never throws for a bot failure (see result.exitCode). */
export async function runBotCase(startBot: StartBot, o: CaseOptions): Promise<CaseRun> {
  const config = caseConfig(o);
  const events: EngineEvent[] = [];
  const signals = new EventEmitter();
  let sim: CaseSim | null = null;
  // Set by the simulator's start callback: typed wide so the check after the run is not narrowed to null.
  let timer = null as NodeJS.Timeout | null;
  let stopSent = false;
  const t0 = performance.now();
  const deps: RunDeps = {
    startEngine: recordingStarter(startBot, events),
    startSimulator: async (s) => {
      sim = await startCaseSim({
        seed: s.seed,
        tickMs: s.tickMs,
        ticks: (s.ticks ?? DEFAULTS.ticks) + (o.simExtraTicks ?? 0),
        clock: s.clock,
        ...(s.minTickMs !== null ? { minTickMs: s.minTickMs } : {}),
        ...o.sim,
      });
      const cs = sim;
      return {
        apiUrl: cs.apiUrl,
        apiKey: cs.apiKey,
        start: () => {
          cs.start?.();
          o.onStarted?.(cs);
          timer = setInterval(() => {
            const tick = cs.server.exchange.tick;
            o.onTick?.(tick, o.ticks);
            if (o.stopAtTick !== undefined && !stopSent && tick >= o.stopAtTick) {
              stopSent = true;
              signals.emit('SIGTERM');
            }
          }, 50);
          timer.unref();
        },
        close: async () => {
          if (timer) clearInterval(timer);
          await cs.close();
        },
      };
    },
    stdout: discard(),
    logStream: o.logStream ?? discard(),
    signals,
    forceExit: () => {},
  };
  const result = await runTrading(config, deps);
  if (timer) clearInterval(timer);
  const s = sim as CaseSim | null;
  if (!s) throw new Error(`seed ${o.seed}: the simulator did not start`);
  const snapshot = s.final ?? s.snapshot();
  if (!s.final) await s.close();
  return { result, snapshot, events, wallMs: performance.now() - t0 };
}

/** Metrics of a case run by runBotCase. */
export function metricsOf(bot: string, seed: number, run: CaseRun): CaseMetrics {
  return caseMetrics({
    seed,
    bot,
    snapshot: run.snapshot,
    bySource: bySourceFromSummary(run.result.summary),
    riskEvents: run.result.summary.limitBreaches,
    openOrdersAtExit: run.result.summary.openOrdersAtExit ?? run.snapshot.openOrders,
    wallMs: run.wallMs,
  });
}

/**
 * The do-nothing baseline: it sends nothing, so it needs no wall clock — the case runs on the
 * simulator's manual clock in a few milliseconds and is read straight from the exchange.
 */
export async function runDoNothingCase(
  seed: number,
  ticks: number,
  simOpts: CaseOptions['sim'] = {},
): Promise<CaseMetrics> {
  const t0 = performance.now();
  const sim = await startCaseSim({ seed, tickMs: 0, ticks, ...simOpts });
  sim.server.resume();
  sim.server.advance(ticks + 1);
  await sim.close();
  const snapshot = sim.final!;
  return caseMetrics({
    seed,
    bot: 'nothing',
    snapshot,
    bySource: { MARKET_MAKER: 0, ARBITRAGE: 0, TENDER: 0 },
    openOrdersAtExit: snapshot.openOrders,
    wallMs: performance.now() - t0,
  });
}

export const reportDirFor = (out: string, bot: string, seed: number): string => path.join(out, bot, `seed-${seed}`);
