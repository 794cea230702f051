import type { Case, RitApi, Security } from '@ritc/rit-client';
import { errorMessage } from '../errors';
import type { EngineEvent } from '../events';
import type { ExecutionCounters } from '../execution/counters';
import { type FillDelta, remaining, signed, type TrackedOrder } from '../orders/tracked-order';
import type { Quote } from '../risk/risk-gate';
import type { TickerExposure } from '../risk/worst-case';
import type { EngineLogger } from '../runtime/logger';
import { markCad, type EngineSecurity } from '../securities';
import type { FeeLedger } from './pnl';
import { type PositionBook, SOURCES, UNATTRIBUTED } from './position-book';
import { closingPrice, closingRate, type EtfCloseRule } from './closing-prices';

/** What the position keeper needs from the rest of the engine. */
export interface PositionKeeperDeps {
  api: Pick<RitApi, 'getSecurities' | 'getCase'>;
  positions: PositionBook;
  fees: FeeLedger;
  liveOrders(): TrackedOrder[];
  securities(): Record<string, EngineSecurity>;
  setSecurities(securities: readonly Security[]): void;
  updateCase(c: Case): void;
  quote(ticker: string): Quote | null;
  /** The last two-sided quote seen of a ticker (a currency's closing mid, once the books are cleared). */
  lastTwoSidedQuote?(ticker: string): Quote | null;
  mids(): Record<string, number | null>;
  pollOrders(): Promise<void>;
  /** The tender desk's sequence: a read across an accept is not trusted. */
  tenderSeq(): number;
  tick(): number;
  now(): number;
  emit(e: EngineEvent): void;
  log: EngineLogger;
  counters: ExecutionCounters;
  /** How the case closes its ETFs (each at its basket's fair value); none/absent: every security at its last price. */
  etfCloseRules?: () => readonly EtfCloseRule[];
}

type Difference = { ticker: string; engine: number; exchange: number };

/**
 * Positions: books each fill once (with its fee or rebate), keeps the book reconciled with the
 * exchange's positions, and books the exchange's close-out at the end of the case.
 */
export class PositionKeeper {
  private closedOut = false;

  constructor(private readonly d: PositionKeeperDeps) {}

  bookFill(f: FillDelta): void {
    const o = f.order;
    let price = f.price;
    if (!Number.isFinite(price) || price <= 0) {
      price = o.price ?? this.d.mids()[o.ticker] ?? NaN;
      this.d.log.warn('fill without a usable price; valued at limit/mid', { ticker: o.ticker, orderId: o.orderId });
    }
    this.d.positions.applyTrade(o.ticker, signed(o.action, f.quantity), price, o.source);
    const sec = this.d.securities()[o.ticker];
    if (sec) {
      // Commissions and rebates settle in the quote currency's cash (the exchange's balance includes them).
      const fx = sec.currency ? (markCad(sec.currency, this.d.securities(), this.d.mids()) ?? 1) : 1;
      const taker = f.liquidity === 'TAKER';
      const amount = f.quantity * (taker ? sec.tradingFee : sec.limitOrderRebate);
      if (amount !== 0 && sec.currency && sec.currency !== o.ticker)
        this.d.positions.add(sec.currency, o.source, taker ? -amount : amount);
      this.d.fees.book(o.source, amount * fx, taker ? 'fee' : 'rebate');
    }
    this.d.counters.fills++;
    this.d.counters.sharesFilled += f.quantity;
    this.d.emit({
      type: 'fill',
      t: this.d.now(),
      tick: this.d.tick(),
      orderId: o.orderId ?? -1,
      ticker: o.ticker,
      action: o.action,
      quantity: f.quantity,
      price,
      source: o.source,
    });
  }

  /** Live orders' remaining shares on top of filled positions, per ticker (the gate's worst case). */
  exposures(): Record<string, TickerExposure> {
    const out: Record<string, TickerExposure> = {};
    for (const [t, p] of Object.entries(this.d.positions.totals())) out[t] = { position: p, buys: 0, sells: 0 };
    for (const o of this.d.liveOrders()) {
      const x = (out[o.ticker] ??= { position: 0, buys: 0, sells: 0 });
      if (o.action === 'BUY') x.buys += remaining(o);
      else x.sells += remaining(o);
    }
    return out;
  }

