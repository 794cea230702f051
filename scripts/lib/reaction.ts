/**
 * Reaction latency, end to end, by the simulator's clock (GET /sim/latency): from the moment the
 * simulator posts a tender to the bot's accept arriving, and from the moment it pushes RITC away
 * from fair value (POST /sim/shock) to the bot's first order arriving. The simulator runs in its
 * own thread so it does not share an event loop with the coordinator it is timing.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import { startSimWorker, type LatencyEvent } from '@ritc/sim';
import { resolveConfig, runTrading, type RunDeps, type StrategyName } from '@ritc/cli';
import { Pool } from 'undici';
import { p50p99 } from './quantiles';

export type StartBot = RunDeps['startEngine'];

export interface ReactionOptions {
  startBot: StartBot;
  kind: 'tender' | 'shock';
  pollDelayMs: number;
  samples: number;
  /** Tick length of the simulated case, ms. */
  tickMs?: number;
  /** Ticks to wait before the first sample (strategies that need history). */
  warmupTicks?: number;
  /** Ticks between samples. */
  spacingTicks?: number;
  /**
   * Shock size, USD. 0.8: clearly past the arbitrage's entry rule (a 0.4 USD shock left an
   * executable edge of about −0.02 CAD/unit after costs, and the bench then timed the entry rules,
   * not the reaction), as the tender samples are clearly profitable offers.
   */
  shockUsd?: number;
  strategies?: StrategyName[];
  /** The compiled simulator thread entry (dist/sim.worker.js). */
  simWorkerFile: string;
}

