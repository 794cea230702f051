import type { EngineEvent, OrderState, RiskState } from '@ritc/engine';
import type { Source } from '@ritc/strategies';
import {
  bookFill,
  caseMoney,
  emptyBooks,
  ONE_CURRENCY,
  SOURCES,
  valueBooks,
  type CaseMoney,
  type SourceBooks,
} from './pnl';
import { Reservoir } from './stats';

export interface RecorderOptions {
  /** Most points kept per series; older points are thinned 2:1 when it is reached. */
  maxPoints?: number;
  /** Most rows kept in the orders table (the newest; counts stay exact). */
  maxOrders?: number;
  maxTenders?: number;
  maxErrors?: number;
  /** Latency samples kept per measure (uniform reservoir). */
  latencySamples?: number;
  /** How the case's money converts (also settable once the case is read: setMoney). */
  money?: CaseMoney;
}

/** Series sampled from `market` events, all aligned with `tick`. Prices in quote currency; P&L in CAD. */
export interface SeriesData {
  tick: number[];
  t: number[];
  mids: Record<string, Array<number | null>>;
  vpin: Record<string, Array<number | null>>;
  positions: Record<string, number[]>;
  /** Exchange nlv (CAD). */
  nlv: Array<number | null>;
  /** ETF-minus-basket spread and the arbitrage entry threshold (±). */
  spread: Array<number | null>;
  threshold: Array<number | null>;
  /** Estimated mark-to-market P&L per source (CAD), from fills. */
  pnlBySource: Record<Source, number[]>;
  /** Ticks between kept points (1 until the series was thinned). */
  stride: number;
}

export interface OrderRow {
  clientId: string;
  orderId: number | null;
  tick: number;
  t: number;
  ticker: string;
  action: 'BUY' | 'SELL';
  orderType: 'MARKET' | 'LIMIT';
  price: number | null;
  quantity: number;
  filled: number;
  vwap: number | null;
  state: OrderState;
  source: Source;
  reason?: string;
}

export interface TenderRow {
  tenderId: number;
  tick: number;
  ticker: string;
  action: 'BUY' | 'SELL';
  quantity: number;
  price: number | null;
  isFixedBid: boolean;
  expires: number;
  decision: 'ACCEPTED' | 'DECLINED' | 'EXPIRED' | 'SEEN';
  reason: string;
  valueCad: number | null;
}

export interface OrderCounts {
  sent: number;
  filled: number;
  cancelled: number;
  rejected: number;
  rateLimited: number;
}

export interface RecorderData {
  series: SeriesData;
  orders: OrderRow[];
  /** Rows dropped from `orders` to stay bounded. */
  ordersDropped: number;
  tenders: TenderRow[];
  counts: {
    orders: OrderCounts;
    fills: number;
    filledShares: Record<Source, number>;
    tenders: { offered: number; accepted: number; declined: number; expired: number };
    limitBreaches: number;
    riskRejects: number;
    reconcileMismatches: number;
    events: number;
  };
  risk: Array<{ tick: number; state: RiskState; reason: string }>;
  lastRiskState: RiskState;
  /** Latest positions seen (market events, overridden by reconcile's engine/exchange pair). */
  positions: Record<string, { engine: number | null; exchange: number | null }>;
  lastTick: number | null;
  lastNlv: number | null;
  lastMids: Record<string, number | null>;
  /** Estimated P&L by source at the last market event (CAD). */
  pnlBySource: Record<Source, number>;
  errors: { count: number; samples: string[] };
  latencyUs: { decisionToSend: number[]; pollRoundTrip: number[] };
  strategyMetrics: Record<string, Record<string, number | string | null>>;
  tickers: string[];
  /** How the case's money converts (every ticker in the reporting currency until the case is read). */
  money: CaseMoney;
  /** The case's securities in the server's order, cash excepted ([] until the case is read). */
  caseTickers: string[];
}

const RATE_LIMIT_RE = /rate.?limit|429/i;

/**
 * Consumes EngineEvents and keeps what the report needs: series sampled per `market` event, the
 * order and tender tables, counters. Memory is bounded whatever the run length: series are thinned
 * 2:1 at `maxPoints`, tables keep their newest rows, latency is a reservoir.
 */
const LIMIT_REASON_RE = /\b(limit|gross|net)\b/i;

