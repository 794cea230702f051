/**
 * The composition root: builds @ritc/engine's Coordinator from a validated RunConfig and adapts it to
 * the EngineLike seam that runTrading drives. The engine knows nothing of the CLI; this file is the
 * one place where CLI settings (strategies, poll delays, profiling) become engine options.
 */
import * as path from 'node:path';
import {
  Coordinator,
  type CoordinatorOptions,
  type EngineEvent,
  type EngineState,
  type EngineView,
  type FeedPollStats,
} from '@ritc/engine';
import { RitClient } from '@ritc/rit-client';
import type { Snapshot } from '@ritc/market-data';
import type { Source } from '@ritc/strategies';
import { feedPollDelays, signalsVirtualClock, strategyByName } from './config';
import type { EngineStateView } from './dashboard/state';
import type { StartEngineContext } from './run';
import type { EngineLike, FinalAccount, RunEnd } from './seam';

/** Compiled thread entries sit beside dist/main.js: three levels up from packages/cli/{src,dist}. */
export const DIST_DIR = path.resolve(__dirname, '..', '..', '..', 'dist');

/** How often the adapter samples the security workers' poll statistics, ms. */
const FEED_STATS_MS = 1_000;
/** How often the adapter looks for a new tick to sample for the report's charts, ms. */
const MARKET_SAMPLE_MS = 20;
/** How often waitForEnd looks whether the engine was shut down meanwhile, ms. */
const END_CHECK_MS = 50;

export interface StartEngineOptions {
  /** Where security-feed.worker.js and strategy.worker.js are (default the repo's dist/). */
  distDir?: string;
  /** Extra coordinator options (tests: shorter loops, a custom runner). */
  coordinator?: Partial<CoordinatorOptions>;
}

/** `startEngine` for runTrading: the real engine with a security worker per ticker and the strategy pool. */
export function startEngine(ctx: StartEngineContext, opts: StartEngineOptions = {}): Promise<EngineLike> {
  // Building it is synchronous; a throw (bad options) still reaches the caller as a rejection.
  return new Promise((resolve) => resolve(createEngine(ctx, opts)));
}

function createEngine(ctx: StartEngineContext, opts: StartEngineOptions): EngineLike {
  const cfg = ctx.config;
  const dist = opts.distDir ?? DIST_DIR;
  const apiKey = ctx.apiKey ?? '';
  const log = ctx.logger.child({ thread: 'main', role: 'coordinator' });
  const api = new RitClient({ baseUrl: ctx.apiUrl, apiKey, timeoutMs: 2_000 });
  const engine = new Coordinator({
    api,
    ownsApi: true,
    logger: log,
    strategies: cfg.strategies.map((s) => ({
      kind: strategyByName(s).kind,
      enabled: true,
      params: { riskAversion: cfg.riskAversion, ...cfg.params[s] },
    })),
    feedWorkerFile: path.join(dist, 'security-feed.worker.js'),
    strategyWorkerFile: path.join(dist, 'strategy.worker.js'),
    connection: { baseUrl: ctx.apiUrl, apiKey },
    feedPollDelays: feedPollDelays(cfg),
    ...(ctx.profiling.enabled
      ? {
          feedExecArgv: (t: string) => ctx.profiling.execArgvFor(`feed:${t}`),
          poolExecArgv: ctx.profiling.poolExecArgv(),
        }
      : {}),
    onThread: (t) => ctx.profiling.registerThread(t),
    ...opts.coordinator,
    // Only the embedded simulator's virtual clock is told when a tick is done, never a RIT Client.
    config: {
      ...cfg.engine,
      virtualClockReady: signalsVirtualClock(cfg),
      virtualClockTickMs: signalsVirtualClock(cfg) && cfg.command === 'default' ? cfg.sim.tickMs : null,
      ...opts.coordinator?.config,
    },
  });
  return adaptCoordinator(engine, new RitClient({ baseUrl: ctx.apiUrl, apiKey, timeoutMs: 1_000 }));
}

/**
 * What the adapter needs of the engine: the read-only view, its events, and the run's start, end
 * and shutdown. Nothing here writes orders or positions.
 */
export type AdaptedEngine = EngineView & Pick<Coordinator, 'start' | 'shutdown' | 'ended' | 'bus' | 'caseSetup'>;

