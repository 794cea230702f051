/**
 * The exchange: books, accounts, matching, the case clock's tick step, close-out. It is driven by
 * two kinds of callers: the trader (through the HTTP layer, at any time) and the market model
 * (agents, only at tick boundaries). Everything random comes from seeded Rng streams.
 */
import type { CaseStatus, News, OrderType } from '@ritc/rit-client';
import { type SimConfig } from '../config';
import { Rng } from '../rng';
import { SimError, badRequest, notFound } from '../errors';
import { BUY, SELL, SimOrder, type Side } from '../book/order';
import { OrderBook } from '../book/order-book';
import { Account, bookTrade, chargeFee, payRebate } from './accounts';
import { buildGroups, checkLimits, fineFor, usage, type LimitGroup } from './limits';
import { CASH_SCALE, buildMeta, toPriceInt, type SecMeta } from './securities';
import { OhlcStore, TasStore } from './history';
import { Market } from '../market/market';
import { TenderDesk } from './tenders';
import { ConverterDesk } from './converters';
import { closeOut } from './closeout';
import { at, bump, must } from '../util/checked';

export interface OrderInput {
  ticker: string;
  type: OrderType;
  action: 'BUY' | 'SELL';
  quantity: number;
  price?: number;
  dryRun?: boolean;
}

export interface DryRunResult {
  dryRun: true;
  sec: number;
  side: Side;
  quantity: number;
  filled: number;
  /** Σ priceInt × qty. */
  notional: number;
}

export interface ExchangeCounters {
  ordersAccepted: number;
  ordersRejected: number;
  ordersCancelled: number;
  fills: number;
  traderFills: number;
  agentOrders: number;
}

/** Events the server records for the reaction-latency benchmark. */
export interface ExchangeEvents {
  onTender?: (tenderId: number) => void;
  onShock?: (id: number, ticker: string, size: number) => void;
  onEnd?: () => void;
  onTick?: (tick: number) => void;
}

/** A quantity as the order rules treat it: itself when whole, else truncated, rounded or refused (null). */
export function wholeQuantity(q: number, mode: 'truncate' | 'round' | 'reject'): number | null {
  if (Number.isInteger(q)) return q;
  if (mode === 'reject') return null;
  return mode === 'truncate' ? Math.trunc(q) : Math.sign(q) * Math.round(Math.abs(q));
}

export class Exchange {
  readonly metas: SecMeta[];
  readonly byTicker = new Map<string, SecMeta>();
  /** One book per tradeable security (null for CAD). */
  readonly books: (OrderBook | null)[];
  readonly accounts: Account[] = [];
  /** The first trader (the only one unless the heat has several). */
  readonly user: Account;
  /** Every trader of the heat (non-agent accounts), user first. */
  readonly traders: Account[] = [];
  readonly groups: LimitGroup[];
  /** Live orders of everyone plus every order of non-agent traders (for GET /orders). */
  readonly orders = new Map<number, SimOrder>();
  /** Non-agent traders' orders, oldest first. */
  readonly traderOrders: SimOrder[] = [];
  readonly lastInt: number[];
  readonly volume: number[];
  readonly tas: TasStore[];
  readonly ohlc: OhlcStore[];
  readonly news: News[] = [];
  readonly counters: ExchangeCounters = {
    ordersAccepted: 0,
    ordersRejected: 0,
    ordersCancelled: 0,
    fills: 0,
    traderFills: 0,
    agentOrders: 0,
  };
  readonly rng: Rng;
  readonly market: Market;
  readonly tenders: TenderDesk;
  readonly converters: ConverterDesk;
  readonly period = 1;
  tick = 0;
  status: CaseStatus = 'ACTIVE';
  enforceLimits: boolean;
  /** Currency rates (CAD per unit, by security index) frozen at the end of the case (books are gone after close-out). */
  closingRates: Map<number, number> | null = null;
  private nextOrderId = 1;
  private nextNewsId = 1;
  events: ExchangeEvents = {};

