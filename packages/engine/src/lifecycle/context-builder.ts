import type { Book, RitApi } from '@ritc/rit-client';
import type { DepthView, HistoryView, LimitView } from '@ritc/strategies';
import { monoNowMs } from '../runtime/clock';
import type { GroupUsage } from '../risk/worst-case';

/** Aggregates a book into [price, shares] levels, best first. */
export function toDepth(book: Book): DepthView {
  const agg = (orders: Book['bids']) => {
    const levels: Array<[number, number]> = [];
    for (const o of orders) {
      if (o.price == null) continue;
      const left = o.quantity - o.quantity_filled;
      if (left <= 0) continue;
      const last = levels[levels.length - 1];
      if (last && last[0] === o.price) last[1] += left;
      else levels.push([o.price, left]);
    }
    return levels;
  };
  return { bids: agg(book.bids), asks: agg(book.asks) };
}

export async function fetchDepth(
  api: RitApi,
  tickers: readonly string[],
  levels = 20,
): Promise<Record<string, DepthView>> {
  const books = await Promise.all(tickers.map((t) => api.getBook(t, levels).then(toDepth)));
  const out: Record<string, DepthView> = {};
  tickers.forEach((t, i) => {
    out[t] = books[i]!;
  });
  return out;
}

/** Mid and spread per ticker sampled every `sampleMs`, bounded to the last `capacity` samples. */
export class HistorySampler {
  private readonly view: HistoryView = { tick: [], mid: {}, spread: {} };

  constructor(
    private readonly tickers: readonly string[],
    private readonly capacity: number,
  ) {
    for (const t of tickers) {
      this.view.mid[t] = [];
      this.view.spread[t] = [];
    }
  }

  sample(tick: number, quotes: (t: string) => { bid: number | null; ask: number | null } | null): void {
    const rows = this.tickers.map((t) => quotes(t));
    // No sample until every ticker has both sides: aligned series only.
    if (rows.some((q) => !q || q.bid == null || q.ask == null)) return;
    this.view.tick.push(tick);
    this.tickers.forEach((t, i) => {
      const q = rows[i]!;
      this.view.mid[t]!.push((q.bid! + q.ask!) / 2);
      this.view.spread[t]!.push(q.ask! - q.bid!);
    });
    if (this.view.tick.length > this.capacity) {
      const n = this.view.tick.length - this.capacity;
      this.view.tick.splice(0, n);
      for (const t of this.tickers) {
        this.view.mid[t]!.splice(0, n);
        this.view.spread[t]!.splice(0, n);
      }
    }
  }

  get length(): number {
    return this.view.tick.length;
  }

  /** The live view (structured clone copies it when the task is posted to the pool). */
  get(): HistoryView {
    return this.view;
  }
}

/** The limits as strategies see them: the exchange's limits scaled by `limitUsage`. */
export function limitViews(usage: readonly GroupUsage[], limitUsage: number): LimitView[] {
  return usage.map((u) => ({
    name: u.name,
    gross: u.gross,
    net: u.net,
    grossLimit: u.grossLimit * limitUsage,
    netLimit: u.netLimit * limitUsage,
  }));
}

/**
 * A background copy of some books (read every depthRefreshMs by a loop), so a tender is valued
 * without waiting for the book reads; concurrent refreshes share one read.
 */
export class DepthCache {
  private cache: { atMs: number; depth: Record<string, DepthView> } | null = null;
  private inFlight: Promise<void> | null = null;

  constructor(
    private readonly api: RitApi,
    private readonly tickers: () => string[],
  ) {}

  refresh(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    this.inFlight = fetchDepth(this.api, this.tickers())
      .then((depth) => {
        this.cache = { atMs: monoNowMs(), depth };
      })
      .finally(() => {
        this.inFlight = null;
      });
    return this.inFlight;
  }

  latest(): Record<string, DepthView> | null {
    return this.cache?.depth ?? null;
  }

  /** The copy if at most `maxAgeMs` old, else read now. */
  async fresh(maxAgeMs: number): Promise<Record<string, DepthView> | null> {
    // A copy read before a tender on another ticker arrived lacks that ticker's book: read again.
    const missing = this.cache !== null && this.tickers().some((t) => !(t in this.cache!.depth));
    if (!this.cache || missing || monoNowMs() - this.cache.atMs > maxAgeMs) await this.refresh();
    return this.latest();
  }
}