/** The account read after shutdown; `probe` is a client of its own (the engine closes its client). */
export function adaptCoordinator(engine: AdaptedEngine, probe: RitClient): EngineLike {
  let feedStats: FeedPollStats[] = [];
  let statsTimer: NodeJS.Timeout | null = null;
  let marketTimer: NodeJS.Timeout | null = null;
  const listeners: Array<(e: EngineEvent) => void> = [];
  const arb = { spread: null as number | null, threshold: null as number | null };
  let lastTick = -1;
  /** One `market` event per tick (what the report charts): mids, VPIN, share positions, NLV, the arbitrage spread. */
  const sampleMarket = () => {
    if (engine.caseStatus !== 'ACTIVE') return;
    const snaps = engine.snapshots();
    // The feeds see a new tick first (they poll every few ms; the case loop every 250 ms).
    const tick = Math.max(engine.tick, ...Object.values(snaps).map((x) => x.tick));
    if (tick === lastTick) return;
    lastTick = tick;
    // Not getState(): it builds P&L, order views and latency summaries this chart does not need,
    // on the thread that answers tenders.
    const mids: Record<string, number | null> = {};
    const vpin: Record<string, number | null> = {};
    for (const [t, sn] of Object.entries(snaps)) {
      mids[t] = sn.mid;
      vpin[t] = sn.vpin;
    }
    const positions: Record<string, number> = {};
    const cash = cashTickers(engine);
    for (const t of Object.keys(snaps)) if (!cash.has(t)) positions[t] = engine.position(t);
    const e: EngineEvent = {
      type: 'market',
      t: Date.now(),
      tick,
      mids,
      vpin,
      positions,
      nlv: engine.lastNlvCad,
      spread: arb.spread,
      threshold: arb.threshold,
    };
    for (const l of listeners) l(e);
  };
  let final: Promise<FinalAccount> | null = null;
  let started = false;
  const sampleFeeds = async () => {
    try {
      const s = await engine.feedStats();
      if (s.length) feedStats = s;
    } catch {
      /* a restarting feed answers next time */
    }
  };
  engine.bus.on('strategy', (e) => {
    if (e.kind !== 'arbitrage') return;
    const sp = e.metrics['arb.spreadMid'];
    const th = e.metrics['arb.threshold'];
    if (typeof sp === 'number') arb.spread = sp;
    if (typeof th === 'number') arb.threshold = th;
  });
  return {
    start: async () => {
      await engine.start();
      started = true;
      statsTimer = setInterval(() => {
        void sampleFeeds();
      }, FEED_STATS_MS);
      statsTimer.unref();
      marketTimer = setInterval(sampleMarket, MARKET_SAMPLE_MS);
      marketTimer.unref();
    },
    on: (listener) => {
      listeners.push(listener);
      engine.bus.on('*', listener);
    },
    getState: () =>
      dashboardView(engine.getState(), engine.snapshots(), feedStats, engine.caseSetup?.description.reportingCurrency),
    // The engine decides when the run is over (the case STOPPED, or the exchange lost); a
    // shutdown (after a signal) ends the wait too.
    waitForEnd: async (): Promise<RunEnd | void> => {
      const stopped = new Promise<void>((resolve) => {
        const check = setInterval(() => {
          if (final) {
            clearInterval(check);
            resolve();
          }
        }, END_CHECK_MS);
        check.unref();
      });
      const end = await Promise.race([engine.ended, stopped]);
      return end ? { reason: end.reason, detail: end.detail } : undefined;
    },
    shutdown: () => {
      final ??= (async () => {
        if (statsTimer) clearInterval(statsTimer);
        if (marketTimer) clearInterval(marketTimer);
        if (started) await sampleFeeds();
        const report = await engine.shutdown({ reason: 'run ended' });
        const st = engine.getState();
        const account = await readAccount(probe);
        // The account is read: a failed close of the probe's own connection leaves nothing to report or retry.
        await probe.close().catch(() => {});
        return finalAccount(st, report.openOrdersLeft, account, feedStats, cashTickers(engine));
      })();
      return final;
    },
  };
}

/** The case's currency securities: their "position" is a cash balance, not shares. */
function cashTickers(engine: Pick<AdaptedEngine, 'caseSetup'>): Set<string> {
  const d = engine.caseSetup?.description;
  return new Set(d ? Object.values(d.securities).flatMap((x) => (x.isCurrency ? [x.ticker] : [])) : []);
}

/** The engine's state in the shape the dashboard merges (EngineStateView), plus the raw state. */
export function dashboardView(
  st: EngineState,
  snaps: Record<string, Snapshot>,
  feeds: FeedPollStats[],
  /** The reporting currency's cash is no security row (CAD until the case is read). */
  reportingCurrency = 'CAD',
): EngineStateView & { engine: EngineState } {
  const securities: NonNullable<EngineStateView['securities']> = {};
  for (const t of new Set([...Object.keys(snaps), ...Object.keys(st.positions)])) {
    if (t === reportingCurrency) continue;
    const s = snaps[t];
    securities[t] = {
      bid: s?.bid ?? null,
      ask: s?.ask ?? null,
      last: s?.last ?? null,
      vpin: s?.vpin ?? null,
      position: st.positions[t]?.position ?? 0,
    };
  }
  const bySource: Partial<Record<Source, number>> = {};
  for (const [k, v] of Object.entries(st.pnlBySource)) bySource[k as Source] = v.netCad;
  return {
    case: { tick: st.tick, period: st.period, ...(st.caseStatus ? { status: st.caseStatus } : {}) },
    securities,
    pnl: { total: st.nlvCad, bySource },
    risk: {
      state: st.riskState,
      limits: st.limitUsage.map((u) => ({
        name: u.name,
        gross: u.gross,
        net: u.net,
        grossLimit: u.grossLimit,
        netLimit: u.netLimit,
      })),
    },
    latencyUs: {
      decisionToSend: { p50: st.latency.decisionToSendUs.p50, p99: st.latency.decisionToSendUs.p99 },
      ...(feeds.length ? { pollRoundTrip: feedRoundTrip(feeds) } : {}),
    },
    pollRates: Object.fromEntries(feeds.map((f) => [f.ticker, f.pollsPerSec])),
    engine: st,
  };
}

