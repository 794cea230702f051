import type { Book, Case, Order, Tas } from '@ritc/rit-client';
import type { FeedRitApi } from '@ritc/market-data';

export function order(action: 'BUY' | 'SELL', price: number, quantity: number, filled = 0): Order {
  return {
    order_id: 1,
    period: 1,
    tick: 1,
    trader_id: 'ANON',
    ticker: 'X',
    type: 'LIMIT',
    quantity,
    action,
    price,
    quantity_filled: filled,
    vwap: null,
    status: 'OPEN',
  };
}

/**
 * In-memory RitApi for unit tests: a scripted case, book and TAS history honouring `after`,
 * and a queue of one-shot faults per endpoint.
 */
export class FakeApi implements FeedRitApi {
  case: Case = {
    name: 'fake',
    period: 1,
    tick: 1,
    ticks_per_period: 300,
    total_periods: 1,
    status: 'ACTIVE',
    is_enforce_trading_limits: true,
  };
  book: unknown = { bids: [order('BUY', 9.99, 500)], asks: [order('SELL', 10.01, 700)] };
  prints: Tas[] = [];
  nextId = 1;
  calls = { case: 0, book: 0, tas: 0 };
  tasAfter: number[] = [];
  /** Each entry is consumed by one call: an Error to throw, or a raw payload to return instead. */
  faults: { case: unknown[]; book: unknown[]; tas: unknown[] } = { case: [], book: [], tas: [] };
  /** Ignore `after` (answer the whole history): the poller must de-duplicate. */
  ignoreAfter = false;

  print(price: number, quantity: number, tick = this.case.tick): Tas {
    const p = { id: this.nextId++, period: this.case.period, tick, price, quantity };
    this.prints.push(p);
    return p;
  }

  newPeriod(): void {
    this.case = { ...this.case, period: this.case.period + 1, tick: 1 };
    this.prints = [];
    this.nextId = 1;
  }

  private fault(kind: 'case' | 'book' | 'tas'): { hit: boolean; value?: unknown } {
    if (this.faults[kind].length === 0) return { hit: false };
    const f = this.faults[kind].shift();
    if (f instanceof Error) throw f;
    return { hit: true, value: f };
  }

  async getCase(): Promise<Case> {
    this.calls.case++;
    const f = this.fault('case');
    return (f.hit ? f.value : { ...this.case }) as Case;
  }

  async getBook(_t: string, limit = 20): Promise<Book> {
    this.calls.book++;
    const f = this.fault('book');
    if (f.hit) return f.value as Book;
    // A test may script a malformed book (null, a string, …) to reach the parser: that one goes out as is.
    const b = this.book as Book | null;
    if (b && Array.isArray(b.bids)) return { bids: b.bids.slice(0, limit), asks: b.asks.slice(0, limit) };
    return this.book as Book;
  }

  async getTas(_t: string, p: { after?: number } = {}): Promise<Tas[]> {
    this.calls.tas++;
    this.tasAfter.push(p.after ?? 0);
    const f = this.fault('tas');
    if (f.hit) return f.value as Tas[];
    const after = this.ignoreAfter ? 0 : (p.after ?? 0);
    return this.prints.filter((x) => x.id > after).reverse();
  }
}