  constructor(readonly cfg: SimConfig) {
    this.metas = buildMeta(cfg.securities);
    for (const m of this.metas) this.byTicker.set(m.ticker, m);
    this.books = this.metas.map((m) => (m.cfg.isTradeable ? new OrderBook(this.onFill) : null));
    this.groups = buildGroups(cfg.limits.groups, this.metas, cfg.limits);
    this.enforceLimits = cfg.limits.enforce;
    this.lastInt = this.metas.map((m) => toPriceInt(m, m.cfg.startPrice));
    this.volume = this.metas.map(() => 0);
    this.tas = this.metas.map(() => new TasStore(cfg.tasCap));
    this.ohlc = this.metas.map((m) => {
      const s = new OhlcStore();
      s.open(0, m.cfg.startPrice);
      return s;
    });
    this.user = this.addAccount(cfg.traderId, false);
    this.traders.push(this.user);
    for (const id of cfg.extraTraders) this.traders.push(this.addAccount(id, false));
    this.rng = new Rng(cfg.seed);
    this.market = new Market(this, this.rng.fork(1));
    this.tenders = new TenderDesk(this, this.rng.fork(2));
    this.converters = new ConverterDesk(this);
    this.market.init();
    // Real RIT opens every case with a welcome item, news id 1 at tick 0 (ids restart each heat).
    this.publishNews('', `Welcome to ${cfg.caseName}`, cfg.welcome);
  }

  addAccount(traderId: string, isAgent: boolean): Account {
    const a = new Account(this.accounts.length, traderId, isAgent, this.metas.length);
    this.accounts.push(a);
    return a;
  }

  meta(ticker: string): SecMeta {
    const m = this.byTicker.get(ticker);
    if (!m)
      throw badRequest(
        `Unknown ticker '${ticker}' (tickers are case-sensitive: ${this.metas.map((x) => x.ticker).join(', ')})`,
      );
    return m;
  }

  book(m: SecMeta): OrderBook {
    const b = this.books[m.idx];
    if (!b) throw new SimError(400, 'NOT_TRADEABLE', `${m.ticker} is not tradeable and has no order book`);
    return b;
  }

  get ticksPerPeriod(): number {
    return this.cfg.ticksPerPeriod;
  }

  // ---------------------------------------------------------------- fills

  private readonly onFill = (maker: SimOrder, taker: SimOrder, qty: number, priceInt: number): void => {
    const m = at(this.metas, maker.sec);
    const price = priceInt / m.scale;
    const value = priceInt * qty * m.unitMul;
    const mk = at(this.accounts, maker.owner);
    const tk = at(this.accounts, taker.owner);
    bookTrade(mk, m, maker.side === BUY ? 1 : -1, qty, price, value);
    payRebate(mk, m, qty);
    if (maker.side === BUY) bump(mk.openBuy, m.idx, -qty);
    else bump(mk.openSell, m.idx, -qty);
    mk.fills++;
    bookTrade(tk, m, taker.side === BUY ? 1 : -1, qty, price, value);
    chargeFee(tk, m, qty);
    tk.fills++;
    if (!mk.isAgent) this.counters.traderFills++;
    if (!tk.isAgent) this.counters.traderFills++;
    if (maker.status === 'TRANSACTED' && mk.isAgent) this.orders.delete(maker.id);
    this.counters.fills++;
    this.lastInt[m.idx] = priceInt;
    bump(this.volume, m.idx, qty);
    at(this.tas, m.idx).add(this.period, this.tick, price, qty);
    at(this.ohlc, m.idx).trade(price);
  };

  // ---------------------------------------------------------------- orders

  /** A trader's order (validated, limit-checked). Returns the order after immediate matching. */
  submitOrder(acct: Account, input: OrderInput): SimOrder | DryRunResult {
    try {
      return this.submitOrderInner(acct, input);
    } catch (e) {
      this.counters.ordersRejected++;
      throw e;
    }
  }

