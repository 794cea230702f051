/**
 * One simulated case for the harness: a real @ritc/sim server on 127.0.0.1 (ephemeral port),
 * paused at tick 0 until start(), whose final state is captured just before it closes — the
 * exchange's own account (the reference every bot is judged by), request statistics, the trader's
 * order log, tender outcomes and reaction-latency records.
 */
import {
  startSimServer,
  type DeepPartial,
  type FaultConfig,
  type SimConfig,
  type SimServer,
  type SimStats,
} from '@ritc/sim';
import type { EmbeddedSimulator } from '@ritc/runner';

export type SimAccount = ReturnType<SimServer['account']>;

/** One order of the trader as the exchange logged it. */
export interface ExchangeOrder {
  id: number;
  ticker: string;
  action: 'BUY' | 'SELL';
  type: string;
  quantity: number;
  filled: number;
  status: string;
  tick: number;
}

export interface CaseSnapshot {
  tick: number;
  status: string;
  account: SimAccount;
  stats: SimStats;
  orders: ExchangeOrder[];
  /** Orders still OPEN at the exchange when the snapshot was taken. */
  openOrders: number;
  tenders: { offered: number; accepted: number; declined: number; expired: number };
  /**
   * Reporting currency per unit of each currency security at the snapshot (the close-out rates once
   * the case ended); a case without a foreign currency has only its own at 1.
   */
  fxRates: Record<string, number>;
  /** Currency tickers (their "position" is a cash balance). */
  currencies: string[];
  /** Virtual clock: ticks that ended on the traders' ready signals and on the maximum wait (else null). */
  virtualClock: { onReady: number; onMaxWait: number } | null;
}

export interface CaseSimOptions {
  seed: number;
  tickMs: number;
  ticks: number;
  /** A shipped case's name or a case file (default: the simulator's default case). */
  case?: string;
  scenario?: DeepPartial<SimConfig>;
  faults?: Partial<FaultConfig> | string;
  apiKey?: string;
  /** wall (default): ticks every tickMs; virtual: a tick ends when the traders are ready, tickMs at most. */
  clock?: 'wall' | 'virtual';
  /** Virtual clock: the shortest tick, ms (the simulator's default when absent). */
  minTickMs?: number;
  /** A heat: several traders, each with its own key and account, in the one market (replaces apiKey). */
  traders?: { name: string; apiKey: string }[];
}

export interface CaseSim extends EmbeddedSimulator {
  readonly server: SimServer;
  /** The state captured by close() (or null before). */
  readonly final: CaseSnapshot | null;
  snapshot(): CaseSnapshot;
  /** One trader's state captured by close() (a heat's traders; the first one is `final`), or null before. */
  finalOf(traderId: string): CaseSnapshot | null;
  /** POST to the /sim/ control surface (faults, tender, shock, pause); resolves with the JSON answer. */
  control(path: string, method?: 'GET' | 'POST'): Promise<unknown>;
}

/**
 * Reads everything the harness judges by from the in-process exchange, for one trader of the heat
 * (the first one when not named).
 */
export function takeSnapshot(server: SimServer, traderId?: string): CaseSnapshot {
  const ex = server.exchange;
  const trader = traderId === undefined ? ex.user : ex.traders.find((a) => a.traderId === traderId);
  if (trader === undefined) throw new Error(`the simulator has no trader ${traderId}`);
  const account =
    trader === ex.user ? server.account() : server.heat().traders.find((t) => t.trader_id === trader.traderId)!;
  const orders: ExchangeOrder[] = [];
  let openOrders = 0;
  for (const o of ex.traderOrders) {
    if (o.owner !== trader.idx) continue;
    if (o.status === 'OPEN') openOrders++;
    orders.push({
      id: o.id,
      ticker: ex.metas[o.sec]!.ticker,
      action: o.action,
      type: o.type,
      quantity: o.quantity,
      filled: o.filled,
      status: o.status,
      tick: o.tick,
    });
  }
  const tenders = { offered: 0, accepted: 0, declined: 0, expired: 0 };
  for (const r of ex.tenders.history) {
    tenders.offered++;
    const outcome = r.outcomes.get(trader.idx);
    if (outcome === 'ACCEPTED') tenders.accepted++;
    else if (outcome === 'DECLINED') tenders.declined++;
    else if (outcome === 'EXPIRED') tenders.expired++;
  }
  return {
    tick: ex.tick,
    status: ex.status,
    account,
    stats: server.stats(),
    orders,
    openOrders,
    tenders,
    fxRates: Object.fromEntries(ex.metas.filter((m) => m.isCurrency).map((m) => [m.ticker, ex.fxRate(m.idx)])),
    currencies: ex.metas.filter((m) => m.isCurrency).map((m) => m.ticker),
    virtualClock: server.virtualClockCounts(),
  };
}

export async function startCaseSim(o: CaseSimOptions): Promise<CaseSim> {
  const server = await startSimServer({
    port: 0,
    seed: o.seed,
    tickMs: o.tickMs,
    ticks: o.ticks,
    autoStart: false,
    ...(o.case !== undefined ? { case: o.case } : {}),
    scenario: o.scenario,
    faults: o.faults,
    apiKey: o.apiKey,
    ...(o.traders !== undefined ? { traders: o.traders } : {}),
    ...(o.clock === 'virtual' ? { clock: 'virtual' as const } : {}),
    ...(o.minTickMs !== undefined ? { minTickMs: o.minTickMs } : {}),
  });
  let final: CaseSnapshot | null = null;
  const finals = new Map<string, CaseSnapshot>();
  let closed = false;
  return {
    server,
    apiUrl: server.url,
    apiKey: server.apiKey,
    get final() {
      return final;
    },
    start: () => server.resume(),
    snapshot: () => takeSnapshot(server),
    finalOf: (traderId) => finals.get(traderId) ?? null,
    control: async (p, method = 'POST') => {
      const base = server.url.replace(/\/v1$/, '');
      const res = await fetch(`${base}/sim/${p.replace(/^\/+/, '')}`, {
        method,
        headers: { 'X-API-Key': server.apiKey },
      });
      const body: unknown = await res.json();
      if (!res.ok) throw new Error(`/sim/${p}: HTTP ${res.status} ${JSON.stringify(body)}`);
      return body;
    },
    close: async () => {
      if (closed) return;
      closed = true;
      final = takeSnapshot(server);
      for (const a of server.exchange.traders) finals.set(a.traderId, takeSnapshot(server, a.traderId));
      await server.close();
    },
  };
}
