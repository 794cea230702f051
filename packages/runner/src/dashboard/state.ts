import type { EngineEvent, RiskState } from '@ritc/engine';
import type { Source } from '@ritc/strategies';
import {
  bookFill,
  caseMoney,
  emptyBooks,
  ONE_CURRENCY,
  valueBooks,
  SOURCES,
  type CaseMoney,
  type SourceBooks,
} from '../report/pnl';
import type { Quantiles } from '../seam';

export interface SecurityRow {
  ticker: string;
  bid: number | null;
  ask: number | null;
  last: number | null;
  mid: number | null;
  vpin: number | null;
  /** Shares (currencies: the balance). */
  position: number;
}

export interface OpenOrderRow {
  clientId: string;
  orderId: number | null;
  ticker: string;
  action: 'BUY' | 'SELL';
  orderType: 'MARKET' | 'LIMIT';
  price: number | null;
  quantity: number;
  filled: number;
  source: Source;
  tick: number;
}

export interface TenderLine {
  tenderId: number;
  tick: number;
  ticker: string;
  action: 'BUY' | 'SELL';
  quantity: number;
  price: number | null;
  decision: 'ACCEPTED' | 'DECLINED' | 'EXPIRED' | 'SEEN';
  reason: string;
}

export interface LimitUsage {
  name: string;
  gross: number;
  net: number;
  grossLimit: number;
  netLimit: number;
}

/** Everything the live dashboard draws. Plain data: built by applyEvent and mergeEngineState only. */
export interface DashboardState {
  case: { tick: number | null; period: number | null; ticksPerPeriod: number | null; status: string | null };
  securities: Record<string, SecurityRow>;
  pnl: {
    /** Exchange nlv, in the reporting currency. */
    total: number | null;
    bySource: Record<Source, number>;
    /** 'engine' once getState() has supplied attribution; until then estimated from fills. */
    bySourceMethod: 'engine' | 'estimated';
  };
  openOrders: Record<string, OpenOrderRow>;
  orders: { sent: number; filled: number; cancelled: number; rejected: number };
  tenders: { seen: number; accepted: number; declined: number; expired: number; recent: TenderLine[] };
  risk: { state: RiskState; reason: string; limits: LimitUsage[] };
  latencyUs: { decisionToSend: Quantiles | null; pollRoundTrip: Quantiles | null };
  /** Successful polls per second, per ticker. */
  pollRates: Record<string, number>;
  /** The newest warnings and errors. */
  messages: Array<{ level: string; text: string }>;
  /** Fills booked by source, for the estimated P&L (private to the reducer). */
  books: SourceBooks;
  /** How the case's money converts, from its `case` event (private to the reducer). */
  money: CaseMoney;
  /** The case's name, its tickers in the server's order and their quoted decimals, from its `case` event. */
  caseFacts: { name: string; tickers: string[]; decimals: Record<string, number> };
  events: number;
}

export const MAX_RECENT_TENDERS = 5;
export const MAX_MESSAGES = 5;
/** Open-order rows kept; an engine that leaks orders must not grow the dashboard without bound. */
export const MAX_OPEN_ORDERS = 200;

export function initialState(): DashboardState {
  return {
    case: { tick: null, period: null, ticksPerPeriod: null, status: null },
    securities: {},
    pnl: { total: null, bySource: zeroBySource(), bySourceMethod: 'estimated' },
    openOrders: {},
    orders: { sent: 0, filled: 0, cancelled: 0, rejected: 0 },
    tenders: { seen: 0, accepted: 0, declined: 0, expired: 0, recent: [] },
    risk: { state: 'ACTIVE', reason: '', limits: [] },
    latencyUs: { decisionToSend: null, pollRoundTrip: null },
    pollRates: {},
    messages: [],
    books: emptyBooks(),
    money: ONE_CURRENCY,
    caseFacts: { name: '', tickers: [], decimals: {} },
    events: 0,
  };
}

function zeroBySource(): Record<Source, number> {
  return Object.fromEntries(SOURCES.map((s) => [s, 0])) as Record<Source, number>;
}

const TERMINAL = new Set(['TRANSACTED', 'CANCELLED', 'REJECTED']);

function row(state: DashboardState, ticker: string): SecurityRow {
  return state.securities[ticker] ?? { ticker, bid: null, ask: null, last: null, mid: null, vpin: null, position: 0 };
}

function pushCapped<T>(arr: T[], v: T, max: number): T[] {
  const out = [...arr, v];
  return out.length > max ? out.slice(out.length - max) : out;
}

