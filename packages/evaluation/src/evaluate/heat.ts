/**
 * A heat: several bots trade one seeded case as traders of the same simulator, each with its own
 * key and account, the way RITC runs its heats. Unlike separate cases per bot, the bots meet each
 * other in the book (one's market orders move the prices the other trades at) and are offered the
 * same tenders at once, each answering privately.
 */
import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import type { EngineEvent } from '@ritc/engine';
import { runTrading, type RunDeps } from '@ritc/runner';
import { caseConfig, recordingStarter, type CaseOptions, type CaseRun, type StartBot } from './runner';
import { startCaseSim, type CaseSim } from './sim-case';

export interface HeatBot {
  /** The bot's name in the report; its trader id is the name in capitals. */
  name: string;
  start: StartBot;
  reportDir: string;
  strategies?: CaseOptions['strategies'];
}

export type HeatOptions = Omit<CaseOptions, 'reportDir' | 'strategies' | 'stopAtTick' | 'onStarted'>;

export interface HeatRun {
  /** Each bot's run, by bot name (its snapshot is its own trader's account). */
  runs: Map<string, CaseRun>;
  /** The simulator's ranking of the traders by nlv at the end, best first. */
  ranking: { rank: number; trader_id: string; nlv: number }[];
}

const discard = (): Writable => new Writable({ write: (_c, _e, cb) => cb() });

export const heatTraderId = (bot: string): string => bot.toUpperCase();

/**
 * Runs every bot on one simulator for one seed; resolves once all have ended. A bot that fails to
 * start still counts as arrived, so the others' case starts without it (on the virtual clock a
 * trader that never signals holds each tick for the longest wait only).
 */
export async function runHeatCase(bots: HeatBot[], o: HeatOptions): Promise<HeatRun> {
  if (bots.length === 0) throw new Error('a heat needs at least one bot');
  const traders = bots.map((b, i) => ({ name: heatTraderId(b.name), apiKey: `heat-${i + 1}-${o.seed}` }));
  const sim: CaseSim = await startCaseSim({
    seed: o.seed,
    tickMs: o.tickMs,
    ticks: o.ticks + (o.simExtraTicks ?? 0),
    ...(o.clock !== undefined ? { clock: o.clock } : {}),
    ...(o.minTickMs !== undefined ? { minTickMs: o.minTickMs } : {}),
    ...o.sim,
    traders,
  });
  let arrived = 0;
  // Set by arrive(), from the bots' callbacks: typed wide so the cleanup's check is not narrowed to null.
  let timer = null as NodeJS.Timeout | null;
  const arrive = (): void => {
    if (++arrived !== bots.length) return;
    sim.start?.();
    timer = setInterval(() => o.onTick?.(sim.server.exchange.tick, o.ticks), 50);
    timer.unref();
  };
  const t0 = performance.now();
  const one = async (bot: HeatBot, key: string): Promise<{ run: Omit<CaseRun, 'snapshot'>; trader: string }> => {
    const events: EngineEvent[] = [];
    // Whether this bot's run reached the case start (a bot that failed before it must still arrive).
    const here = { started: false };
    const deps: RunDeps = {
      startEngine: recordingStarter(bot.start, events),
      // The heat's simulator is shared: each bot gets its own key, and it closes after the last bot.
      startSimulator: () =>
        Promise.resolve({
          apiUrl: sim.apiUrl,
          apiKey: key,
          start: () => {
            here.started = true;
            arrive();
          },
          close: () => Promise.resolve(),
        }),
      stdout: discard(),
      logStream: o.logStream ?? discard(),
      signals: new EventEmitter(),
      forceExit: () => {},
    };
    const config = caseConfig({
      ...o,
      reportDir: bot.reportDir,
      ...(bot.strategies !== undefined ? { strategies: bot.strategies } : {}),
    });
    try {
      const result = await runTrading(config, deps);
      return { run: { result, events, wallMs: performance.now() - t0 }, trader: heatTraderId(bot.name) };
    } finally {
      if (!here.started) arrive();
    }
  };
  let settled: Awaited<ReturnType<typeof one>>[];
  let ranking: HeatRun['ranking'];
  try {
    settled = await Promise.all(bots.map((b, i) => one(b, traders[i]!.apiKey)));
    ranking = sim.server.heat().ranking;
  } finally {
    if (timer) clearInterval(timer);
    await sim.close();
  }
  const runs = new Map<string, CaseRun>();
  for (const [i, s] of settled.entries()) {
    const snapshot = sim.finalOf(s.trader);
    if (snapshot === null) throw new Error(`seed ${o.seed}: no final state for trader ${s.trader}`);
    runs.set(bots[i]!.name, { ...s.run, snapshot });
  }
  return { runs, ranking };
}
