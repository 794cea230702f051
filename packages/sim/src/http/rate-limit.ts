/**
 * Per-trader, per-ticker order rate limit: at most api_orders_per_second orders in any sliding
 * 1-second window of the order-rate clock (wall time; case time on the virtual clock, see
 * orderRateClockMs). RIT also has a global limit; we model only the per-ticker one.
 */
import { ORDER_RATE_WINDOW_MS } from '@ritc/rit-client';
import { at } from '../util/checked';
export class RateLimiter {
  private readonly windows = new Map<string, number[]>();

  /**
   * Records an order at time nowMs if allowed. Returns { ok: true, waitS } with the seconds to wait
   * before the next order on this ticker (X-Wait-Until), or { ok: false, waitS } when over the limit.
   */
  take(key: string, perSecond: number, nowMs: number): { ok: boolean; waitS: number } {
    let w = this.windows.get(key);
    if (!w) {
      w = [];
      this.windows.set(key, w);
    }
    while (w.length > 0 && at(w, 0) <= nowMs - ORDER_RATE_WINDOW_MS) w.shift();
    const cap = Math.max(1, Math.floor(perSecond));
    if (w.length >= cap) {
      return { ok: false, waitS: round3(Math.max(0.001, (at(w, 0) + ORDER_RATE_WINDOW_MS - nowMs) / 1000)) };
    }
    w.push(nowMs);
    const waitS = w.length >= cap ? round3(Math.max(0, (at(w, 0) + ORDER_RATE_WINDOW_MS - nowMs) / 1000)) : 0;
    return { ok: true, waitS };
  }

  reset(): void {
    this.windows.clear();
  }
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;
