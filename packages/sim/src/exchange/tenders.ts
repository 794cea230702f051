/**
 * Private RITC tenders, as in RIT's 2020 ETF case: fixed-price offers to the trader, 10,000–100,000 shares,
 * priced off the touch (a BUY tender, where the trader receives shares, is priced below the best
 * bid by an offset; a SELL tender above the best ask), expiring windowTicks after they appear
 * (6 ticks in the real capture). Accepting books the position at the tender price, without a fee.
 */
import type { Tender } from '@ritc/rit-client';
import type { Rng } from '../rng';
import { SimError, notFound } from '../errors';
import type { Exchange } from './exchange';
import type { Account } from './accounts';
import { bookTrade } from './accounts';
import { checkLimits } from './limits';
import { toPriceInt, type SecMeta } from './securities';
import { SimInternalError, at, must } from '../util/checked';

/** BID: a price was bid on an auction or winner-take-all tender (settled when it closes); LOST: that bid was not filled. */
export type TenderOutcome = 'ACCEPTED' | 'DECLINED' | 'EXPIRED' | 'BID' | 'LOST';

export type TenderKind = 'private' | 'auction' | 'winnerTakeAll';

/** A competitive tender waiting for its close: the bids, the hidden reserve and (winner-take-all) the rival bid. */
interface SealedTender {
  tender: Tender;
  kind: 'auction' | 'winnerTakeAll';
  /** The worst price the institution takes: a bid at or better than it can be filled. */
  reserve: number;
  /** Winner-take-all: the best bid of the other bidders (the trader must beat it). */
  rival: number;
  bids: { acct: Account; price: number }[];
}

export interface TenderRecord {
  tender: Tender;
  /** The first trader's outcome (the only trader unless the heat has several). */
  outcome: TenderOutcome | null;
  /** Each trader's outcome, by account index. */
  outcomes: Map<number, TenderOutcome>;
}

export interface TenderOverrides {
  action?: 'BUY' | 'SELL';
  quantity?: number;
  price?: number;
  windowTicks?: number;
  /** The kind (default: a private tender when a price is given, else the case's next kind); a price is then the reserve. */
  kind?: TenderKind;
}

export class TenderDesk {
  readonly active: Tender[] = [];
  readonly history: TenderRecord[] = [];
  private readonly schedule: Set<number>;
  private nextId: number;
  private readonly sealed: SealedTender[] = [];
  private posted = 0;

  constructor(
    private readonly ex: Exchange,
    private readonly rng: Rng,
  ) {
    const c = ex.cfg.tenders;
    this.nextId = c.idStart;
    this.schedule = new Set();
    if (c.enabled) {
      const scale = ex.cfg.ticksPerPeriod / 300;
      const count = Math.round(rng.int(c.countMin, c.countMax) * scale);
      const lo = Math.min(c.firstTick, ex.cfg.ticksPerPeriod - 1);
      const hi = ex.cfg.ticksPerPeriod - c.windowTicks - 2;
      for (let i = 0; i < count * 4 && this.schedule.size < count && hi > lo; i++) this.schedule.add(rng.int(lo, hi));
    }
  }

  /** The ticker of a tender posted so far ('' when unknown). */
  tickerOf(id: number): string {
    return this.history.find((r) => r.tender.tender_id === id)?.tender.ticker ?? '';
  }

  /** Scheduled tender ticks (for tests and the README). */
  scheduledTicks(): number[] {
    return [...this.schedule].sort((a, b) => a - b);
  }

  onTick(tick: number): void {
    this.settle(tick);
    this.expire(tick);
    if (this.schedule.has(tick)) this.post();
  }

  private expire(tick: number): void {
    for (let i = this.active.length - 1; i >= 0; i--) {
      const t = at(this.active, i);
      if (tick >= t.expires) {
        this.active.splice(i, 1);
        for (const a of this.ex.traders) this.decide(t.tender_id, a, 'EXPIRED');
      }
    }
  }

  /** Records one trader's outcome (the first one stands); the tender leaves the market once all have decided. */
  private decide(id: number, acct: Account, outcome: TenderOutcome): void {
    const r = this.record(id);
    if (r.outcomes.has(acct.idx)) return;
    r.outcomes.set(acct.idx, outcome);
    if (acct === this.ex.user) r.outcome = outcome;
    if (this.ex.traders.every((a) => r.outcomes.has(a.idx))) {
      const i = this.active.indexOf(r.tender);
      if (i >= 0) this.active.splice(i, 1);
    }
  }

  /** The tenders a trader still can answer: offered to every trader of the heat at once, each decides alone. */
  activeFor(acct: Account): Tender[] {
    return this.active.filter((t) => !this.record(t.tender_id).outcomes.has(acct.idx));
  }

  expireAll(): void {
    this.expire(Number.MAX_SAFE_INTEGER);
    // A competitive tender still open when the case ends is never settled: its bids are lost.
    for (const s of this.sealed.splice(0)) for (const b of s.bids) this.setOutcome(s.tender.tender_id, b.acct, 'LOST');
  }

