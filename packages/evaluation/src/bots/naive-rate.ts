/**
 * The naive bot's order rate on the simulator's virtual clock. There the exchange counts
 * api_orders_per_second over a sliding second of case time (each tick standing for the tick
 * length the clock runs at), while the client's own pacing waits in wall time: a tick lasting a
 * few ms, it held the bot's orders, and with them its ready signal, for most of the clock's maximum
 * wait. So on the virtual clock the bot counts the rate in case time itself and sends an order
 * over it at a later tick (a quote is dropped for the tick, an unwind order sent on a later pass).
 */
import { ORDER_RATE_WINDOW_MS, caseTimeMs } from '@ritc/rit-client';

export class CaseTimeRate {
  /** Case times (ms) of the orders sent in the window, per ticker, oldest first. */
  private readonly sent = new Map<string, number[]>();

  constructor(private readonly tickMs: number) {}

  /** Whether one more order on `ticker` at `tick` stays within `perSecond` (0 or less: no limit). */
  allows(ticker: string, tick: number, perSecond: number): boolean {
    if (!(perSecond > 0)) return true;
    return this.inWindow(ticker, caseTimeMs(tick, this.tickMs)).length < perSecond;
  }

  /** Counts an order sent on `ticker` at `tick`. */
  record(ticker: string, tick: number): void {
    const now = caseTimeMs(tick, this.tickMs);
    this.inWindow(ticker, now).push(now);
  }

  /** The ticker's orders within the sliding second ending at `nowMs` (older ones forgotten). */
  private inWindow(ticker: string, nowMs: number): number[] {
    let list = this.sent.get(ticker);
    if (!list) this.sent.set(ticker, (list = []));
    // An order at the window's start has left it: the exchange counts (now - window, now].
    while (list.length > 0 && list[0]! <= nowMs - ORDER_RATE_WINDOW_MS) list.shift();
    // Ticks restart with a period: case time going back starts the count afresh.
    if (list.length > 0 && list[list.length - 1]! > nowMs) list.length = 0;
    return list;
  }
}
