/**
 * A stand-in for `@ritc/engine`'s `startEngine` while the engine package exports only its
 * Coordinator: builds one from the run's context and adapts it to the EngineLike seam. The harness
 * uses @ritc/engine's own `startEngine` whenever it exists (see lookupEngine).
 */
import * as path from 'node:path';
import { RitClient } from '@ritc/rit-client';
import type { StrategyKind } from '@ritc/strategies';
import type { StartEngineContext } from '../run';
import type { EngineLike, FinalAccount } from '../seam';

/** Compiled thread entries live in the repo's dist/ (four levels up from src/evaluate and dist/evaluate). */
const DIST = path.resolve(__dirname, '..', '..', '..', '..', 'dist');
const KIND: Record<string, StrategyKind> = { mm: 'marketMaking', arb: 'arbitrage', tender: 'tender' };

interface CoordinatorLike {
  start(): Promise<void>;
  getState(): { caseStatus: string | null; nlvCad: number | null; positions: Record<string, { position: number }>; pnlBySource: Record<string, { netCad: number }>;
    fees: { feesCad: number; rebatesCad: number }; counters: { ordersSent: number; ordersFilled: number; ordersCancelled: number; ordersRejected: number; rateLimited: number } };
  shutdown(o?: { reason?: string }): Promise<{ openOrdersLeft: number | null }>;
  bus: { on(type: '*', fn: (e: never) => void): () => void };
}

export async function startCoordinatorEngine(ctx: StartEngineContext): Promise<EngineLike> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Coordinator } = require('@ritc/engine') as { Coordinator: new (o: Record<string, unknown>) => CoordinatorLike };
  const apiKey = ctx.apiKey ?? '';
  const api = new RitClient({ baseUrl: ctx.apiUrl, apiKey, timeoutMs: 1_000 });
  const cfg = ctx.config;
  const engine = new Coordinator({
    api, ownsApi: true,
    strategies: cfg.strategies.map((s) => ({ kind: KIND[s]!, enabled: true, params: { ...cfg.params[s], riskAversion: cfg.riskAversion } })),
    feedWorkerFile: path.join(DIST, 'security-feed.worker.js'),
    strategyWorkerFile: path.join(DIST, 'strategy.worker.js'),
    connection: { baseUrl: ctx.apiUrl, apiKey },
    feedPollDelayMs: cfg.pollDelayMs.default,
  });
  const probe = new RitClient({ baseUrl: ctx.apiUrl, apiKey, timeoutMs: 1_000 });
  let final: Promise<FinalAccount> | null = null;
  return {
    start: () => engine.start(),
    on: (l) => { engine.bus.on('*', l as (e: never) => void); },
    getState: () => engine.getState(),
    waitForEnd: async () => {
      for (;;) {
        try {
          const c = await probe.getCase();
          if (c.status === 'STOPPED') return;
        } catch { /* keep waiting: a fault or a pause is not the end */ }
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    shutdown: () => {
      final ??= (async () => {
        const report = await engine.shutdown({ reason: 'run ended' });
        const st = engine.getState();
        const read = async <T>(f: () => Promise<T>): Promise<T | null> => {
          for (let i = 0; i < 5; i++) { try { return await f(); } catch { await new Promise((r) => setTimeout(r, 20)); } }
          return null;
        };
        const secs = await read(() => probe.getSecurities());
        const trader = await read(() => probe.getTrader());
        await probe.close();
        const positions: FinalAccount['positions'] = {};
        for (const s of secs ?? []) {
          if (s.type === 'CURRENCY') continue;
          positions[s.ticker] = { engine: st.positions[s.ticker]?.position ?? 0, exchange: s.position };
        }
        const pnl = (k: string) => st.pnlBySource[k]?.netCad ?? 0;
        return {
          nlv: trader?.nlv ?? st.nlvCad,
          positions,
          openOrdersAtExit: report.openOrdersLeft ?? -1,
          pnlBySource: { MARKET_MAKER: pnl('MARKET_MAKER'), ARBITRAGE: pnl('ARBITRAGE'), TENDER: pnl('TENDER'), HEDGE: pnl('HEDGE') },
          fees: st.fees.feesCad, rebates: st.fees.rebatesCad,
          orders: { sent: st.counters.ordersSent, filled: st.counters.ordersFilled, cancelled: st.counters.ordersCancelled, rejected: st.counters.ordersRejected, rateLimited: st.counters.rateLimited },
        };
      })();
      return final;
    },
  };
}