export interface ReactionResult {
  kind: 'tender' | 'shock';
  pollDelayMs: number;
  /** Reaction times, ms (simulator clock, request arrival). */
  samples: number[];
  /** Samples the bot never reacted to (tender declined or let expire; shock without an order). */
  missed: number;
  p50Ms: number;
  p99Ms: number;
  exitCode: number;
  /**
   * A plain HTTP round trip to the same simulator from the bot's own thread while it trades at this
   * poll delay (the harness's GET /v1/case, undici Pool.request), µs: the floor a reaction pays at least twice
   * (seeing the event, sending the answer), under this load, on this machine.
   */
  loadedRtt: { p50Us: number; p99Us: number; n: number };
  /** Tenders: posted → first GET /tenders listing it, ms (discovery; the rest is decision + answer). */
  seenMs: number[];
  /** The simulator's raw records of this run. */
  events: LatencyEvent[];
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function control(base: string, key: string, p: string, method: 'GET' | 'POST' = 'POST'): Promise<unknown> {
  const res = await fetch(`${base}${p}`, { method, headers: { 'X-API-Key': key } });
  const body: unknown = await res.json();
  if (!res.ok) throw new Error(`${p}: HTTP ${res.status} ${JSON.stringify(body)}`);
  return body;
}

/** Round trips of the harness's own GET /v1/case while the bot runs, µs (see ReactionResult.loadedRtt). */
let rttSink: number[] | null = null;

/** The harness's own connection (undici Pool.request, like the engine's client; fetch costs 3–4× more). */
let probe: { origin: string; pool: Pool } | null = null;

async function tickOf(base: string, key: string): Promise<number> {
  const origin = new URL(base).origin;
  if (probe?.origin !== origin) {
    void probe?.pool.close();
    probe = { origin, pool: new Pool(origin, { connections: 1 }) };
  }
  const t0 = performance.now();
  const res = await probe.pool.request({ method: 'GET', path: '/v1/case', headers: { 'x-api-key': key } });
  const body = await res.body.text();
  rttSink?.push((performance.now() - t0) * 1000);
  if (res.statusCode !== 200) throw new Error(`/v1/case: HTTP ${res.statusCode} ${body.slice(0, 200)}`);
  return (JSON.parse(body) as { tick: number }).tick;
}

async function waitTicks(base: string, key: string, n: number, tickMs: number): Promise<void> {
  const until = (await tickOf(base, key)) + n;
  while ((await tickOf(base, key)) < until) await sleep(Math.max(5, tickMs / 2));
}

export async function measureReaction(o: ReactionOptions): Promise<ReactionResult> {
  const tickMs = o.tickMs ?? 25;
  const apiKey = 'bench-reaction';
  const sim = await startSimWorker(o.simWorkerFile, {
    port: 0, apiKey, seed: 7, tickMs, ticks: 100_000, autoStart: true,
    // Only our own tenders and shocks: none scheduled, no random shocks, no news jumps.
    scenario: { tenders: { enabled: false }, etf: { shockProbPerTick: 0 } },
  });
  const base = sim.url.replace(/\/v1$/, '');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `reaction-${o.kind}-`));
  const config = resolveConfig({
    command: 'trade',
    flags: {
      apiUrl: sim.url, apiKey, pollDelay: o.pollDelayMs, dashboard: false, reportDir: dir, logLevel: 'warn',
      strategies: o.strategies ?? (o.kind === 'tender' ? ['tender'] : ['arb']),
    },
    env: {},
  });
  const signals = new EventEmitter();
  const discard = new Writable({ write: (_c, _e, cb) => cb() });
  // Samples start once the bot is up and warm (threads started, code compiled): what is measured
  // is the reaction of a running engine, not its start-up.
  let markStarted!: () => void;
  const started = new Promise<void>((r) => { markStarted = r; });
  const startBot: StartBot = async (...args) => {
    const bot = await o.startBot(...args);
    const start = bot.start.bind(bot);
    bot.start = async () => { await start(); markStarted(); };
    return bot;
  };
  const run = runTrading(config, {
    startEngine: startBot, stdout: discard as unknown as RunDeps['stdout'], logStream: discard, signals, forceExit: () => {},
  });
  let exitCode = -1;
  const rtts: number[] = [];
  const runDone = run.then((r) => { exitCode = r.exitCode; });
  try {
    await Promise.race([started, run]);
    await waitTicks(base, apiKey, o.warmupTicks ?? (o.kind === 'tender' ? 20 : 60), tickMs);
    rttSink = rtts;
    for (let i = 0; i < o.samples && exitCode === -1; i++) {
      if (o.kind === 'tender') {
        const [sec] = (await control(base, apiKey, '/v1/securities?ticker=RITC', 'GET')) as { bid: number; ask: number }[];
        // Clearly profitable offers, alternating sides so the position stays small.
        const buy = i % 2 === 0;
        const price = buy ? sec!.bid - 0.4 : sec!.ask + 0.4;
        await control(base, apiKey, `/sim/tender?action=${buy ? 'BUY' : 'SELL'}&quantity=10000&price=${price.toFixed(2)}&window=20`);
      } else {
        await control(base, apiKey, `/sim/shock?ticker=RITC&size=${(i % 2 === 0 ? 1 : -1) * (o.shockUsd ?? 0.8)}`);
      }
      await waitTicks(base, apiKey, o.spacingTicks ?? (o.kind === 'tender' ? 12 : 40), tickMs);
    }
  } finally {
    rttSink = null;
    signals.emit('SIGTERM');
    await runDone;
  }
  const { events } = (await control(base, apiKey, '/sim/latency', 'GET')) as { events: LatencyEvent[] };
  await probe?.pool.close();
  probe = null;
  await sim.stop();
  if (process.env.REACTION_KEEP) console.error("report dir", dir); else fs.rmSync(dir, { recursive: true, force: true });
  const mine = events.filter((e) => e.kind === o.kind);
  const samples: number[] = [];
  let missed = 0;
  for (const e of mine) {
    const v = o.kind === 'tender' ? (e.decision === 'ACCEPT' ? e.decision_reaction_ms : null) : e.order_reaction_ms;
    if (v === null) missed++;
    else samples.push(v);
  }
  const q = p50p99(samples);
  const seenMs = mine.flatMap((e) => (e.seen_reaction_ms === null ? [] : [e.seen_reaction_ms]));
  const r = p50p99(rtts);
  return { kind: o.kind, pollDelayMs: o.pollDelayMs, samples, missed, p50Ms: q.p50, p99Ms: q.p99, exitCode, seenMs, events: mine,
    loadedRtt: { p50Us: r.p50, p99Us: r.p99, n: rtts.length } };
}

/** The targets: p50 within delay/2 + 2 ms, p99 within delay + 5 ms. */
export function reactionTargets(pollDelayMs: number): { p50Ms: number; p99Ms: number } {
  return { p50Ms: pollDelayMs / 2 + 2, p99Ms: pollDelayMs + 5 };
}
