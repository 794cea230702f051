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

export type TenderOutcome = 'ACCEPTED' | 'DECLINED' | 'EXPIRED';

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
}

export class TenderDesk {
  readonly active: Tender[] = [];
  readonly history: TenderRecord[] = [];
  private readonly schedule: Set<number>;
  private nextId: number;

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
    const pInt = toPriceInt(m, t.price!);
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

  decline(acct: Account, id: number): void {
    this.find(id, acct);
    this.decide(id, acct, 'DECLINED');
  }
}