export class RunRecorder {
  private readonly maxPoints: number;
  private readonly maxOrders: number;
  private readonly maxTenders: number;
  private readonly maxErrors: number;
  private money: CaseMoney;
  private caseTickers: string[] = [];
  private readonly s: SeriesData;
  private marketSeen = 0;
  private lastMarket: Extract<EngineEvent, { type: 'market' }> | null = null;
  private lastMarketKept = false;
  private readonly books: SourceBooks = emptyBooks();
  private readonly orders = new Map<string, OrderRow>();
  private ordersDropped = 0;
  private readonly tenders = new Map<number, TenderRow>();
  private readonly tenderIds = new Set<number>();
  private readonly counts: RecorderData['counts'];
  private readonly risk: RecorderData['risk'] = [];
  private lastRiskState: RiskState = 'ACTIVE';
  private readonly positions: RecorderData['positions'] = {};
  private lastTick: number | null = null;
  private readonly errors = { count: 0, samples: [] as string[] };
  private readonly lat: { decisionToSend: Reservoir; pollRoundTrip: Reservoir };
  private readonly strategyMetrics: RecorderData['strategyMetrics'] = {};
  private readonly tickers = new Set<string>();

  constructor(o: RecorderOptions = {}) {
    this.maxPoints = Math.max(4, o.maxPoints ?? 2000);
    this.maxOrders = Math.max(1, o.maxOrders ?? 1000);
    this.maxTenders = Math.max(1, o.maxTenders ?? 500);
    this.maxErrors = Math.max(1, o.maxErrors ?? 50);
    this.money = o.money ?? ONE_CURRENCY;
    const n = o.latencySamples ?? 4096;
    this.lat = { decisionToSend: new Reservoir(n), pollRoundTrip: new Reservoir(n) };
    const pnl = {} as Record<Source, number[]>;
    for (const src of SOURCES) pnl[src] = [];
    this.s = {
      tick: [],
      t: [],
      mids: {},
      vpin: {},
      positions: {},
      nlv: [],
      spread: [],
      threshold: [],
      pnlBySource: pnl,
      stride: 1,
    };
    this.counts = {
      orders: { sent: 0, filled: 0, cancelled: 0, rejected: 0, rateLimited: 0 },
      fills: 0,
      filledShares: Object.fromEntries(SOURCES.map((x) => [x, 0])) as Record<Source, number>,
      tenders: { offered: 0, accepted: 0, declined: 0, expired: 0 },
      limitBreaches: 0,
      riskRejects: 0,
      reconcileMismatches: 0,
      events: 0,
    };
  }

  add(e: EngineEvent): void {
    this.counts.events++;
    if ('tick' in e && Number.isFinite(e.tick)) this.lastTick = e.tick;
    switch (e.type) {
      case 'case':
        // Sent before any trading: fills are booked in their own currency from here on.
        this.money = caseMoney(e);
        // Cash is not charted, but a currency that converts another one is a price like any other.
        this.caseTickers = Object.keys(e.securities).filter(
          (t) => !e.securities[t]?.isCurrency || Object.values(this.money.fx).includes(t),
        );
        return;
      case 'market':
        return this.onMarket(e);
      case 'order':
        return this.onOrder(e);
      case 'fill':
        this.counts.fills++;
        this.counts.filledShares[e.source] += e.quantity;
        this.tickers.add(e.ticker);
        bookFill(this.books, e, this.money);
        return;
      case 'tender':
        return this.onTender(e);
      case 'risk':
        // Only a limit-driven change counts (an engine's end-of-case REDUCING or kill switch is not a
        // breach); an engine that reads the exchange's /limits gives the exact figure in its FinalAccount.
        if (e.state !== 'ACTIVE' && this.lastRiskState === 'ACTIVE' && LIMIT_REASON_RE.test(e.reason))
          this.counts.limitBreaches++;
        this.lastRiskState = e.state;
        if (this.risk.length < this.maxTenders) this.risk.push({ tick: e.tick, state: e.state, reason: e.reason });
        return;
      case 'reject':
        this.counts.riskRejects++;
        this.counts.orders.rejected++;
        if (RATE_LIMIT_RE.test(e.reason)) this.counts.orders.rateLimited++;
        return;
      case 'reconcile':
        this.positions[e.ticker] = { engine: e.engine, exchange: e.exchange };
        if (e.engine !== e.exchange) this.counts.reconcileMismatches++;
        return;
      case 'strategy': {
        this.strategyMetrics[e.kind] = { ...e.metrics };
        if (e.kind === 'latency') {
          const d = e.metrics.decisionToSendUs;
          const p = e.metrics.pollRoundTripUs;
          if (typeof d === 'number') this.lat.decisionToSend.add(d);
          if (typeof p === 'number') this.lat.pollRoundTrip.add(p);
        }
        return;
      }
      case 'log':
        if (e.level === 'error') this.addError(`[${e.thread}] ${e.message}`);
        return;
    }
  }

