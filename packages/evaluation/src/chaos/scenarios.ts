/**
 * The fault scenarios: simulator fault switches (see @ritc/sim README "Faults") and scripted
 * events (429 storms, killed threads) applied to a full case.
 */
import type { CaseSim } from '../evaluate/sim-case';
import type { ThreadKind, WorkerSpy } from './worker-spy';

export interface FaultContext {
  sim: CaseSim;
  spy: WorkerSpy;
  ticks: number;
  tickMs: number;
  /** Records what the script did (shown in the table). */
  note(s: string): void;
  /** Timers started by the script are cleared when the case ends. */
  every(ms: number, f: () => void): void;
  at(tick: number, f: () => void | Promise<void>): void;
}

export interface FaultScenario {
  name: string;
  /** What it does, for the table. */
  fault: string;
  /** Simulator fault spec, e.g. 'p500=0.05' (ticks in `pause=` are filled in by `spec(ticks, tickMs)`). */
  spec?: (ticks: number, tickMs: number) => string;
  /** Scripted events after the case starts. */
  script?: (c: FaultContext) => void;
  /** A thread of this kind must exist to run the scenario (else it is reported as not applicable). */
  needs?: ThreadKind;
  /** Tick from which the fault is on (for "kept trading after the fault"). */
  onset: (ticks: number) => number;
}

const early = (ticks: number) => Math.max(2, Math.floor(ticks * 0.1));
const mid = (ticks: number) => Math.floor(ticks * 0.4);

async function killScript(c: FaultContext, kind: ThreadKind): Promise<void> {
  const before = c.spy.alive(kind).length;
  const w = await c.spy.kill(kind);
  c.note(
    w
      ? `killed a ${kind} thread at tick ${c.sim.server.exchange.tick} (${before} alive before)`
      : `no live ${kind} thread to kill`,
  );
}

export const SCENARIOS: FaultScenario[] = [
  { name: 'none', fault: 'no faults (control)', onset: early },
  { name: 'http500', fault: '5 % of responses are HTTP 500', spec: () => 'p500=0.05', onset: early },
  {
    name: 'storm429',
    fault: '429 storms: 90 % of requests answered 429 for 300 ms every second',
    onset: early,
    script: (c) =>
      c.every(1000, () => {
        // A lost toggle (the case is closing) makes one storm longer or shorter; the scenario is about
        // surviving storms, not their exact length.
        void c.sim
          .control('faults?p429=0.9')
          .then(() => new Promise((r) => setTimeout(r, 300)))
          .then(() => c.sim.control('faults?p429=0'))
          .catch(() => undefined);
      }),
  },
  { name: 'latency', fault: '200 ms latency spikes on 3 % of requests', spec: () => 'spike=0.03:200', onset: early },
  { name: 'drop', fault: '2 % of connections dropped mid-request', spec: () => 'drop=0.02', onset: early },
  {
    name: 'pause',
    fault: 'case paused for 20 ticks at 40 % of the case',
    onset: mid,
    spec: (ticks, tickMs) => `pause=${mid(ticks)}:${20 * tickMs}`,
  },
  {
    name: 'feed-kill',
    fault: 'a security feed worker killed mid-case',
    needs: 'feed',
    onset: mid,
    script: (c) => c.at(mid(c.ticks), () => killScript(c, 'feed')),
  },
  {
    name: 'pool-kill',
    fault: 'a strategy pool thread killed mid-task',
    needs: 'pool',
    onset: mid,
    script: (c) => c.at(mid(c.ticks), () => killScript(c, 'pool')),
  },
  {
    name: 'malformed',
    fault: '3 % of responses truncated (malformed JSON)',
    spec: () => 'malformed=0.03',
    onset: early,
  },
];

/** The short CI selection. */
export const CI_SCENARIOS = ['http500', 'storm429', 'drop', 'malformed', 'feed-kill'];

export function pickScenarios(names: readonly string[] | null): FaultScenario[] {
  if (!names) return SCENARIOS;
  return names.map((n) => {
    const s = SCENARIOS.find((x) => x.name === n);
    if (!s) throw new Error(`unknown fault scenario '${n}' (known: ${SCENARIOS.map((x) => x.name).join(', ')})`);
    return s;
  });
}