  private submitOrderInner(acct: Account, input: OrderInput): SimOrder | DryRunResult {
    if (this.status !== 'ACTIVE') {
      throw new SimError(
        409,
        'CASE_NOT_ACTIVE',
        `The case is ${this.status}; orders are accepted only while it is ACTIVE`,
      );
    }
    const m = this.meta(input.ticker);
    if (!m.cfg.isTradeable) throw new SimError(400, 'NOT_TRADEABLE', `${m.ticker} is not tradeable`);
    const book = this.book(m);
    const asked = input.quantity;
    if (!Number.isFinite(asked)) throw badRequest(`quantity must be a number, got ${asked}`);
    if (asked <= 0) throw badRequest(`quantity must be positive, got ${asked}`);
    const q = wholeQuantity(asked, this.cfg.orders.fractionalQuantity);
    if (q === null)
      throw badRequest(
        `quantity must be a whole number of ${m.cfg.displayUnit.toLowerCase()}, got ${asked} (this server refuses fractional quantities)`,
      );
    if (q <= 0) throw badRequest(`quantity ${asked} is less than one whole ${m.cfg.displayUnit.toLowerCase()}`);
    if (q < m.cfg.minTradeSize)
      throw badRequest(`quantity ${q} is below the minimum trade size ${m.cfg.minTradeSize} for ${m.ticker}`);
    if (q > m.cfg.maxTradeSize)
      throw badRequest(`quantity ${q} is above the maximum trade size ${m.cfg.maxTradeSize} for ${m.ticker}`);
    const side: Side = input.action === 'BUY' ? BUY : SELL;
    let priceInt = NaN;
    if (input.type === 'LIMIT') {
      const p = input.price;
      if (p === undefined) throw badRequest('price is required for a LIMIT order');
      if (!Number.isFinite(p) || p <= 0) throw badRequest(`price must be a positive number, got ${p}`);
      priceInt = toPriceInt(m, p);
      const lo = toPriceInt(m, m.cfg.minPrice);
      const hi = toPriceInt(m, m.cfg.maxPrice);
      if (priceInt < lo || priceInt > hi)
        throw badRequest(`price ${p} is outside ${m.ticker}'s band [${m.cfg.minPrice}, ${m.cfg.maxPrice}]`);
      if (input.dryRun) throw badRequest('dry_run is only available for MARKET orders');
    }
    if (input.dryRun) {
      const r = book.simulate(side, q);
      return { dryRun: true, sec: m.idx, side, quantity: q, filled: r.filled, notional: r.notional };
    }
    if (this.enforceLimits) {
      const msg = checkLimits(acct, this.groups, this.metas, m.idx, side === BUY, q, this.cfg.limits.restingOrders);
      if (msg) {
        acct.limitRefusals++;
        throw new SimError(422, 'LIMIT_EXCEEDED', `Order refused: ${msg}`);
      }
    }
    const o = this.place(acct, m, side, input.type, priceInt, q, false);
    this.counters.ordersAccepted++;
    acct.orders++;
    return o;
  }

  /** Creates, matches and (for a limit without ioc) rests an order. No validation. */
  place(acct: Account, m: SecMeta, side: Side, type: OrderType, priceInt: number, qty: number, ioc: boolean): SimOrder {
    const book = this.book(m);
    const o = new SimOrder(this.nextOrderId++, acct.idx, m.idx, side, type, priceInt, qty, this.period, this.tick);
    if (!acct.isAgent) {
      this.orders.set(o.id, o);
      this.traderOrders.push(o);
    } else {
      this.counters.agentOrders++;
    }
    book.match(o);
    if (o.filled >= o.quantity) {
      o.status = 'TRANSACTED';
    } else if (type === 'MARKET' || ioc) {
      // Beyond visible depth: the unfilled remainder of a market order is dropped. The order reads
      // TRANSACTED if anything filled, CANCELLED if the book side was empty.
      o.status = type === 'MARKET' && o.filled > 0 ? 'TRANSACTED' : 'CANCELLED';
    } else {
      book.rest(o);
      if (side === BUY) bump(acct.openBuy, m.idx, o.remaining);
      else bump(acct.openSell, m.idx, o.remaining);
      if (acct.isAgent) this.orders.set(o.id, o);
    }
    return o;
  }

  /** Cancels a live order. Returns false when it was not open. */
  cancelOrder(o: SimOrder): boolean {
    if (!o.live) return false;
    const acct = at(this.accounts, o.owner);
    const rem = o.remaining;
    this.book(at(this.metas, o.sec)).cancel(o);
    if (o.side === BUY) bump(acct.openBuy, o.sec, -rem);
    else bump(acct.openSell, o.sec, -rem);
    o.status = 'CANCELLED';
    if (acct.isAgent) this.orders.delete(o.id);
    else this.counters.ordersCancelled++;
    return true;
  }