  /** Records an error seen outside the event stream (e.g. a crashed worker). */
  addError(message: string): void {
    this.errors.count++;
    if (this.errors.samples.length < this.maxErrors) this.errors.samples.push(message);
  }

  private onMarket(e: Extract<EngineEvent, { type: 'market' }>): void {
    for (const t of Object.keys(e.mids)) this.tickers.add(t);
    for (const [t, q] of Object.entries(e.positions)) {
      this.tickers.add(t);
      const prev = this.positions[t];
      this.positions[t] = { engine: q, exchange: prev?.exchange ?? null };
    }
    this.rememberMids(e.mids);
    this.lastMarket = e;
    const keep = this.marketSeen % this.s.stride === 0;
    this.marketSeen++;
    this.lastMarketKept = keep;
    if (!keep) return;
    this.pushPoint(e);
    if (this.s.tick.length >= this.maxPoints) this.thin();
  }

  private pushPoint(e: Extract<EngineEvent, { type: 'market' }>): void {
    const s = this.s;
    const n = s.tick.length;
    s.tick.push(e.tick);
    s.t.push(e.t);
    s.nlv.push(num(e.nlv));
    s.spread.push(num(e.spread));
    s.threshold.push(num(e.threshold));
    pushKeyed(s.mids, e.mids, n, null);
    pushKeyed(s.vpin, e.vpin, n, null);
    pushKeyed(s.positions, e.positions, n, 0);
    const v = valueBooks(this.books, { ...this.knownMids }, this.money).bySource;
    for (const src of SOURCES) s.pnlBySource[src].push(v[src]);
  }

  /** Mids of this event, falling back to the last known mid per ticker (a one-sided book has none). */
  private readonly knownMids: Record<string, number> = {};
  private rememberMids(m: Record<string, number | null>): void {
    for (const [t, v] of Object.entries(m)) if (typeof v === 'number' && Number.isFinite(v)) this.knownMids[t] = v;
  }

  /** Keeps every other point; later events are sampled at the doubled stride. */
  private thin(): void {
    const s = this.s;
    const keepIdx = (a: unknown[]) => a.filter((_, i) => i % 2 === 0);
    s.tick = keepIdx(s.tick) as number[];
    s.t = keepIdx(s.t) as number[];
    s.nlv = keepIdx(s.nlv) as Array<number | null>;
    s.spread = keepIdx(s.spread) as Array<number | null>;
    s.threshold = keepIdx(s.threshold) as Array<number | null>;
    for (const m of [s.mids, s.vpin, s.positions] as Array<Record<string, unknown[]>>) {
      for (const [k, v] of Object.entries(m)) m[k] = keepIdx(v);
    }
    for (const src of SOURCES) s.pnlBySource[src] = keepIdx(s.pnlBySource[src]) as number[];
    s.stride *= 2;
  }

  private onOrder(e: Extract<EngineEvent, { type: 'order' }>): void {
    this.tickers.add(e.ticker);
    const c = this.counts.orders;
    if (e.prevState === null) c.sent++;
    if (e.state !== e.prevState) {
      if (e.state === 'TRANSACTED') c.filled++;
      else if (e.state === 'CANCELLED') c.cancelled++;
      else if (e.state === 'REJECTED') {
        c.rejected++;
        if (e.reason && RATE_LIMIT_RE.test(e.reason)) c.rateLimited++;
      }
    }
    const row: OrderRow = {
      clientId: e.clientId,
      orderId: e.orderId,
      tick: e.tick,
      t: e.t,
      ticker: e.ticker,
      action: e.action,
      orderType: e.orderType,
      price: e.price,
      quantity: e.quantity,
      filled: e.filled,
      vwap: e.vwap,
      state: e.state,
      source: e.source,
      reason: e.reason,
    };
    const prev = this.orders.get(e.clientId);
    if (prev) {
      // Keep the tick the order was first seen; everything else is its latest state.
      row.tick = prev.tick;
      row.t = prev.t;
      this.orders.set(e.clientId, row);
      return;
    }
    this.orders.set(e.clientId, row);
    if (this.orders.size > this.maxOrders) {
      const oldest = this.orders.keys().next().value as string;
      this.orders.delete(oldest);
      this.ordersDropped++;
    }
  }