interface ExchangeAccount {
  nlv: number | null;
  positions: Record<string, number>;
  /** The case's currency securities (their "position" is a cash balance, not shares). */
  currencies?: string[];
}

/** How long the final account read may retry (faults may still be on; an exchange that is gone must not hold the exit). */
const ACCOUNT_READ_MS = 3_000;

/** The exchange's own view after the engine stopped; retried because faults may still be on. */
async function readAccount(probe: RitClient): Promise<ExchangeAccount | null> {
  const deadline = Date.now() + ACCOUNT_READ_MS;
  for (let i = 0; Date.now() < deadline; i++) {
    try {
      const [secs, trader] = await Promise.all([probe.getSecurities(), probe.getTrader()]);
      const positions: Record<string, number> = {};
      for (const s of secs) if (s.type !== 'CURRENCY') positions[s.ticker] = s.position;
      const currencies = secs.filter((s) => s.type === 'CURRENCY').map((s) => s.ticker);
      return { nlv: trader.nlv, positions, currencies };
    } catch {
      // Faults may still be on: back off and ask again until the deadline (then the account is unknown).
      await new Promise((r) => setTimeout(r, Math.min(500, 50 * (i + 1))));
    }
  }
  return null;
}

/**
 * Each worker measures its own book+TAS round trips; the run's figure is the median of the workers'
 * p50s and the worst of their p99s.
 */
function feedRoundTrip(feeds: FeedPollStats[]): { p50: number | null; p99: number | null } {
  const p50s = feeds.map((f) => f.rttP50Us).sort((a, b) => a - b);
  const p50 = p50s[Math.floor(p50s.length / 2)];
  if (p50 === undefined) return { p50: null, p99: null };
  return { p50, p99: Math.max(...feeds.map((f) => f.rttP99Us)) };
}

/**
 * RIT's API reports no fines. A case that enforces its limits refuses an order over a limit
 * instead of fining the breach, so its fines are 0; otherwise they cannot be read (null).
 */
function fines(enforced: boolean | null): Pick<FinalAccount, 'fines' | 'finesNote'> {
  if (enforced === true)
    return { fines: 0, finesNote: 'the case enforces its limits: an order over a limit is refused, never fined' };
  if (enforced === false)
    return { finesNote: 'the case fines limit breaches, and the exchange does not report the fines charged' };
  return { finesNote: 'the case was never read' };
}

export function finalAccount(
  st: EngineState,
  openOrdersLeft: number | null,
  account: ExchangeAccount | null,
  feeds: FeedPollStats[],
  /** The case's currency securities as the engine read them at start-up. */
  caseCash: ReadonlySet<string> = new Set(),
): FinalAccount {
  const positions: FinalAccount['positions'] = {};
  // Cash balances are not positions: the case's currencies, as the exchange lists them at the end or the engine read them.
  const cash = new Set([...(account?.currencies ?? []), ...caseCash]);
  const tickers = new Set([
    ...Object.keys(account?.positions ?? {}),
    ...Object.keys(st.positions).filter((t) => !cash.has(t)),
  ]);
  for (const t of tickers) {
    positions[t] = { engine: st.positions[t]?.position ?? 0, exchange: account ? (account.positions[t] ?? 0) : null };
  }
  const pnl = (k: keyof EngineState['pnlBySource']) => st.pnlBySource[k].netCad;
  const c = st.counters;
  const nlv = account ? account.nlv : st.nlvCad;
  return {
    nlv,
    // Read from the exchange after the shutdown, else the engine's last /trader reading.
    ...(nlv !== null ? { nlvSource: account ? ('exchange' as const) : ('engine estimate' as const) } : {}),
    positions,
    // null: the exchange could not be asked (the summary shows it as unknown, never as zero).
    openOrdersAtExit: openOrdersLeft,
    ...fines(st.limitsEnforced),
    outage: {
      outages: st.exchange.outages,
      failures: st.exchange.failures,
      downMs: st.exchange.downMs,
      lost: st.exchange.lost,
    },
    pnlBySource: {
      MARKET_MAKER: pnl('MARKET_MAKER'),
      ARBITRAGE: pnl('ARBITRAGE'),
      TENDER: pnl('TENDER'),
      HEDGE: pnl('HEDGE'),
    },
    fees: st.fees.feesCad,
    rebates: st.fees.rebatesCad,
    limitBreaches: st.limitBreaches,
    orders: {
      sent: c.ordersSent,
      filled: c.ordersFilled,
      cancelled: c.ordersCancelled,
      rejected: c.ordersRejected,
      rateLimited: c.rateLimited,
    },
    latencyUs: {
      decisionToSend: { p50: st.latency.decisionToSendUs.p50, p99: st.latency.decisionToSendUs.p99 },
      pollRoundTrip: feedRoundTrip(feeds),
    },
  };
}