const fin = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Pure reducer: the state after one engine event (the input state is not modified). */
export function applyEvent(state: DashboardState, e: EngineEvent): DashboardState {
  const s: DashboardState = { ...state, events: state.events + 1 };
  if ('tick' in e && Number.isFinite(e.tick)) s.case = { ...s.case, tick: e.tick };
  switch (e.type) {
    case 'case':
      s.money = caseMoney(e);
      s.caseFacts = {
        name: e.name,
        tickers: Object.keys(e.securities),
        decimals: Object.fromEntries(Object.entries(e.securities).map(([t, x]) => [t, x.quotedDecimals])),
      };
      return s;
    case 'market': {
      const secs = { ...s.securities };
      const tickers = new Set([...Object.keys(e.mids), ...Object.keys(e.vpin), ...Object.keys(e.positions)]);
      for (const t of tickers) {
        const r = { ...row(s, t) };
        if (t in e.mids) r.mid = fin(e.mids[t]) ?? r.mid;
        if (t in e.vpin) r.vpin = fin(e.vpin[t]);
        const position = e.positions[t];
        if (position !== undefined) r.position = position;
        secs[t] = r;
      }
      s.securities = secs;
      const total = fin(e.nlv) ?? s.pnl.total;
      if (s.pnl.bySourceMethod === 'estimated') {
        const mids: Record<string, number | null> = {};
        for (const r of Object.values(secs)) mids[r.ticker] = r.mid;
        s.pnl = { ...s.pnl, total, bySource: valueBooks(s.books, mids, s.money).bySource };
      } else {
        s.pnl = { ...s.pnl, total };
      }
      return s;
    }
    case 'order': {
      const orders = { ...s.orders };
      if (e.prevState === null) orders.sent++;
      if (e.state !== e.prevState) {
        if (e.state === 'TRANSACTED') orders.filled++;
        else if (e.state === 'CANCELLED') orders.cancelled++;
        else if (e.state === 'REJECTED') orders.rejected++;
      }
      s.orders = orders;
      const open = { ...s.openOrders };
      if (TERMINAL.has(e.state)) delete open[e.clientId];
      else {
        open[e.clientId] = {
          clientId: e.clientId,
          orderId: e.orderId,
          ticker: e.ticker,
          action: e.action,
          orderType: e.orderType,
          price: e.price,
          quantity: e.quantity,
          filled: e.filled,
          source: e.source,
          tick: open[e.clientId]?.tick ?? e.tick,
        };
        const keys = Object.keys(open);
        const oldest = keys[0];
        if (keys.length > MAX_OPEN_ORDERS && oldest !== undefined) delete open[oldest];
      }
      s.openOrders = open;
      return s;
    }
    case 'fill': {
      const books = structuredClone(s.books);
      bookFill(books, e, s.money);
      s.books = books;
      return s;
    }
    case 'tender': {
      const t = { ...s.tenders };
      const prev = t.recent.find((x) => x.tenderId === e.tender.tender_id);
      if (!prev) t.seen++;
      if (prev?.decision !== e.decision) {
        if (e.decision === 'ACCEPTED') t.accepted++;
        else if (e.decision === 'DECLINED') t.declined++;
        else if (e.decision === 'EXPIRED') t.expired++;
      }
      const line: TenderLine = {
        tenderId: e.tender.tender_id,
        tick: prev?.tick ?? e.tick,
        ticker: e.tender.ticker,
        action: e.tender.action,
        quantity: e.tender.quantity,
        price: e.tender.price,
        decision: e.decision === 'SEEN' && prev ? prev.decision : e.decision,
        reason: e.decision === 'SEEN' && prev ? prev.reason : e.reason,
      };
      t.recent = pushCapped(
        t.recent.filter((x) => x.tenderId !== line.tenderId),
        line,
        MAX_RECENT_TENDERS,
      );
      s.tenders = t;
      return s;
    }
    case 'risk':
      s.risk = { ...s.risk, state: e.state, reason: e.reason };
      if (e.state !== 'ACTIVE')
        s.messages = pushCapped(s.messages, { level: 'warn', text: `risk ${e.state}: ${e.reason}` }, MAX_MESSAGES);
      return s;
    case 'reject':
      s.orders = { ...s.orders, rejected: s.orders.rejected + 1 };
      s.messages = pushCapped(
        s.messages,
        { level: 'warn', text: `reject ${e.ticker} ${e.source}: ${e.reason}` },
        MAX_MESSAGES,
      );
      return s;
    case 'reconcile':
      if (e.engine !== e.exchange) {
        s.messages = pushCapped(
          s.messages,
          { level: 'warn', text: `reconcile ${e.ticker}: engine ${e.engine} vs exchange ${e.exchange}` },
          MAX_MESSAGES,
        );
      }
      return s;
    case 'strategy':
      // Single latency samples are too noisy to show; the engine's quantiles come via mergeEngineState.
      return s;
    case 'log':
      if (e.level === 'warn' || e.level === 'error') {
        s.messages = pushCapped(s.messages, { level: e.level, text: `[${e.thread}] ${e.message}` }, MAX_MESSAGES);
      }
      return s;
  }
  return s;
}