  /** A trader's own order by id (404 when unknown or someone else's). */
  traderOrder(acct: Account, id: number): SimOrder {
    const o = this.orders.get(id);
    if (!o || o.owner !== acct.idx) throw notFound(`Order ${id} not found`);
    return o;
  }

  // ---------------------------------------------------------------- news

  publishNews(ticker: string, headline: string, body: string): void {
    this.news.push({ news_id: this.nextNewsId++, period: this.period, tick: this.tick, ticker, headline, body });
  }

  // ---------------------------------------------------------------- prices

  bestBidInt(i: number): number {
    const b = this.books[i];
    return b ? b.bestBid() : NaN;
  }

  bestAskInt(i: number): number {
    const b = this.books[i];
    return b ? b.bestAsk() : NaN;
  }

  /** Mid price (quote currency), falling back to the last price when a side is empty. */
  mid(i: number): number {
    const m = at(this.metas, i);
    const b = this.bestBidInt(i);
    const a = this.bestAskInt(i);
    if (Number.isFinite(b) && Number.isFinite(a)) return (b + a) / 2 / m.scale;
    return at(this.lastInt, i) / m.scale;
  }

  /** CAD per unit of a currency (CAD 1; USD its mid, rounded to the 4-decimal grid). */
  fxRate(currencyIdx: number): number {
    const m = at(this.metas, currencyIdx);
    if (m.ticker === 'CAD') return 1;
    const closing = this.closingRates?.get(currencyIdx);
    if (closing !== undefined) return closing;
    return Math.round(this.mid(currencyIdx) * 10_000) / 10_000;
  }

  /** Liquidation mark: best bid for a long, best ask for a short, last price when that side is empty. */
  mark(i: number, position: number): number {
    const m = at(this.metas, i);
    const p = position >= 0 ? this.bestBidInt(i) : this.bestAskInt(i);
    return (Number.isFinite(p) ? p : at(this.lastInt, i)) / m.scale;
  }

  /** Net liquidation value of an account in CAD (0 at the start). */
  nlv(a: Account): number {
    let v = 0;
    for (const m of this.metas) {
      if (m.isCurrency) {
        v += (at(a.cash, m.idx) / CASH_SCALE) * this.fxRate(m.idx);
      } else {
        const p = at(a.pos, m.idx);
        if (p !== 0) v += p * this.mark(m.idx, p) * m.cfg.multiplier * this.fxRate(m.quoteIdx);
      }
    }
    return v;
  }

  /** The first ETF (a security with a composition), if the case has one. */
  get etf(): SecMeta | undefined {
    return this.metas.find((m) => m.cfg.composition !== undefined);
  }

  /**
   * An ETF's fair value in its currency from the basket's last prices and the currency rates
   * (RITC in 2020: (BULL + BEAR) / USD); NaN when the security has no composition.
   */
  etfFairValue(etf: SecMeta): number {
    const comp = etf.cfg.composition;
    if (comp === undefined) return NaN;
    let cad = 0;
    for (const [t, q] of Object.entries(comp)) {
      const m = must(this.byTicker, t);
      cad += q * (at(this.lastInt, m.idx) / m.scale) * this.fxRate(m.quoteIdx);
    }
    return cad / this.fxRate(etf.quoteIdx);
  }

  /** The first ETF's fair value (RITC's in USD in the 2020 case). */
  etfFairValueUsd(): number {
    const etf = this.etf;
    return etf === undefined ? NaN : this.etfFairValue(etf);
  }

  /** An ETF's basket from mids: Σ shares × mid × CAD rate, over the ETF currency's mid. */
  basketMid(etf: SecMeta): number {
    const comp = etf.cfg.composition;
    if (comp === undefined) return NaN;
    const rate = (i: number): number => (at(this.metas, i).ticker === 'CAD' ? 1 : this.mid(i));
    let cad = 0;
    for (const [t, q] of Object.entries(comp)) {
      const m = must(this.byTicker, t);
      cad += q * this.mid(m.idx) * rate(m.quoteIdx);
    }
    return cad / rate(etf.quoteIdx);
  }