  /**
   * Compares positions with GET /securities (the truth) and corrects differences into the
   * unattributed bucket. To avoid "correcting" a fill that is merely not polled yet, it polls orders
   * before and after reading /securities and only trusts tickers whose engine position did not move
   * in between and that have no order awaiting its POST answer.
   */
  async reconcilePositions(): Promise<Difference[]> {
    await this.d.pollOrders();
    const before = this.d.positions.totals();
    const tenderSeq = this.d.tenderSeq();
    const securities = await this.d.api.getSecurities();
    // Read after the positions: if the case is still running now, it was running when they were
    // read. A stopped case has closed every position: that is the close-out's to book, per source,
    // not a correction into the unattributed bucket.
    const c = await this.d.api.getCase();
    this.d.updateCase(c);
    if (c.status === 'STOPPED' || this.closedOut) return [];
    await this.d.pollOrders();
    const after = this.d.positions.totals();
    this.d.setSecurities(securities);
    if (tenderSeq !== this.d.tenderSeq()) return [];
    const pending = this.d.liveOrders().filter((o) => o.state === 'PENDING_NEW' || o.state === 'UNKNOWN');
    const out: Difference[] = [];
    for (const s of securities) {
      const t = s.ticker;
      if (!Number.isFinite(s.position)) continue;
      if ((before[t] ?? 0) !== (after[t] ?? 0)) continue;
      const sec = this.d.securities()[t];
      const touches = (o: TrackedOrder) => o.ticker === t || this.d.securities()[o.ticker]?.currency === t;
      if (pending.some(touches)) continue;
      const engine = after[t] ?? 0;
      const eps = sec?.isCurrency ? 0.01 : 1e-6;
      if (Math.abs(s.position - engine) > eps) {
        this.correct(t, s.position, 'reconcile');
        out.push({ ticker: t, engine, exchange: s.position });
      }
    }
    return out;
  }

  correct(ticker: string, exchange: number, why: 'start' | 'reconcile'): void {
    const engine = this.d.positions.position(ticker);
    const sec = this.d.securities()[ticker];
    // Shares are whole: a fractional share count from anywhere is a bug to see, not to carry.
    const target = sec && !sec.isCurrency ? Math.round(exchange) : exchange;
    this.d.positions.correctTo(ticker, target, UNATTRIBUTED);
    if (why !== 'start') this.d.counters.reconcileCorrections++;
    this.d.emit({
      type: 'reconcile',
      t: this.d.now(),
      tick: this.d.tick(),
      ticker,
      engine,
      exchange: target,
      reason: why === 'start' ? 'start' : 'correction',
    });
    if (why !== 'start') this.d.log.warn('position differs from the exchange; corrected', { ticker, engine, exchange });
  }

