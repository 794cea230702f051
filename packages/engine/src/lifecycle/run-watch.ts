import type { Case } from '@ritc/rit-client';
import { errorMessage } from '../errors';
import type { ExecutionManager } from '../execution/execution-manager';
import type { EngineLogger } from '../runtime/logger';
import type { MarketFeed } from './feeds';
import type { EndOfRun } from './state';

/** What the run watch reads and tells. */
export interface RunWatchDeps {
  em: Pick<
    ExecutionManager,
    'updateCase' | 'caseState' | 'period' | 'tick' | 'securities' | 'observeFeedTick' | 'closeOut'
  >;
  feed(): MarketFeed | null;
  log: EngineLogger;
  stopping(): boolean;
  /** Every /case answer moves the end-of-case state (REDUCING, flatten) forward. */
  onCaseTick(): void;
}

/**
 * The case's progress as the engine follows it, and the run's end: the case STOPPED after it
 * ran, the exchange gone after the case's last tick, or (told by the health tracker) the exchange
 * lost. Books the exchange's close-out once the case has stopped.
 */
export class RunWatch {
  private seenActive = false;
  /** The case was seen running (ACTIVE, or PAUSED after tick 0): a STOPPED after that is its end. */
  private seenRunning = false;
  private closeOutPromise: Promise<void> | null = null;
  private endOfRun: EndOfRun | null = null;
  private resolveEnded: (e: EndOfRun) => void = () => undefined;
  readonly ended: Promise<EndOfRun> = new Promise<EndOfRun>((resolve) => {
    this.resolveEnded = resolve;
  });

  constructor(private readonly d: RunWatchDeps) {}

  get endedBy(): EndOfRun | null {
    return this.endOfRun;
  }

  /** /case answer: tick, end-of-case risk state, and the close-out once the case has stopped. */
  onCase(c: Case): void {
    this.d.em.updateCase(c);
    if (c.status === 'ACTIVE') this.seenActive = true;
    // A case that has not started yet (RIT shows STOPPED before the first tick) is not the end.
    if (c.status === 'ACTIVE' || (c.status === 'PAUSED' && c.tick > 0)) this.seenRunning = true;
    this.d.onCaseTick();
    if (c.status === 'STOPPED' && this.seenActive && !this.d.stopping()) void this.startCloseOut();
    if (c.status === 'STOPPED' && this.seenRunning) this.endRun('case-ended', 'the exchange shows the case STOPPED');
  }

  /** The run's end, once (the first reason wins). */
  endRun(reason: EndOfRun['reason'], detail: string): void {
    if (this.endOfRun) return;
    const em = this.d.em;
    this.endOfRun = { reason, detail, period: em.period, tick: em.tick };
    this.d.log.info(`run ends: ${reason}`, { thread: 'main', detail, tick: em.tick });
    this.resolveEnded(this.endOfRun);
  }

  /** The case loop is slower than a tick at fast clocks: the feeds carry the current tick. */
  observeFeedTick(): void {
    let tick = 0,
      period = 0;
    const feed = this.d.feed();
    for (const t of Object.keys(this.d.em.securities)) {
      const s = feed?.snapshot(t);
      if (s && (s.period > period || (s.period === period && s.tick > tick))) {
        period = s.period;
        tick = s.tick;
      }
    }
    this.d.em.observeFeedTick(period, tick);
  }

  /**
   * A request went unanswered. Once the case's last tick of its last period has been seen, the case
   * is over whatever the exchange does next: a standalone simulator closes at the end of its case,
   * so that is taken as the end of the case (it could only have had one tick left), not as an outage.
   */
  onUnanswered(): void {
    this.observeFeedTick();
    const em = this.d.em;
    const c = em.caseState;
    // Seen running by the case loop, or by the start-up's own /case read (a short case can end
    // while the engine is still starting, before the case loop's first answer).
    const ran = this.seenRunning || (c !== null && (c.status === 'ACTIVE' || (c.status === 'PAUSED' && c.tick > 0)));
    if (!c || !ran) return;
    const lastPeriod = !(c.total_periods > 0) || c.period >= c.total_periods;
    if (lastPeriod && c.ticks_per_period > 0 && em.tick >= c.ticks_per_period - 1)
      this.endRun(
        'case-ended',
        `the exchange stopped answering after the case's last tick (${em.tick} of ${c.ticks_per_period})`,
      );
  }

  /** At shutdown: the close-out, if the case is over (resolves at once otherwise). */
  closeOutIfOver(): Promise<void> {
    return this.d.em.caseState?.status === 'STOPPED' && this.seenActive ? this.startCloseOut() : Promise.resolve();
  }

  private startCloseOut(): Promise<void> {
    this.closeOutPromise ??= this.d.em.closeOut().then(
      () => undefined,
      (err: unknown) => {
        this.closeOutPromise = null; // try again (at shutdown)
        this.d.log.warn('close-out reconciliation failed', { thread: 'main', error: errorMessage(err) });
      },
    );
    return this.closeOutPromise;
  }
}
