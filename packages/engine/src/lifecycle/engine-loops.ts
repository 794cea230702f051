import type { Case, RitApi } from '@ritc/rit-client';
import type { EngineConfig } from '../config';
import { errorCode, errorMessage } from '../errors';
import type { ExecutionManager } from '../execution/execution-manager';
import type { EngineLogger } from '../runtime/logger';
import type { HistorySampler } from './context-builder';
import type { Decisions } from './decisions';
import type { ExchangeHealth } from './exchange-health';
import { Loop } from './loops';
import { TouchWatch, type TouchSource } from './touch-watch';
import type { MarketFeed } from './feeds';

/** What the engine's periodic loops read from and report to. */
export interface EngineLoopsDeps {
  config: EngineConfig;
  api: Pick<RitApi, 'getCase' | 'getLimits' | 'getTrader'>;
  em: ExecutionManager;
  health: ExchangeHealth;
  log: EngineLogger;
  decisions: Decisions;
  onCase(c: Case): void;
  /** A request went unanswered (the case may have ended with the exchange). */
  onUnanswered(): void;
  onNlv(nlvCad: number): void;
  /** A /limits answer showed a gross or net limit exceeded. */
  onLimitBreach(): void;
  pollTenders(): Promise<void>;
  history(): HistorySampler | null;
  /** The feeds' poll delay: the tender poll's period when the config sets none, and the market watch's when polled. */
  tenderPollMs: number;
  feed(): MarketFeed | null;
}

/**
 * The engine's loops: /case, /orders, the reconcile, /limits, /trader, /tenders, the tender depth,
 * the history sample, the decision round, and the arbitrage's market watch. The loops that ask
 * the exchange tell the health tracker how it went and back off while it does not answer.
 */
export function engineLoops(d: EngineLoopsDeps): Array<Loop | TouchWatch> {
  const c = d.config;
  const onError = (name: string, err: unknown) => {
    // No answer at all: the health tracker logs the outage (once, then at a bounded rate).
    if (d.health.fail(err)) {
      d.log.debug(`${name} loop: no answer`, { thread: 'main', error: errorMessage(err), code: errorCode(err) });
      d.onUnanswered();
      return;
    }
    d.log.warn(`${name} loop failed`, { thread: 'main', error: errorMessage(err), code: errorCode(err) });
  };
  // Loops that ask the exchange: their answers tell the health tracker, and they back off in an outage.
  const asks = { delay: (ms: number) => d.health.delayFor(ms), onSuccess: () => d.health.ok() };
  const tenderOn = d.decisions.enabled('tender');
  return [
    new Loop(
      'case',
      c.casePollMs,
      async () => {
        d.onCase(await d.api.getCase());
      },
      onError,
      false,
      asks,
    ),
    // Finished orders are kept a while for late answers (1,000: minutes of trading); an /orders
    // answer about an older one is then foreign to the store, and tick-matched UNKNOWN orders cannot
    // take it (it is older than they are). 5,000 kept a 3,600-tick soak's heap growing to the end.
    new Loop(
      'orders',
      c.orderPollMs,
      async () => {
        await d.em.pollOrders();
        d.em.store.pruneTerminal(1000);
      },
      onError,
      false,
      asks,
    ),
    new Loop(
      'reconcile',
      c.reconcileMs,
      async () => {
        await d.em.reconcilePositions();
      },
      onError,
      false,
      asks,
    ),
    // The exchange's own gross/net figures: what the gate checks against, and the breach count of the report.
    new Loop(
      'limits',
      c.casePollMs,
      async () => {
        const limits = await d.api.getLimits();
        d.em.setLimits(limits);
        if (limits.some((l) => l.gross > l.gross_limit || Math.abs(l.net) > l.net_limit)) d.onLimitBreach();
      },
      onError,
      false,
      asks,
    ),
    new Loop(
      'trader',
      c.traderPollMs,
      async () => {
        const t = await d.api.getTrader();
        d.onNlv(t.nlv);
        d.em.gate.observeNlv(t.nlv);
      },
      onError,
      false,
      asks,
    ),
    new Loop('tenders', c.tenderPollMs ?? d.tenderPollMs, () => d.pollTenders(), onError, true, asks),
    ...(tenderOn ? [new Loop('depth', c.depthRefreshMs, () => d.decisions.depth.refresh(), onError, false, asks)] : []),
    new Loop(
      'history',
      c.historySampleMs,
      () => {
        d.history()?.sample(d.em.tick, (t) => d.em.quote(t));
      },
      onError,
    ),
    new Loop('decide', c.decisionIntervalMs, () => d.decisions.decide(), onError),
    // The arbitrage reacts to a book change of its legs, not only at the next round.
    ...(d.decisions.enabled('arbitrage') ? [marketWatch(d, onError)] : []),
  ];
}

/**
 * What runs watchMarket: woken by the feed workers' touch notifications when the feed has them
 * (a moved leg is acted on within the event loop's next turn), else polled at the feed's pace.
 */
function marketWatch(d: EngineLoopsDeps, onError: (name: string, err: unknown) => void): Loop | TouchWatch {
  const f = d.feed();
  if (f?.touchVersion && f.waitForTouch && f.interrupt) {
    return new TouchWatch(
      'market',
      f as TouchSource,
      d.decisions.arbLegs().filter((t) => d.em.securities[t]),
      () => d.decisions.watchMarket(),
      onError,
    );
  }
  return new Loop('market', Math.max(1, d.tenderPollMs), () => d.decisions.watchMarket(), onError);
}