  /**
   * The case is over (STOPPED): the exchange has cancelled every order, closed each share position
   * at its closing price and converted foreign cash into the base currency. The engine books that
   * close-out as trades of each source (so P&L by source includes it) at the closing price it can
   * see (last trade, else mid; an ETF at its basket's fair value when etfCloseRules say so: see
   * closing-prices.ts), converts each source's foreign cash at the currency's closing mid, then
   * takes the exchange's balances (a residual from a different closing price is booked to the
   * unattributed bucket). Every ticker gets a `reconcile` event with reason 'case close-out'.
   * Idempotent; returns the tickers it changed.
   */
  async closeOut(): Promise<Difference[]> {
    if (this.closedOut) return [];
    await this.d
      .pollOrders()
      .catch((err: unknown) => this.d.log.warn('poll before close-out failed', { error: errorMessage(err) }));
    const securities = await this.d.api.getSecurities();
    // Another close-out may have finished while this one was reading (the getter is read afresh).
    if (this.isClosedOut) return [];
    this.closedOut = true;
    this.d.setSecurities(securities);
    const exchange = new Map(securities.map((s) => [s.ticker, s]));
    const lastOrMid = (t: string): number | null => {
      const s = exchange.get(t);
      if (s && s.last > 0) return s.last;
      const q = this.d.quote(t);
      return q && q.bid != null && q.ask != null ? (q.bid + q.ask) / 2 : null;
    };
    const rateOf = (t: string): number | null =>
      closingRate(exchange.get(t), this.d.lastTwoSidedQuote?.(t) ?? this.d.quote(t));
    const cadPerQuoteUnit = (t: string): number | null => {
      const ccy = this.d.securities()[t]?.currency;
      return !ccy || ccy === 'CAD' || ccy === t ? 1 : rateOf(ccy);
    };
    const closeAt = (t: string): number | null =>
      closingPrice(t, this.d.etfCloseRules?.().find((r) => r.etf === t) ?? null, { last: lastOrMid, cadPerQuoteUnit });
    const out: Difference[] = [];
    const emit = (ticker: string, engine: number, exch: number, closedQuantity: number, closePrice: number | null) => {
      this.d.emit({
        type: 'reconcile',
        t: this.d.now(),
        tick: this.d.tick(),
        ticker,
        engine,
        exchange: exch,
        reason: 'case close-out',
        closedQuantity,
        closePrice,
      });
      out.push({ ticker, engine, exchange: exch });
    };
    // 1. Shares closed by the exchange.
    for (const t of this.d.positions.tickers()) {
      const sec = this.d.securities()[t];
      const ex = exchange.get(t);
      if (!sec || sec.isCurrency || !ex || !Number.isFinite(ex.position)) continue;
      const before = this.d.positions.position(t);
      const by = this.d.positions.bySource(t);
      // Flat in total is not flat per source: a tender sold and the market maker bought the same
      // shares back. The exchange closes nothing, but each source's share must still be closed at the
      // closing price, or one source keeps the cash of the shares and the other their cost.
      if (ex.position === 0 && SOURCES.every((src) => by[src] === 0)) continue;
      const px = closeAt(t);
      if (ex.position === 0 && px != null) {
        for (const src of SOURCES) if (by[src] !== 0) this.d.positions.applyTrade(t, -by[src], px, src);
      } else {
        this.d.positions.correctTo(t, Math.round(ex.position), UNATTRIBUTED);
      }
      emit(t, this.d.positions.position(t), ex.position, -before, px);
    }
    // 2. Foreign cash converted into the base currency at the currency's mid.
    for (const t of this.d.positions.tickers()) {
      const sec = this.d.securities()[t];
      const ex = exchange.get(t);
      if (!sec || !sec.isCurrency || !sec.currency || sec.currency === t || !ex || ex.position !== 0) continue;
      const fx = rateOf(t);
      if (fx == null) continue;
      const by = this.d.positions.bySource(t);
      for (const src of SOURCES) {
        if (by[src] === 0) continue;
        this.d.positions.add(t, src, -by[src]);
        this.d.positions.add(sec.currency, src, by[src] * fx);
      }
    }
    // 3. Every cash balance as the exchange has it.
    for (const s of securities) {
      const sec = this.d.securities()[s.ticker];
      if (!sec?.isCurrency || !Number.isFinite(s.position)) continue;
      const before = this.d.positions.position(s.ticker);
      // Exactly the exchange's balance: the booked close-out leaves sub-cent float residue (4e-5 CAD),
      // which a tolerance would leave as a visible mismatch at the end of the case.
      if (before !== s.position) this.d.positions.correctTo(s.ticker, s.position, UNATTRIBUTED);
      emit(s.ticker, this.d.positions.position(s.ticker), s.position, 0, null);
    }
    this.d.log.info('case close-out booked', { tickers: out.map((o) => o.ticker) });
    return out;
  }

  get isClosedOut(): boolean {
    return this.closedOut;
  }
}
