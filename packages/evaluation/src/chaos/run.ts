/**
 * The fault-injection suite: one full case per scenario against the simulator with its fault
 * switches on, each judged by runChecks; a table of faults survived.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runBotCase, type StartBot } from '../evaluate/runner';
import { markdownTable } from '../evaluate/table';
import { CHECK_NAMES, runChecks, type Check } from './checks';
import { type FaultContext, type FaultScenario } from './scenarios';
import { WorkerSpy } from './worker-spy';

export interface ChaosOptions {
  startBot: StartBot;
  botName: string;
  scenarios: FaultScenario[];
  seed?: number;
  tickMs?: number;
  ticks?: number;
  /** Reports of every case go under out/<scenario>. */
  out: string;
  /** Post a tender every this many ticks, so a tender-only bot trades throughout (0 = off). */
  tenderEveryTicks?: number;
  onCase?: (scenario: string, phase: 'start' | 'end', outcome?: ChaosCase) => void;
}

export interface ChaosCase {
  scenario: string;
  fault: string;
  /** False when the bot has no thread of the kind the scenario kills. */
  applicable: boolean;
  survived: boolean;
  checks: Check[];
  notes: string[];
  injected: Record<string, number>;
  wallMs: number;
}

/** Runs each scenario in turn; never throws for a failing case (it is reported). */
export async function runChaos(o: ChaosOptions): Promise<ChaosCase[]> {
  const ticks = o.ticks ?? 100;
  const tickMs = o.tickMs ?? 25;
  const seed = o.seed ?? 1;
  const out: ChaosCase[] = [];
  for (const sc of o.scenarios) {
    o.onCase?.(sc.name, 'start');
    const c = await runOne(o, sc, { ticks, tickMs, seed });
    out.push(c);
    o.onCase?.(sc.name, 'end', c);
  }
  return out;
}