  private onTender(e: Extract<EngineEvent, { type: 'tender' }>): void {
    const td = e.tender;
    if (!this.tenderIds.has(td.tender_id)) {
      this.tenderIds.add(td.tender_id);
      this.counts.tenders.offered++;
    }
    const prev = this.tenders.get(td.tender_id);
    if (prev?.decision !== e.decision) {
      if (e.decision === 'ACCEPTED') this.counts.tenders.accepted++;
      else if (e.decision === 'DECLINED') this.counts.tenders.declined++;
      else if (e.decision === 'EXPIRED') this.counts.tenders.expired++;
    }
    // A later SEEN must not hide an earlier decision.
    if (prev && e.decision === 'SEEN' && prev.decision !== 'SEEN') return;
    const row: TenderRow = {
      tenderId: td.tender_id,
      tick: prev?.tick ?? e.tick,
      ticker: td.ticker,
      action: td.action,
      quantity: td.quantity,
      price: td.price,
      isFixedBid: td.is_fixed_bid,
      expires: td.expires,
      decision: e.decision,
      reason: e.reason,
      valueCad: e.valueCad ?? prev?.valueCad ?? null,
    };
    this.tenders.set(td.tender_id, row);
    if (this.tenders.size > this.maxTenders) this.tenders.delete(this.tenders.keys().next().value as number);
  }

  /** A snapshot of everything recorded (copies: later events do not change it). */
  data(): RecorderData {
    const s = this.s;
    const series: SeriesData = structuredClone(s);
    // The newest market event always ends the series, even when the stride skipped it.
    if (this.lastMarket && !this.lastMarketKept) {
      const e = this.lastMarket;
      const n = series.tick.length;
      series.tick.push(e.tick);
      series.t.push(e.t);
      series.nlv.push(num(e.nlv));
      series.spread.push(num(e.spread));
      series.threshold.push(num(e.threshold));
      pushKeyed(series.mids, e.mids, n, null);
      pushKeyed(series.vpin, e.vpin, n, null);
      pushKeyed(series.positions, e.positions, n, 0);
      const v = valueBooks(this.books, { ...this.knownMids }, this.money).bySource;
      for (const src of SOURCES) series.pnlBySource[src].push(v[src]);
    }
    const pnl = valueBooks(this.books, { ...this.knownMids }, this.money).bySource;
    return {
      series,
      orders: [...this.orders.values()].map((r) => ({ ...r })),
      ordersDropped: this.ordersDropped,
      tenders: [...this.tenders.values()].map((r) => ({ ...r })),
      counts: structuredClone(this.counts),
      risk: this.risk.map((r) => ({ ...r })),
      lastRiskState: this.lastRiskState,
      positions: structuredClone(this.positions),
      lastTick: this.lastTick,
      lastNlv: this.lastMarket ? num(this.lastMarket.nlv) : null,
      lastMids: { ...this.knownMids },
      pnlBySource: pnl,
      errors: { count: this.errors.count, samples: [...this.errors.samples] },
      latencyUs: {
        decisionToSend: [...this.lat.decisionToSend.values],
        pollRoundTrip: [...this.lat.pollRoundTrip.values],
      },
      strategyMetrics: structuredClone(this.strategyMetrics),
      tickers: [...this.tickers].sort(),
      money: structuredClone(this.money),
      caseTickers: [...this.caseTickers],
    };
  }
}

function num(v: number | null | undefined): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** Appends one value per key, back-filling series that appear late so every array stays aligned. */
function pushKeyed<T>(target: Record<string, T[]>, values: Record<string, unknown>, n: number, fill: T): void {
  for (const k of Object.keys(values)) if (!target[k]) target[k] = new Array<T>(n).fill(fill);
  for (const [k, arr] of Object.entries(target)) {
    const v = values[k];
    arr.push(typeof v === 'number' && Number.isFinite(v) ? (v as T) : fill);
  }
}
