/**
 * The engine's side of the simulator's virtual clock: a tick ends once every trader has said it
 * is done with it (POST /sim/ready?tick=N), so the engine says so as soon as it has reacted to the
 * tick — every feed has a snapshot of it, the exchange's state of it has been read (case, orders,
 * limits, trader, tenders), a decision round has run on it, and nothing it decided is still on its
 * way (no order queued or unanswered, no tender answer unanswered). Then the case moves on at the
 * pace of the engine's reactions, not of a wall clock.
 *
 * The signal is a simulator extension and is only sent when the run is configured for it. A signal
 * that fails costs the tick the simulator's maximum wait; it is logged once and never ends the run.
 */
import http from 'node:http';
import { RitClient, type RitApi } from '@ritc/rit-client';
import { errorMessage } from '../errors';
import type { ExecutionManager } from '../execution/execution-manager';
import type { EngineLogger } from '../runtime/logger';
import type { Decisions } from './decisions';
import type { MarketFeed } from './feeds';
import { Loop } from './loops';
import { TickReads, simBatch } from './tick-reads';

/** A point of the case: ticks restart with each period. */
export interface CaseTime {
  period: number;
  tick: number;
}

/** What the readiness rule looks at. */
export interface ReadinessState {
  /** Each feed's latest snapshot time (one entry per security feed); null for a feed with none yet. */
  feeds: readonly (CaseTime | null)[];
  /** The tick whose exchange reads and decision round were started (null before the first). */
  decided: CaseTime | null;
  /** The last tick signalled ready (null before the first). */
  signalled: CaseTime | null;
  /** The case is running (a tick of a paused or stopped case never ends on a signal). */
  active: boolean;
  /** A decision (pool round or fast path) is running or asked to run again. */
  decisionsBusy: boolean;
  /**
   * Orders sent and not answered yet, or queued and free to leave. An order the order-rate limit
   * holds is not counted: the rate is counted in case time, so only the end of this tick frees it.
   */
  ordersUnsettled: number;
  /** Tender accepts and declines sent and not answered yet. */
  tenderAnswers: number;
}

export type ReadyStep = { kind: 'wait' } | { kind: 'round'; at: CaseTime } | { kind: 'signal'; at: CaseTime };

const WAIT: ReadyStep = { kind: 'wait' };

/** Orders two case times (negative: a is earlier). */
export function compareCaseTime(a: CaseTime, b: CaseTime): number {
  return a.period !== b.period ? a.period - b.period : a.tick - b.tick;
}

/** The tick every feed has reached: the earliest of the feeds' latest snapshots (null until each has one). */
export function feedsReached(feeds: readonly (CaseTime | null)[]): CaseTime | null {
  let low: CaseTime | null = null;
  for (const f of feeds) {
    if (f === null) return null;
    if (low === null || compareCaseTime(f, low) < 0) low = f;
  }
  return low;
}

/**
 * The readiness rule: what to do next for the tick every feed has reached — nothing yet, start its
 * round (read the exchange, decide), or signal it ready once everything that round set off is done.
 */
export function nextReadyStep(s: ReadinessState): ReadyStep {
  const at = feedsReached(s.feeds);
  if (at === null || !s.active) return WAIT;
  if (s.signalled !== null && compareCaseTime(at, s.signalled) <= 0) return WAIT;
  // A round of an older tick still deciding would skip this tick's round: it finishes first.
  if (s.decided === null || compareCaseTime(s.decided, at) < 0) return s.decisionsBusy ? WAIT : { kind: 'round', at };
  if (s.decisionsBusy || s.ordersUnsettled > 0 || s.tenderAnswers > 0) return WAIT;
  return { kind: 'signal', at };
}

/** What the ready signal needs from the engine. */
export interface VirtualReadyDeps {
  feeds(): (CaseTime | null)[];
  active(): boolean;
  decisionsBusy(): boolean;
  ordersUnsettled(): number;
  tenderAnswers(): number;
  /** Reads the exchange's state of the tick now (the loops that poll it, run at once). */
  refresh(): Promise<void>;
  /** A decision round now. */
  decide(): void;
  /** POST /sim/ready?tick=N. */
  signal(tick: number): Promise<void>;
  log: EngineLogger;
}

/** How often the rule is looked at, ms (a tick on the virtual clock lasts a few ms). */
const CHECK_MS = 1;

/** The loops whose reads a tick's round runs at once: what the decisions see of the exchange. */
export const TICK_REFRESH_LOOPS: readonly string[] = [
  'case',
  'orders',
  'limits',
  'trader',
  'tenders',
  'history',
  'depth',
];

/** The tender loop's period on the virtual clock, ms: each tick's round reads the tenders anyway. */
export const VIRTUAL_TENDER_POLL_MS = 100;

/**
 * The tender loop's period: the security feeds' default poll delay, so a tender is seen as fast as
 * a book change. On the virtual clock every tick's round reads the tenders before it decides (the
 * simulator offers them as a tick starts), so the loop only covers a long tick, at a lower rate.
 */
export function tenderLoopMs(virtualClock: boolean, feedPollMs: number): number {
  return virtualClock ? Math.max(VIRTUAL_TENDER_POLL_MS, feedPollMs) : feedPollMs;
}

/** Runs the loops named in TICK_REFRESH_LOOPS now and waits for them. */
export async function refreshLoops(loops: readonly { name: string }[]): Promise<void> {
  const now = loops.filter((l): l is Loop => l instanceof Loop && TICK_REFRESH_LOOPS.includes(l.name));
  await Promise.all(now.map((l) => l.runNow()));
}

