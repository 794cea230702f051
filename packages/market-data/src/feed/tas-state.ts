import type { Tas } from '@ritc/rit-client';
import { MarketDataError } from '../errors';
import { RecordRing } from '../ring';

export type PrintColumn = 'id' | 'period' | 'tick' | 'price' | 'quantity';
export const PRINT_COLUMNS: readonly PrintColumn[] = ['id', 'period', 'tick', 'price', 'quantity'];

export interface IngestResult {
  /** New prints of the current period, oldest first (ascending id). */
  fresh: Tas[];
  /** Prints already seen (id ≤ last id, repeated in the batch) or from an older period. */
  duplicates: number;
  /** Entries dropped because a field was missing or not a finite positive number. */
  malformed: number;
  /**
   * A print from a newer period was seen: the caller must `reset(newPeriod)` and poll again with
   * `after = 0`, because ids restart each period and the server filtered this batch with the old id.
   */
  newPeriod: number | null;
}

function validPrint(p: unknown): p is Tas {
  if (!p || typeof p !== 'object') return false;
  const t = p as Record<string, unknown>;
  return (
    Number.isInteger(t.id) &&
    (t.id as number) >= 0 &&
    Number.isInteger(t.period) &&
    Number.isInteger(t.tick) &&
    typeof t.price === 'number' &&
    Number.isFinite(t.price) &&
    t.price > 0 &&
    typeof t.quantity === 'number' &&
    Number.isFinite(t.quantity) &&
    t.quantity > 0
  );
}

/**
 * Time & sales of one security for the current period, polled incrementally (`after` = lastId).
 * De-duplicates by id, keeps period statistics, and the newest prints in a bounded ring.
 */
export class TasState {
  period = 0;
  /** Highest id ingested this period: the `after` of the next poll. */
  lastId = 0;
  volume = 0;
  tradeCount = 0;
  private notional = 0;
  last = NaN;
  lastSize = 0;
  lastTick = NaN;
  readonly recent: RecordRing<PrintColumn>;

  constructor(historyCapacity = 4096) {
    this.recent = new RecordRing(historyCapacity, PRINT_COLUMNS);
  }

  get vwap(): number {
    return this.volume > 0 ? this.notional / this.volume : NaN;
  }

  /** Forget the period's prints (ids restart at a new period or a restarted case). */
  reset(period: number): void {
    this.period = period;
    this.lastId = 0;
    this.volume = 0;
    this.tradeCount = 0;
    this.notional = 0;
    this.last = NaN;
    this.lastSize = 0;
    this.lastTick = NaN;
    this.recent.clear();
  }

  /** Throws MD_MALFORMED_TAS when the payload is not a list; skips malformed entries. */
  ingest(payload: unknown): IngestResult {
    if (!Array.isArray(payload)) throw new MarketDataError('MD_MALFORMED_TAS', 'time & sales answer is not an array');
    let malformed = 0;
    let duplicates = 0;
    const valid: Tas[] = [];
    let maxPeriod = -1;
    for (const p of payload as unknown[]) {
      if (!validPrint(p)) {
        malformed++;
        continue;
      }
      valid.push(p);
      if (p.period > maxPeriod) maxPeriod = p.period;
    }
    if (this.period === 0 && maxPeriod > 0) this.period = maxPeriod; // first sight of the case
    if (maxPeriod > this.period) return { fresh: [], duplicates: 0, malformed, newPeriod: maxPeriod };

    valid.sort((a, b) => a.id - b.id); // RIT answers newest first
    const fresh: Tas[] = [];
    for (const p of valid) {
      if (p.period < this.period || p.id <= this.lastId) {
        duplicates++;
        continue;
      }
      const t: Tas = { id: p.id, period: p.period, tick: p.tick, price: p.price, quantity: p.quantity };
      fresh.push(t);
      this.lastId = t.id;
      this.volume += t.quantity;
      this.notional += t.quantity * t.price;
      this.tradeCount++;
      this.last = t.price;
      this.lastSize = t.quantity;
      this.lastTick = t.tick;
      this.recent.push(t);
    }
    return { fresh, duplicates, malformed, newPeriod: null };
  }
}