  private setOutcome(id: number, acct: Account, outcome: TenderOutcome): void {
    const r = this.record(id);
    r.outcomes.set(acct.idx, outcome);
    if (acct === this.ex.user) r.outcome = outcome;
  }

  /**
   * Settles the competitive tenders that close at this tick. Auction: every bid at or better than
   * the hidden reserve is filled at its own price. Winner-take-all: only the best bid is filled, and
   * only when it is at or better than the reserve and strictly better than the rival bid (the
   * earliest bid wins a tie among traders). A fill that would now break an enforced limit is lost.
   */
  private settle(tick: number): void {
    const ex = this.ex;
    for (let i = this.sealed.length - 1; i >= 0; i--) {
      const s = at(this.sealed, i);
      const t = s.tender;
      if (tick < t.expires) continue;
      this.sealed.splice(i, 1);
      const buy = t.action === 'BUY';
      const better = (a: number, b: number): boolean => (buy ? a > b : a < b);
      const clears = (p: number): boolean => !better(s.reserve, p);
      let winners = s.bids.filter((b) => clears(b.price));
      if (s.kind === 'winnerTakeAll') {
        let best: (typeof winners)[number] | undefined;
        for (const b of winners) if (best === undefined || better(b.price, best.price)) best = b;
        winners = best !== undefined && better(best.price, s.rival) ? [best] : [];
      }
      const m = ex.meta(t.ticker);
      for (const b of s.bids) {
        const won = winners.includes(b);
        const refused =
          won &&
          ex.enforceLimits &&
          checkLimits(b.acct, ex.groups, ex.metas, m.idx, buy, t.quantity, ex.cfg.limits.restingOrders) !== null;
        if (won && !refused) {
          const pInt = toPriceInt(m, b.price);
          bookTrade(b.acct, m, buy ? 1 : -1, t.quantity, pInt / m.scale, pInt * t.quantity * m.unitMul);
        }
        this.setOutcome(t.tender_id, b.acct, won && !refused ? 'ACCEPTED' : 'LOST');
      }
    }
  }

  /** The kind of the next tender: the case's kinds in turn, else its single kind. */
  private nextKind(): TenderKind {
    const c = this.ex.cfg.tenders;
    return c.kinds.length > 0 ? at(c.kinds, this.posted % c.kinds.length) : c.kind;
  }

  private record(id: number): TenderRecord {
    const r = this.history.find((x) => x.tender.tender_id === id);
    if (r === undefined) throw new SimInternalError(`tender ${id} has no history record`);
    return r;
  }

  /** The tendered security: one of the case's tender tickers (drawn when several), else the first ETF, else the first stock. */
  private pickSecurity(): SecMeta {
    const ex = this.ex;
    const list = ex.cfg.tenders.tickers;
    if (list.length === 1) return must(ex.byTicker, at(list, 0));
    if (list.length > 1) return must(ex.byTicker, at(list, this.rng.int(0, list.length - 1)));
    const m = ex.etf ?? ex.metas.find((x) => x.cfg.isTradeable && !x.isCurrency);
    if (m === undefined) throw new SimInternalError('the case has no security to tender');
    return m;
  }

  /** Posts a tender now (scheduled or forced by the control surface). */
  post(over: TenderOverrides = {}): Tender {
    const ex = this.ex;
    const c = ex.cfg.tenders;
    const m = this.pickSecurity();
    const action = over.action ?? (this.rng.chance(0.5) ? 'BUY' : 'SELL');
    const quantity = over.quantity ?? Math.round(this.rng.uniform(c.sizeMin, c.sizeMax) / 1000) * 1000;
    const offset = this.rng.uniform(c.offsetMin, c.offsetMax);
    let price = over.price;
    if (price === undefined) {
      const touch = action === 'BUY' ? ex.bestBidInt(m.idx) : ex.bestAskInt(m.idx);
      const ref = Number.isFinite(touch) ? touch / m.scale : ex.mid(m.idx);
      price = action === 'BUY' ? ref - offset : ref + offset;
    }
    price = toPriceInt(m, price) / m.scale;
    const window = over.windowTicks ?? c.windowTicks;
    const verb = action === 'BUY' ? 'SELL' : 'BUY';
    const kind = over.kind ?? (over.price !== undefined ? 'private' : this.nextKind());
    this.posted++;
    if (kind !== 'private') {
      // The price drawn above is the hidden reserve; the rival bid improves on it for the institution.
      const improve = this.rng.uniform(c.rivalImproveMin, c.rivalImproveMax);
      const rival = toPriceInt(m, action === 'BUY' ? price + improve : price - improve) / m.scale;
      const how =
        kind === 'auction'
          ? 'every bid at or better than its reserve is filled at its own price'
          : 'the single best bid, if good enough, gets all of it';
      const tender: Tender = {
        tender_id: this.nextId,
        period: ex.period,
        tick: ex.tick,
        expires: ex.tick + window,
        caption: `An institution would like to ${verb} ${quantity} shares of ${m.ticker} in a ${kind === 'auction' ? 'competitive auction' : 'winner-take-all auction'}: submit the price at which you would ${action} them by tick ${ex.tick + window}; ${how}.`,
        ticker: m.ticker,
        quantity,
        action,
        is_fixed_bid: false,
        price: null,
      };
      this.nextId += c.idStep;
      this.active.push(tender);
      this.history.push({ tender, outcome: null, outcomes: new Map() });
      this.sealed.push({ tender, kind, reserve: price, rival, bids: [] });
      ex.events.onTender?.(tender.tender_id);
      return tender;
    }
    const tender: Tender = {
      tender_id: this.nextId,
      period: ex.period,
      tick: ex.tick,
      expires: ex.tick + window,
      caption: `An institution would like to ${verb} ${quantity} shares of ${m.ticker} ${action === 'BUY' ? 'to' : 'from'} you at a price of ${price.toFixed(2)}.  Would you like to ${action} the shares ${action === 'BUY' ? 'from' : 'to'} them?`,
      ticker: m.ticker,
      quantity,
      action,
      is_fixed_bid: true,
      price,
    };
    this.nextId += c.idStep;
    this.active.push(tender);
    this.history.push({ tender, outcome: null, outcomes: new Map() });
    ex.events.onTender?.(tender.tender_id);
    return tender;
  }