/** Adds a log line seen outside the event stream (main thread's own warnings). */
export function addMessage(state: DashboardState, level: string, text: string): DashboardState {
  return { ...state, messages: pushCapped(state.messages, { level, text }, MAX_MESSAGES) };
}

/**
 * The part of engine.getState() the dashboard reads. Every field is optional and checked: an
 * engine that reports less (or a differently shaped state) just leaves those panes as they were.
 */
export interface EngineStateView {
  case?: { tick?: number; period?: number; ticksPerPeriod?: number; status?: string };
  securities?: Record<
    string,
    { bid?: number | null; ask?: number | null; last?: number | null; vpin?: number | null; position?: number }
  >;
  pnl?: { total?: number | null; bySource?: Partial<Record<Source, number>> };
  risk?: { state?: RiskState; reason?: string; limits?: LimitUsage[] };
  latencyUs?: { decisionToSend?: Quantiles; pollRoundTrip?: Quantiles };
  pollRates?: Record<string, number>;
}

const obj = (v: unknown): Record<string, unknown> | null =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;

function quantiles(v: unknown): Quantiles | null {
  const o = obj(v);
  if (!o) return null;
  const p50 = fin(o.p50);
  const p99 = fin(o.p99);
  return p50 === null && p99 === null ? null : { p50, p99 };
}

/** Merges a periodic engine.getState() snapshot (shape: EngineStateView, checked field by field). */
export function mergeEngineState(state: DashboardState, raw: unknown): DashboardState {
  const v = obj(raw);
  if (!v) return state;
  const s: DashboardState = { ...state };
  const c = obj(v.case);
  if (c) {
    s.case = {
      tick: fin(c.tick) ?? s.case.tick,
      period: fin(c.period) ?? s.case.period,
      ticksPerPeriod: fin(c.ticksPerPeriod) ?? s.case.ticksPerPeriod,
      status: typeof c.status === 'string' ? c.status : s.case.status,
    };
  }
  const secs = obj(v.securities);
  if (secs) {
    const out = { ...s.securities };
    for (const [t, x] of Object.entries(secs)) {
      const o = obj(x);
      if (!o) continue;
      const r = { ...row(s, t) };
      if ('bid' in o) r.bid = fin(o.bid);
      if ('ask' in o) r.ask = fin(o.ask);
      if ('last' in o) r.last = fin(o.last);
      if ('vpin' in o) r.vpin = fin(o.vpin);
      if (fin(o.position) !== null) r.position = o.position as number;
      if (r.bid !== null && r.ask !== null) r.mid = (r.bid + r.ask) / 2;
      out[t] = r;
    }
    s.securities = out;
  }
  const pnl = obj(v.pnl);
  if (pnl) {
    const by = obj(pnl.bySource);
    const bySource = { ...s.pnl.bySource };
    if (by)
      for (const src of SOURCES) {
        const x = fin(by[src]);
        if (x !== null) bySource[src] = x;
      }
    s.pnl = { total: fin(pnl.total) ?? s.pnl.total, bySource, bySourceMethod: by ? 'engine' : s.pnl.bySourceMethod };
  }
  const risk = obj(v.risk);
  if (risk) {
    const limits = Array.isArray(risk.limits)
      ? risk.limits
          .map(obj)
          .filter((l): l is Record<string, unknown> => l !== null && typeof l.name === 'string')
          .map((l) => ({
            name: l.name as string,
            gross: fin(l.gross) ?? 0,
            net: fin(l.net) ?? 0,
            grossLimit: fin(l.grossLimit) ?? 0,
            netLimit: fin(l.netLimit) ?? 0,
          }))
      : s.risk.limits;
    const st =
      risk.state === 'ACTIVE' || risk.state === 'REDUCING' || risk.state === 'HALTED' ? risk.state : s.risk.state;
    s.risk = { state: st, reason: typeof risk.reason === 'string' ? risk.reason : s.risk.reason, limits };
  }
  const lat = obj(v.latencyUs);
  if (lat) {
    s.latencyUs = {
      decisionToSend: quantiles(lat.decisionToSend) ?? s.latencyUs.decisionToSend,
      pollRoundTrip: quantiles(lat.pollRoundTrip) ?? s.latencyUs.pollRoundTrip,
    };
  }
  const rates = obj(v.pollRates);
  if (rates) {
    const out: Record<string, number> = { ...s.pollRates };
    for (const [t, r] of Object.entries(rates)) {
      const x = fin(r);
      if (x !== null) out[t] = x;
    }
    s.pollRates = out;
  }
  return s;
}
