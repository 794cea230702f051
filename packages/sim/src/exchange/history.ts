/** Market records per security: time & sales (capped) and one OHLC bar per tick. */
import type { Ohlc, Tas } from '@ritc/rit-client';

export class TasStore {
  private items: Tas[] = [];
  private nextId = 1;

  constructor(private readonly cap: number) {}

  add(period: number, tick: number, price: number, quantity: number): void {
    this.items.push({ id: this.nextId++, period, tick, price, quantity });
    // Drop the oldest in batches so memory stays flat on long cases without O(n) work per print.
    if (this.items.length > this.cap * 1.25) this.items = this.items.slice(this.items.length - this.cap);
  }

  /** Oldest first. */
  all(): readonly Tas[] {
    return this.items;
  }
}

export class OhlcStore {
  /** Oldest first; the last bar is the current tick's. */
  readonly bars: Ohlc[] = [];

  open(tick: number, price: number): void {
    this.bars.push({ tick, open: price, high: price, low: price, close: price });
  }

  trade(price: number): void {
    const b = this.bars[this.bars.length - 1];
    if (!b) return;
    if (price > b.high) b.high = price;
    if (price < b.low) b.low = price;
    b.close = price;
  }
}
