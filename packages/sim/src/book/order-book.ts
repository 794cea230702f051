/**
 * Continuous price-time priority book of individual orders.
 *
 * Each side keeps its price levels in a sorted array, worst price first, so the best level is the
 * last element (pop on exhaustion is O(1)), plus a Map from price to level for O(1) lookup when an
 * order joins an existing level. A level is a FIFO queue (array + head index); cancelled orders are
 * removed lazily (skipped at the head, compacted when the dead part grows). No per-order sorting.
 */
import { BUY, SELL, type Side, type SimOrder } from './order';
import { at } from '../util/checked';

export class Level {
  orders: SimOrder[] = [];
  head = 0;
  /** Live orders in the queue. */
  count = 0;
  /** Σ remaining of live orders. */
  qty = 0;
  constructor(readonly priceInt: number) {}

  push(o: SimOrder): void {
    this.orders.push(o);
    this.count++;
    this.qty += o.remaining;
  }

  /** Drops dead entries at the head and compacts the array when over half of it is dead. */
  tidy(): void {
    const a = this.orders;
    while (this.head < a.length && !at(a, this.head).live) this.head++;
    if (this.head > 32 && this.head * 2 > a.length) {
      this.orders = a.slice(this.head);
      this.head = 0;
    }
  }
}

export class BookSide {
  /** Worst first, best last. */
  readonly levels: Level[] = [];
  readonly byPrice = new Map<number, Level>();

  constructor(readonly side: Side) {}

  /** True when price a is better than price b for this side. */
  better(a: number, b: number): boolean {
    return this.side === BUY ? a > b : a < b;
  }

  best(): Level | undefined {
    return this.levels[this.levels.length - 1];
  }

  add(o: SimOrder): void {
    let lvl = this.byPrice.get(o.priceInt);
    if (!lvl) {
      lvl = new Level(o.priceInt);
      this.byPrice.set(o.priceInt, lvl);
      this.insertLevel(lvl);
    }
    o.live = true;
    lvl.push(o);
  }

  private insertLevel(lvl: Level): void {
    const a = this.levels;
    const p = lvl.priceInt;
    // Most new levels land at or near the top of the book: scan from the end.
    let i = a.length;
    if (i === 0 || this.better(p, at(a, i - 1).priceInt)) {
      a.push(lvl);
      return;
    }
    let lo = 0;
    let hi = a.length;
    // first index whose level is better than p
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.better(at(a, mid).priceInt, p)) hi = mid;
      else lo = mid + 1;
    }
    i = lo;
    a.splice(i, 0, lvl);
  }

  removeLevel(lvl: Level): void {
    this.byPrice.delete(lvl.priceInt);
    const a = this.levels;
    if (a[a.length - 1] === lvl) {
      a.pop();
      return;
    }
    const idx = a.lastIndexOf(lvl);
    if (idx >= 0) a.splice(idx, 1);
  }

  /** Removes a live order (cancel). */
  remove(o: SimOrder): void {
    const lvl = this.byPrice.get(o.priceInt);
    o.live = false;
    if (!lvl) return;
    lvl.count--;
    lvl.qty -= o.remaining;
    if (lvl.count <= 0) this.removeLevel(lvl);
    else lvl.tidy();
  }

  /** Best-first live orders, up to `limit`. */
  collect(limit: number, out: SimOrder[] = []): SimOrder[] {
    for (let li = this.levels.length - 1; li >= 0 && out.length < limit; li--) {
      const lvl = at(this.levels, li);
      const a = lvl.orders;
      for (let k = lvl.head; k < a.length && out.length < limit; k++) {
        const o = at(a, k);
        if (o.live) out.push(o);
      }
    }
    return out;
  }
}

/** Called for each fill: maker is the resting order, taker the incoming one. */
export type FillHandler = (maker: SimOrder, taker: SimOrder, qty: number, priceInt: number) => void;

export class OrderBook {
  readonly bids = new BookSide(BUY);
  readonly asks = new BookSide(SELL);
  /** Bumped on every change, so readers can cache snapshots. */
  version = 0;

  constructor(private readonly onFill: FillHandler) {}

  /**
   * Matches an incoming order against the opposite side (price-time priority; a marketable limit
   * fills up to its price). Does not rest the remainder: the caller decides (limit rests, market
   * and IOC do not).
   */
  match(taker: SimOrder): void {
    const opp = taker.side === BUY ? this.asks : this.bids;
    const limit = taker.priceInt;
    const isMarket = Number.isNaN(limit);
    const buy = taker.side === BUY;
    const levels = opp.levels;
    while (taker.filled < taker.quantity && levels.length > 0) {
      const lvl = at(levels, levels.length - 1);
      const p = lvl.priceInt;
      if (!isMarket && (buy ? p > limit : p < limit)) break;
      const q = lvl.orders;
      while (lvl.head < q.length && taker.filled < taker.quantity) {
        const maker = at(q, lvl.head);
        if (!maker.live) {
          lvl.head++;
          continue;
        }
        const rem = maker.quantity - maker.filled;
        const want = taker.quantity - taker.filled;
        const x = rem < want ? rem : want;
        maker.filled += x;
        maker.fillNotional += x * p;
        taker.filled += x;
        taker.fillNotional += x * p;
        lvl.qty -= x;
        if (maker.filled >= maker.quantity) {
          maker.live = false;
          maker.status = 'TRANSACTED';
          lvl.count--;
          lvl.head++;
        }
        this.onFill(maker, taker, x, p);
      }
      if (lvl.count <= 0) {
        levels.pop();
        opp.byPrice.delete(p);
      } else {
        lvl.tidy();
      }
    }
    this.version++;
  }

  rest(o: SimOrder): void {
    (o.side === BUY ? this.bids : this.asks).add(o);
    this.version++;
  }

  cancel(o: SimOrder): void {
    if (!o.live) return;
    (o.side === BUY ? this.bids : this.asks).remove(o);
    this.version++;
  }

  /** Walks the opposite side without changing it: what a market order of qty would get. */
  simulate(side: Side, qty: number, limitInt = NaN): { filled: number; notional: number } {
    const opp = side === BUY ? this.asks : this.bids;
    let filled = 0;
    let notional = 0;
    for (let li = opp.levels.length - 1; li >= 0 && filled < qty; li--) {
      const lvl = at(opp.levels, li);
      if (!Number.isNaN(limitInt) && (side === BUY ? lvl.priceInt > limitInt : lvl.priceInt < limitInt)) break;
      for (let k = lvl.head; k < lvl.orders.length && filled < qty; k++) {
        const o = at(lvl.orders, k);
        if (!o.live) continue;
        const x = Math.min(o.remaining, qty - filled);
        filled += x;
        notional += x * lvl.priceInt;
      }
    }
    return { filled, notional };
  }

  bestBid(): number {
    const l = this.bids.best();
    return l ? l.priceInt : NaN;
  }

  bestAsk(): number {
    const l = this.asks.best();
    return l ? l.priceInt : NaN;
  }

  clear(): void {
    for (const side of [this.bids, this.asks]) {
      for (const lvl of side.levels) for (const o of lvl.orders) o.live = false;
      side.levels.length = 0;
      side.byPrice.clear();
    }
    this.version++;
  }
}
