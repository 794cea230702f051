import { RateLimitedError, RejectedError, UnauthorizedError, type RitApi, type Tender } from '@ritc/rit-client';
import { errorMessage } from '../errors';
import type { EngineEvent } from '../events';
import type { ExecutionCounters } from '../execution/counters';
import { signed } from '../orders/tracked-order';
import type { PositionBook } from '../positions/position-book';
import type { EngineLogger } from '../runtime/logger';
import { roundPrice, type EngineSecurity } from '../securities';

/** What the tender desk needs from the rest of the engine. */
export interface TenderDeskDeps {
  /** The client tenders are polled and answered on (a connection no book read is queued on). */
  api: Pick<RitApi, 'getTenders' | 'acceptTender' | 'declineTender'>;
  /** The exchange's position in one ticker now, or null when it cannot say (the ambiguous-accept check). */
  exchangePosition(ticker: string): Promise<number | null>;
  pollOrders(): Promise<void>;
  securities(): Record<string, EngineSecurity>;
  /** The risk gate's verdict on taking `signedQty` more of `ticker` outright (null = allowed); `holdToClose`: held to the close. */
  checkOutright(ticker: string, signedQty: number, holdToClose?: boolean): string | null;
  positions: Pick<PositionBook, 'position' | 'applyTrade'>;
  /** CAD per unit of a currency (null when no quote). */
  cadPerUnit(currency: string): number | null;
  tick(): number;
  now(): number;
  emit(e: EngineEvent): void;
  log: EngineLogger;
  counters: ExecutionCounters;
}

/**
 * Tenders: the offered list (polled), accept and decline (one answer per tender), and the check
 * that an accept whose answer was lost was booked after all. A tender is not an order: an accepted
 * one is booked straight into the TENDER source's position.
 */
export class TenderDesk {
  private offeredList: Tender[] = [];
  private readonly decided = new Map<number, 'ACCEPTED' | 'DECLINED'>();
  /** Tenders whose accept/decline is on its way (a second answer would only fail). */
  private readonly answering = new Set<number>();
  /** Moves on every accept attempt: a position read across one cannot be trusted by the reconcile. */
  private seqNo = 0;
  /**
   * Bids on competitive tenders (no fixed price): the exchange fills them, or not, only when the
   * tender closes, so they are booked once it shows the shares (settleBids), not when the bid is sent.
   */
  private readonly bids = new Map<number, { tender: Tender; price: number; sq: number; reason: string }>();

  constructor(private readonly d: TenderDeskDeps) {}

  /** Changes whenever an accept starts or ends (the reconcile compares it before and after a read). */
  get seq(): number {
    // While a bid may settle, every read differs: a position read across a settlement cannot be
    // trusted either (the reconcile would book the won shares as unattributed before settleBids does).
    return this.bids.size > 0 ? ++this.seqNo : this.seqNo;
  }

  /** Accepts and declines sent and not answered yet. */
  get answersInFlight(): number {
    return this.answering.size;
  }

  /** Tenders offered now and not answered yet. */
  offered(): Tender[] {
    return [...this.offeredList];
  }

  find(tenderId: number): Tender | undefined {
    return this.offeredList.find((t) => t.tender_id === tenderId);
  }

  /** Reads the offered list; emits SEEN for new tenders and EXPIRED for those gone. Returns whether one is new. */
  async poll(): Promise<boolean> {
    const list = await this.d.api.getTenders();
    const known = new Set(this.offeredList.map((t) => t.tender_id));
    let fresh = false;
    for (const t of list) {
      if (known.has(t.tender_id) || this.decision(t.tender_id)) continue;
      fresh = true;
      this.event(t, 'SEEN', 'offered');
    }
    const live = new Set(list.map((t) => t.tender_id));
    for (const t of this.offeredList) {
      if (!live.has(t.tender_id) && !this.decision(t.tender_id)) this.event(t, 'EXPIRED', 'no longer offered');
    }
    this.offeredList = list.filter((t) => !this.decision(t.tender_id));
    await this.settleBids();
    return fresh;
  }

  /** Bids whose tender has closed: booked when the exchange shows the shares, else lost. */
  private async settleBids(): Promise<void> {
    for (const [id, b] of [...this.bids]) {
      if (this.d.tick() <= b.tender.expires) continue;
      const won = await this.tenderWasBooked(b.tender.ticker, b.sq);
      this.bids.delete(id);
      this.seqNo++;
      if (!won) {
        this.event(b.tender, 'EXPIRED', `bid at ${b.price} not filled`);
        continue;
      }
      this.d.positions.applyTrade(b.tender.ticker, b.sq, b.price, 'TENDER');
      this.d.counters.tendersAccepted++;
      const fx = this.d.cadPerUnit(this.d.securities()[b.tender.ticker]?.currency ?? '');
      this.event(
        b.tender,
        'ACCEPTED',
        `${b.reason} (bid at ${b.price} filled)`,
        fx != null ? Math.abs(b.sq) * b.price * fx : undefined,
      );
    }
  }