  private find(id: number, acct: Account): Tender {
    const t = this.active.find((x) => x.tender_id === id);
    if (t && !this.record(id).outcomes.has(acct.idx)) return t;
    if (this.history.some((r) => r.tender.tender_id === id)) {
      throw new SimError(400, 'TENDER_NOT_ACTIVE', `Tender ${id} is no longer active (accepted, declined or expired)`);
    }
    throw notFound(`Tender ${id} not found`);
  }

  accept(acct: Account, id: number, price: number | undefined): void {
    const ex = this.ex;
    if (ex.status !== 'ACTIVE')
      throw new SimError(
        409,
        'CASE_NOT_ACTIVE',
        `The case is ${ex.status}; tenders can be accepted only while it is ACTIVE`,
      );
    const t = this.find(id, acct);
    const m = ex.meta(t.ticker);
    if (t.price === null) {
      this.bid(acct, t, m, price);
      return;
    }
    const pInt = toPriceInt(m, t.price);
    if (price !== undefined && (!Number.isFinite(price) || toPriceInt(m, price) !== pInt)) {
      throw new SimError(400, 'BAD_REQUEST', `price ${price} does not match the tender's fixed price ${t.price}`);
    }
    const buy = t.action === 'BUY';
    if (ex.enforceLimits) {
      const msg = checkLimits(acct, ex.groups, ex.metas, m.idx, buy, t.quantity, ex.cfg.limits.restingOrders);
      if (msg) {
        acct.limitRefusals++;
        throw new SimError(422, 'LIMIT_EXCEEDED', `Tender refused: ${msg}`);
      }
    }
    bookTrade(acct, m, buy ? 1 : -1, t.quantity, pInt / m.scale, pInt * t.quantity * m.unitMul);
    this.decide(id, acct, 'ACCEPTED');
  }

  /** A bid on a competitive tender: checked now (price, band, limits), filled or lost when the tender closes. */
  private bid(acct: Account, t: Tender, m: SecMeta, price: number | undefined): void {
    const ex = this.ex;
    if (price === undefined || !Number.isFinite(price) || price <= 0)
      throw new SimError(
        400,
        'BAD_REQUEST',
        `Tender ${t.tender_id} is an auction: answer it with your bid, POST /tenders/${t.tender_id}?price=P`,
      );
    const p = toPriceInt(m, price) / m.scale;
    if (p < m.cfg.minPrice || p > m.cfg.maxPrice)
      throw new SimError(
        400,
        'BAD_REQUEST',
        `price ${price} is outside ${m.ticker}'s band [${m.cfg.minPrice}, ${m.cfg.maxPrice}]`,
      );
    const buy = t.action === 'BUY';
    if (ex.enforceLimits) {
      const msg = checkLimits(acct, ex.groups, ex.metas, m.idx, buy, t.quantity, ex.cfg.limits.restingOrders);
      if (msg) {
        acct.limitRefusals++;
        throw new SimError(422, 'LIMIT_EXCEEDED', `Bid refused: ${msg}`);
      }
    }
    const s = this.sealed.find((x) => x.tender.tender_id === t.tender_id);
    if (s === undefined) throw new SimInternalError(`tender ${t.tender_id} has no sealed record`);
    s.bids.push({ acct, price: p });
    this.decide(t.tender_id, acct, 'BID');
  }

  decline(acct: Account, id: number): void {
    this.find(id, acct);
    this.decide(id, acct, 'DECLINED');
  }
}