async function runOne(
  o: ChaosOptions,
  sc: FaultScenario,
  k: { ticks: number; tickMs: number; seed: number },
): Promise<ChaosCase> {
  const spy = new WorkerSpy().install();
  const notes: string[] = [];
  const timers: NodeJS.Timeout[] = [];
  const unhandled: unknown[] = [];
  const onUnhandled = (e: unknown) => {
    unhandled.push(e);
  };
  process.on('unhandledRejection', onUnhandled);
  const onset = sc.onset(k.ticks);
  const t0 = performance.now();
  try {
    const run = await runBotCase(o.startBot, {
      seed: k.seed,
      tickMs: k.tickMs,
      ticks: k.ticks,
      reportDir: path.join(o.out, sc.name),
      // Limits not enforced by the exchange, so a breach by the bot would show (as fines) instead of a refusal.
      sim: { scenario: { limits: { enforce: false } }, faults: sc.spec?.(k.ticks, k.tickMs) },
      // Stop the bot at `ticks` while the case is still running: its shutdown must cancel what it
      // left open, and the exchange's close-out must not race it. The case runs on for 6 s, as a
      // shutdown on a loaded machine, with cancels waiting out their 2 s deadline, took over 2 s;
      // the extra ticks cost nothing when the bot is quicker (the exchange is read once it is down).
      stopAtTick: k.ticks,
      simExtraTicks: Math.max(20, Math.ceil(6000 / k.tickMs)),
      onStarted: (sim) => {
        const ctx: FaultContext = {
          sim,
          spy,
          ticks: k.ticks,
          tickMs: k.tickMs,
          note: (s) => notes.push(s),
          every: (ms, f) => {
            const t = setInterval(f, ms);
            t.unref();
            timers.push(t);
          },
          at: (tick, f) => {
            const t = setInterval(
              () => {
                if (sim.server.exchange.tick >= tick) {
                  clearInterval(t);
                  void Promise.resolve()
                    .then(f)
                    .catch((e: unknown) => notes.push(`script failed: ${String(e)}`));
                }
              },
              Math.max(5, k.tickMs / 2),
            );
            t.unref();
            timers.push(t);
          },
        };
        const every = o.tenderEveryTicks ?? 15;
        if (every > 0) {
          let next = 5;
          ctx.every(Math.max(5, k.tickMs), () => {
            if (sim.server.exchange.tick < next || sim.server.exchange.tick >= k.ticks - every) return;
            next = sim.server.exchange.tick + every;
            // A tender that could not be injected (the case is closing) is one offer fewer; the checks
            // judge what the exchange did, not how many offers were made.
            void sim
              .control(`tender?window=${Math.max(4, Math.floor(every / 2))}&quantity=20000`)
              .catch(() => undefined);
          });
        }
        sc.script?.(ctx);
      },
    });
    for (const t of timers) clearInterval(t);
    // Every thread the bot started must be gone once it has shut down (a second to exit).
    const live = () => spy.workers.filter((w) => w.alive && w.kind !== 'other');
    for (let i = 0; i < 20 && live().length > 0; i++) await new Promise((r) => setTimeout(r, 50));
    const leftover = live();
    if (leftover.length > 0) {
      notes.push(
        `${leftover.length} threads still running after shutdown (${leftover.map((w) => w.kind).join(', ')}): terminated by the harness`,
      );
      await Promise.allSettled(leftover.map((w) => w.worker.terminate()));
    }
    const applicable = !sc.needs || spy.workers.some((w) => w.kind === sc.needs);
    const checks = runChecks({ run, onsetTick: onset });
    if (leftover.length > 0) checks.push({ name: 'exit', ok: false, detail: notes[notes.length - 1]! });
    if (unhandled.length > 0)
      checks.push({
        name: 'exit',
        ok: false,
        detail: `${unhandled.length} unhandled rejections: ${String(unhandled[0])}`,
      });
    if (sc.needs && applicable && !notes.some((n) => n.startsWith('killed'))) {
      checks.push({
        name: 'exit',
        ok: false,
        detail: `the ${sc.needs} thread was not killed (${notes.join('; ') || 'script did not run'})`,
      });
    }
    const st = run.snapshot.stats;
    return {
      scenario: sc.name,
      fault: sc.fault,
      applicable,
      survived: applicable && checks.every((c) => c.ok),
      checks,
      notes,
      injected: {
        http500: st.injected_500,
        http429: st.injected_429 + st.rate_limited_429,
        dropped: st.dropped_connections,
        malformed: st.malformed_responses,
        requests: Object.values(st.requests).reduce((a, b) => a + b, 0),
      },
      wallMs: performance.now() - t0,
    };
  } catch (e) {
    for (const t of timers) clearInterval(t);
    return {
      scenario: sc.name,
      fault: sc.fault,
      applicable: true,
      survived: false,
      checks: [{ name: 'exit', ok: false, detail: `harness: ${e instanceof Error ? e.message : String(e)}` }],
      notes,
      injected: {},
      wallMs: performance.now() - t0,
    };
  } finally {
    process.off('unhandledRejection', onUnhandled);
    spy.uninstall();
  }
}

/** The table of faults survived: one row per scenario, one column per check. */
export function chaosTable(cases: ChaosCase[]): string {
  const head = ['fault', ...CHECK_NAMES, 'injected', 'survived'];
  const rows = cases.map((c) => {
    const cell = (n: string) => {
      if (!c.applicable) return 'n/a';
      const cs = c.checks.filter((x) => x.name === n);
      return cs.length === 0 ? '—' : cs.every((x) => x.ok) ? 'ok' : 'FAIL';
    };
    const inj = Object.entries(c.injected)
      .filter(([k, v]) => v > 0 && k !== 'requests')
      .map(([k, v]) => `${v} ${k}`)
      .join(', ');
    return [
      c.fault,
      ...CHECK_NAMES.map(cell),
      inj || (c.notes[0] ?? '—'),
      !c.applicable ? 'n/a' : c.survived ? 'yes' : 'NO',
    ];
  });
  return markdownTable(head, rows, ['l', ...CHECK_NAMES.map(() => 'l' as const), 'l', 'l']);
}

/** Failure details, one line per failed check. */
export function chaosFailures(cases: ChaosCase[]): string[] {
  const out: string[] = [];
  for (const c of cases)
    for (const x of c.checks) if (!x.ok && c.applicable) out.push(`${c.scenario}: ${x.name}: ${x.detail}`);
  return out;
}

export function writeChaosJson(file: string, meta: Record<string, unknown>, cases: ChaosCase[]): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ ...meta, cases }, null, 2) + '\n');
}