  /** Accepts a tender after checking its limit impact; books the position directly (tenders are not orders). */
  async acceptTender(tender: Tender, price?: number, reason = 'accepted', holdToClose = false): Promise<boolean> {
    if (this.decided.has(tender.tender_id) || this.answering.has(tender.tender_id)) return false;
    this.answering.add(tender.tender_id);
    try {
      return await this.doAcceptTender(tender, price, reason, holdToClose);
    } finally {
      this.answering.delete(tender.tender_id);
    }
  }

  private async doAcceptTender(
    tender: Tender,
    price: number | undefined,
    reason: string,
    holdToClose: boolean,
  ): Promise<boolean> {
    const sec = this.d.securities()[tender.ticker];
    if (!sec) {
      this.event(tender, 'DECLINED', `unknown ticker ${tender.ticker}`);
      return false;
    }
    const qty = Math.round(tender.quantity);
    const px = price ?? tender.price ?? NaN;
    if (!Number.isFinite(px) || px <= 0) {
      this.event(tender, 'SEEN', 'accept refused: no price');
      return false;
    }
    if (tender.expires < this.d.tick()) {
      this.event(tender, 'EXPIRED', `expired at tick ${tender.expires}`);
      return false;
    }
    const sq = signed(tender.action, qty);
    const why = this.d.checkOutright(tender.ticker, sq, holdToClose);
    if (why) {
      this.event(tender, 'SEEN', `accept refused by risk gate: ${why}`);
      return false;
    }
    this.seqNo++;
    try {
      const r = await this.d.api.acceptTender(tender.tender_id, roundPrice(px, sec.quotedDecimals));
      if (!r.success) throw new Error('exchange answered success=false');
    } catch (err) {
      // A refusal (4xx, 429, 401) is definite. A timeout, a dropped connection, a 5xx or a
      // malformed answer is not: the exchange may have booked the tender, so ask it before
      // calling the accept failed (else the reconcile would book it as unattributed, or a
      // position of tens of thousands of shares would go untracked until then).
      const definite =
        err instanceof RejectedError || err instanceof RateLimitedError || err instanceof UnauthorizedError;
      if (definite || !(await this.tenderWasBooked(tender.ticker, sq))) {
        this.seqNo++;
        this.event(tender, 'SEEN', `accept failed: ${errorMessage(err)}`);
        return false;
      }
      this.d.log.warn('tender accept answer lost; the exchange shows it booked', {
        tender: tender.tender_id,
        error: errorMessage(err),
      });
    }
    this.decided.set(tender.tender_id, 'ACCEPTED');
    if (!tender.is_fixed_bid) {
      this.bids.set(tender.tender_id, { tender, price: roundPrice(px, sec.quotedDecimals), sq, reason });
      this.event(tender, 'SEEN', `bid ${roundPrice(px, sec.quotedDecimals)} sent: ${reason}`);
      return true;
    }
    this.d.positions.applyTrade(tender.ticker, sq, px, 'TENDER');
    this.seqNo++;
    this.d.counters.tendersAccepted++;
    const fx = this.d.cadPerUnit(sec.currency);
    this.event(tender, 'ACCEPTED', reason, fx != null ? qty * px * fx : undefined);
    return true;
  }

  /**
   * After an accept with no usable answer: does the exchange's position show the tender's `sq`
   * shares beyond what the engine tracks? (Orders are polled first so fills do not count.)
   */
  private async tenderWasBooked(ticker: string, sq: number): Promise<boolean> {
    for (let i = 0; i < 3; i++) {
      try {
        await this.d.pollOrders();
        const exchange = await this.d.exchangePosition(ticker);
        if (exchange === null) continue;
        const diff = exchange - this.d.positions.position(ticker);
        // Closer to "booked" than to "not booked": concurrent fills move it by far less than a tender.
        return Math.abs(diff - sq) < Math.abs(diff);
      } catch {
        /* the same faults may still be on: ask again */
      }
    }
    return false;
  }

  async declineTender(tender: Tender, reason = 'declined'): Promise<boolean> {
    if (this.decided.has(tender.tender_id) || this.answering.has(tender.tender_id)) return false;
    this.answering.add(tender.tender_id);
    try {
      return await this.doDeclineTender(tender, reason);
    } finally {
      this.answering.delete(tender.tender_id);
    }
  }

  private async doDeclineTender(tender: Tender, reason: string): Promise<boolean> {
    try {
      const r = await this.d.api.declineTender(tender.tender_id);
      if (!r.success) throw new Error('exchange answered success=false');
    } catch (err) {
      this.event(tender, 'SEEN', `decline failed: ${errorMessage(err)}`);
      return false;
    }
    this.decided.set(tender.tender_id, 'DECLINED');
    this.d.counters.tendersDeclined++;
    this.event(tender, 'DECLINED', reason);
    return true;
  }

  decision(tenderId: number): 'ACCEPTED' | 'DECLINED' | undefined {
    return this.decided.get(tenderId);
  }

  private event(
    tender: Tender,
    decision: 'ACCEPTED' | 'DECLINED' | 'EXPIRED' | 'SEEN',
    reason: string,
    valueCad?: number,
  ): void {
    const e: EngineEvent = { type: 'tender', t: this.d.now(), tick: this.d.tick(), tender, decision, reason };
    if (valueCad !== undefined) e.valueCad = valueCad;
    this.d.emit(e);
  }
}