  // ---------------------------------------------------------------- clock

  /** One tick boundary: market model, tenders, converters, fines, and the end of the case. */
  step(): void {
    if (this.status === 'STOPPED') return;
    this.tick++;
    for (let i = 0; i < this.metas.length; i++) {
      at(this.ohlc, i).open(this.tick, at(this.lastInt, i) / at(this.metas, i).scale);
    }
    if (this.tick >= this.cfg.ticksPerPeriod) {
      this.converters.onTick(this.tick);
      this.end();
      return;
    }
    this.market.onTick(this.tick);
    this.scheduled(this.tick);
    this.tenders.onTick(this.tick);
    this.converters.onTick(this.tick);
    this.chargeFines();
    this.events.onTick?.(this.tick);
  }

  /** The case's scheduled news and limit changes due at this tick. */
  private scheduled(tick: number): void {
    for (const n of this.cfg.news) if (n.atTick === tick) this.publishNews(n.ticker, n.headline, n.body);
    for (const ch of this.cfg.limits.changes) {
      if (ch.atTick !== tick) continue;
      const g = this.groups.find((x) => x.cfg.name === ch.group);
      if (g === undefined) continue;
      g.cfg = {
        ...g.cfg,
        grossLimit: ch.grossLimit ?? g.cfg.grossLimit,
        netLimit: ch.netLimit ?? g.cfg.netLimit,
      };
      if (ch.news !== undefined) this.publishNews(ch.news.ticker, ch.news.headline, ch.news.body);
    }
    const dl = this.cfg.scoring.deltaLimit;
    if (dl !== undefined && tick >= dl.fromTick)
      for (const a of this.traders)
        a.penalty += Math.max(0, Math.abs(this.portfolioDelta(a, dl.underlying)) - dl.limit) * dl.penaltyPerUnitPerTick;
    const mep = this.cfg.scoring.minuteEndPenalty;
    if (mep !== undefined && tick % mep.ticksPerMinute === 0) {
      const g = this.groups.find((x) => x.cfg.name === mep.group);
      if (g !== undefined)
        for (const a of this.traders) {
          const u = usage(a, g, this.metas);
          const over = Math.max(0, u.gross - g.cfg.grossLimit, Math.abs(u.net) - g.cfg.netLimit);
          a.penalty += over * mep.perShareOverLimit;
        }
    }
  }

  /**
   * A trader's portfolio delta in units of an underlying: its position plus, for each option on it,
   * position × multiplier × the option's Black–Scholes delta.
   */
  portfolioDelta(a: Account, underlying: string): number {
    const u = this.byTicker.get(underlying);
    let d = u === undefined ? 0 : a.position(u);
    for (const m of this.metas) {
      const p = this.cfg.processes[m.ticker];
      if (p?.kind !== 'option' || p.underlying !== underlying) continue;
      const q = a.position(m);
      if (q !== 0) d += q * m.cfg.multiplier * this.market.fundamentals.optionDelta(m.ticker);
    }
    return d;
  }

  /** A trader's score under the case's rule: the nlv (RIT P&L), or the nlv minus penalties. */
  score(a: Account): number {
    return this.cfg.scoring.rule === 'pnl' ? this.nlv(a) : this.nlv(a) - a.penalty;
  }

  private chargeFines(): void {
    if (this.enforceLimits) return;
    for (const a of this.accounts) {
      if (a.isAgent) continue;
      let fine = 0;
      for (const g of this.groups) fine += fineFor(a, g, this.metas);
      if (fine > 0) {
        const units = Math.round(fine * CASH_SCALE);
        bump(a.cash, must(this.byTicker, 'CAD').idx, -units);
        a.fineUnits += units;
        a.breachTicks++;
      }
    }
  }

  private end(): void {
    const rates = new Map<number, number>();
    for (const m of this.metas) if (m.isCurrency) rates.set(m.idx, this.fxRate(m.idx));
    this.closingRates = rates;
    for (const o of [...this.orders.values()]) if (o.live) this.cancelOrder(o);
    for (const b of this.books) b?.clear();
    closeOut(this);
    this.tenders.expireAll();
    this.status = 'STOPPED';
    this.events.onTick?.(this.tick);
    this.events.onEnd?.();
  }
}