/** The ready signal as a loop of the engine (started and stopped with the others). */
export class VirtualReady {
  private decided: CaseTime | null = null;
  private signalled: CaseTime | null = null;
  private failures = 0;
  /** Ticks signalled, and signals that failed. */
  readonly counts = { signalled: 0, failed: 0 };
  readonly loop: Loop;

  constructor(private readonly d: VirtualReadyDeps) {
    this.loop = new Loop(
      'virtual-ready',
      CHECK_MS,
      () => this.step(),
      (name, err) => d.log.warn(`${name} loop failed`, { thread: 'main', error: errorMessage(err) }),
    );
  }

  /** One look at the rule, and the step it asks for. */
  async step(): Promise<void> {
    const next = nextReadyStep({
      feeds: this.d.feeds(),
      decided: this.decided,
      signalled: this.signalled,
      active: this.d.active(),
      decisionsBusy: this.d.decisionsBusy(),
      ordersUnsettled: this.d.ordersUnsettled(),
      tenderAnswers: this.d.tenderAnswers(),
    });
    if (next.kind === 'round') {
      this.decided = next.at;
      await this.d.refresh();
      this.d.decide();
    } else if (next.kind === 'signal') {
      // Counted as signalled even when it fails: sending it again would not make the tick shorter
      // than the simulator's maximum wait, which it now waits out.
      this.signalled = next.at;
      try {
        await this.d.signal(next.at.tick);
        this.counts.signalled++;
      } catch (err) {
        this.counts.failed++;
        if (this.failures++ === 0)
          this.d.log.warn('virtual clock: the ready signal failed (each failure costs a tick its maximum wait)', {
            thread: 'main',
            tick: next.at.tick,
            error: errorMessage(err),
          });
      }
    }
  }
}

/**
 * POST /sim/ready?tick=N on the simulator whose API is at `baseUrl` (…/v1). Over node:http with a
 * kept-alive connection, not fetch: it is sent once per tick, and fetch cost most of the ready
 * signal's CPU time (about a millisecond a call).
 */
export function readySignal(baseUrl: string, apiKey: string): (tick: number) => Promise<void> {
  const url = new URL(baseUrl.replace(/\/v1\/?$/, ''));
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  return (tick) =>
    new Promise<void>((resolve, reject) => {
      const req = http.request(
        {
          host: url.hostname,
          port: url.port,
          path: `${url.pathname.replace(/\/$/, '')}/sim/ready?tick=${tick}`,
          method: 'POST',
          headers: { 'X-API-Key': apiKey },
          agent,
        },
        (res) => {
          // Drained so the connection is reused.
          res.resume();
          res.once('end', () =>
            res.statusCode === 200
              ? resolve()
              : reject(new Error(`POST /sim/ready?tick=${tick}: HTTP ${res.statusCode}`)),
          );
          res.once('error', reject);
        },
      );
      req.setTimeout(1_000, () => req.destroy(new Error(`POST /sim/ready?tick=${tick}: no answer in 1 s`)));
      req.once('error', reject);
      req.end();
    });
}

/**
 * Orders sent and not answered, and cancels not answered: what a tick's end waits for. Not the
 * orders the order-rate limit holds for a later tick (only this tick's end lets them leave).
 */
export function ordersUnsettled(em: Pick<ExecutionManager, 'store' | 'queue'>): number {
  let n = 0;
  for (const o of em.store.live())
    if (o.state === 'PENDING_CANCEL' || (o.state === 'PENDING_NEW' && !em.queue.has(o.clientId))) n++;
  return n;
}

/** What the coordinator hands over for the ready signal. */
export interface EngineVirtualReadyParts {
  /** The engine's client: a tick's round takes its reads from one batch (tick-reads.ts). */
  api: RitApi;
  em: Pick<ExecutionManager, 'securities' | 'caseState' | 'store' | 'tenders' | 'queue'>;
  feed(): MarketFeed | null;
  decisions: Pick<Decisions, 'busy' | 'decide'>;
  loops(): readonly { name: string }[];
  connection: { baseUrl: string; apiKey: string };
  log: EngineLogger;
}

/** The ready signal wired to the engine's parts: its feeds, decisions, orders, tenders and loops. */
export function engineVirtualReady(p: EngineVirtualReadyParts): VirtualReady {
  const tickers = Object.keys(p.em.securities).filter((t) => p.em.securities[t]!.isTradeable);
  const reads = p.api instanceof RitClient ? new TickReads(simBatch(p.connection.baseUrl, p.connection.apiKey)) : null;
  if (reads && p.api instanceof RitClient) p.api.setPrefetched(reads);
  return new VirtualReady({
    feeds: () => tickers.map((t) => p.feed()?.snapshot(t) ?? null),
    active: () => p.em.caseState?.status === 'ACTIVE',
    decisionsBusy: () => p.decisions.busy,
    ordersUnsettled: () => ordersUnsettled(p.em),
    tenderAnswers: () => p.em.tenders.answersInFlight,
    refresh: () => (reads ? reads.round(() => refreshLoops(p.loops())) : refreshLoops(p.loops())),
    decide: () => p.decisions.decide(),
    signal: readySignal(p.connection.baseUrl, p.connection.apiKey),
    log: p.log,
  });
}
