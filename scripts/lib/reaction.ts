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
import { resolveConfig, runTrading, type RunDeps, type StrategyName } from '@ritc/runner';
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
  /** The simulator's raw records of this run (tenders also say when a GET /tenders first listed them). */
  events: LatencyEvent[];
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function control(base: string, key: string, p: string, method: 'GET' | 'POST' = 'POST'): Promise<unknown> {
  const res = await fetch(`${base}${p}`, { method, headers: { 'X-API-Key': key } });
  const body: unknown = await res.json();
  if (!res.ok) throw new Error(`${p}: HTTP ${res.status} ${JSON.stringify(body)}`);
  return body;
}

/**
 * The harness's own view of the case clock, over its own connection (undici Pool.request, like the
 * engine's client; fetch costs 3–4× more). While `recording`, each GET /v1/case round trip is kept
 * (ReactionResult.loadedRtt).
 */
class CaseClock {
  private readonly pool: Pool;
  readonly rttsUs: number[] = [];
  recording = false;

  constructor(
    origin: string,
    private readonly key: string,
    private readonly tickMs: number,
  ) {
    this.pool = new Pool(origin, { connections: 1 });
  }

  async tick(): Promise<number> {
    const t0 = performance.now();
    const res = await this.pool.request({ method: 'GET', path: '/v1/case', headers: { 'x-api-key': this.key } });
    const body = await res.body.text();
    if (this.recording) this.rttsUs.push((performance.now() - t0) * 1000);
    if (res.statusCode !== 200) throw new Error(`/v1/case: HTTP ${res.statusCode} ${body.slice(0, 200)}`);
    return (JSON.parse(body) as { tick: number }).tick;
  }

  async waitTicks(n: number): Promise<void> {
    const until = (await this.tick()) + n;
    while ((await this.tick()) < until) await sleep(Math.max(5, this.tickMs / 2));
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

export async function measureReaction(o: ReactionOptions): Promise<ReactionResult> {
  const tickMs = o.tickMs ?? 25;
  const apiKey = 'bench-reaction';
  const sim = await startSimWorker(o.simWorkerFile, {
    port: 0,
    apiKey,
    seed: 7,
    tickMs,
    ticks: 100_000,
    autoStart: true,
    // Only our own tenders and shocks: none scheduled, no random shocks, no news jumps.
    scenario: { tenders: { enabled: false }, etf: { shockProbPerTick: 0 } },
  });
  const base = sim.url.replace(/\/v1$/, '');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `reaction-${o.kind}-`));
  const config = resolveConfig({
    command: 'trade',
    flags: {
      apiUrl: sim.url,
      apiKey,
      pollDelay: o.pollDelayMs,
      dashboard: false,
      reportDir: dir,
      logLevel: 'warn',
      strategies: o.strategies ?? (o.kind === 'tender' ? ['tender'] : ['arb']),
    },
    env: {},
  });
  const signals = new EventEmitter();
  const discard = new Writable({ write: (_c, _e, cb) => cb() });
  // Samples start once the bot is up and warm (threads started, code compiled): what is measured
  // is the reaction of a running engine, not its start-up.
  let markStarted!: () => void;
  const started = new Promise<void>((r) => {
    markStarted = r;
  });
  const startBot: StartBot = async (...args) => {
    const bot = await o.startBot(...args);
    const start = bot.start.bind(bot);
    bot.start = async () => {
      await start();
      markStarted();
    };
    return bot;
  };
  const run = runTrading(config, {
    startEngine: startBot,
    stdout: discard,
    logStream: discard,
    signals,
    forceExit: () => {},
  });
  let exitCode = -1;
  const clock = new CaseClock(base, apiKey, tickMs);
  const runDone = run.then((r) => {
    exitCode = r.exitCode;
  });
  try {
    await Promise.race([started, run]);
    await clock.waitTicks(o.warmupTicks ?? (o.kind === 'tender' ? 20 : 60));
    clock.recording = true;
    for (let i = 0; i < o.samples && exitCode === -1; i++) {
      if (o.kind === 'tender') {
        const [sec] = (await control(base, apiKey, '/v1/securities?ticker=RITC', 'GET')) as {
          bid: number;
          ask: number;
        }[];
        if (!sec) throw new Error('GET /v1/securities?ticker=RITC answered no security');
        // Clearly profitable offers, alternating sides so the position stays small.
        const buy = i % 2 === 0;
        const price = buy ? sec.bid - 0.4 : sec.ask + 0.4;
        await control(
          base,
          apiKey,
          `/sim/tender?action=${buy ? 'BUY' : 'SELL'}&quantity=10000&price=${price.toFixed(2)}&window=20`,
        );
      } else {
        await control(base, apiKey, `/sim/shock?ticker=RITC&size=${(i % 2 === 0 ? 1 : -1) * (o.shockUsd ?? 0.8)}`);
      }
      await clock.waitTicks(o.spacingTicks ?? (o.kind === 'tender' ? 12 : 40));
    }
  } finally {
    clock.recording = false;
    signals.emit('SIGTERM');
    await runDone;
  }
  const { events } = (await control(base, apiKey, '/sim/latency', 'GET')) as { events: LatencyEvent[] };
  await clock.close();
  await sim.stop();
  fs.rmSync(dir, { recursive: true, force: true });
  const mine = events.filter((e) => e.kind === o.kind);
  const samples: number[] = [];
  let missed = 0;
  for (const e of mine) {
    const v = o.kind === 'tender' ? (e.decision === 'ACCEPT' ? e.decision_reaction_ms : null) : e.order_reaction_ms;
    if (v === null) missed++;
    else samples.push(v);
  }
  const q = p50p99(samples);
  const r = p50p99(clock.rttsUs);
  return {
    kind: o.kind,
    pollDelayMs: o.pollDelayMs,
    samples,
    missed,
    p50Ms: q.p50,
    p99Ms: q.p99,
    exitCode,
    events: mine,
    loadedRtt: { p50Us: r.p50, p99Us: r.p99, n: clock.rttsUs.length },
  };
}

/** The targets: p50 within delay/2 + 2 ms, p99 within delay + 5 ms. */
export function reactionTargets(pollDelayMs: number): { p50Ms: number; p99Ms: number } {
  return { p50Ms: pollDelayMs / 2 + 2, p99Ms: pollDelayMs + 5 };
}
