/**
 * Liquidity provider: keeps `ordersPerSide` individual limit orders (~10,000 shares each) per side
 * at distances minHalfSpread + Exp(depthMean) from its reference price (the fundamental value,
 * skewed against its inventory). Each tick it cancels orders that are too close to / through the
 * reference, too far from it, or randomly (churn), and posts at most maxNewPerTick new ones per
 * side, so the book is rebuilt over several ticks as in the real capture. Orders are always passive.
 */
import type { LiquidityProviderConfig } from '../../config';
import type { Rng } from '../../rng';
import { BUY, SELL, type SimOrder } from '../../book/order';
import type { Account } from '../../exchange/accounts';
import type { SecMeta } from '../../exchange/securities';
import type { AgentHost } from '../market';
import { at } from '../../util/checked';

export class LiquidityProvider {
  private bids: SimOrder[] = [];
  private asks: SimOrder[] = [];

  constructor(
    private readonly host: AgentHost,
    readonly acct: Account,
    private readonly m: SecMeta,
    private readonly cfg: LiquidityProviderConfig,
    private readonly rng: Rng,
    private readonly reference: () => number,
  ) {}

  private ref(): number {
    const inv = at(this.acct.pos, this.m.posIdx);
    const skew = Math.max(-this.cfg.skewCap, Math.min(this.cfg.skewCap, (this.cfg.skewPer10k * inv) / 10_000));
    return this.reference() - skew;
  }

  /** Re-quotes; `full` posts every missing order at once (start of case, forced shocks). */
  onTick(full = false): void {
    const c = this.cfg;
    const ref = this.ref();
    const scale = this.m.scale;
    this.bids = this.prune(this.bids, (o) => ref - o.priceInt / scale);
    this.asks = this.prune(this.asks, (o) => o.priceInt / scale - ref);
    const ex = this.host.exchange;
    const book = ex.book(this.m);
    const minInt = Math.round(this.m.cfg.minPrice * scale);
    const maxInt = Math.round(this.m.cfg.maxPrice * scale);
    for (const side of [BUY, SELL] as const) {
      const list = side === BUY ? this.bids : this.asks;
      const want = c.ordersPerSide - list.length;
      const n = full ? want : Math.min(c.maxNewPerTick, want);
      // The touch is refilled first: when the LP's best order on this side is farther than
      // minHalfSpread + touchGap from the reference, one new order goes near the touch.
      let bestDist = Infinity;
      for (const o of list)
        bestDist = Math.min(bestDist, side === BUY ? ref - o.priceInt / scale : o.priceInt / scale - ref);
      const refillTouch = bestDist > c.minHalfSpread + c.touchGap;
      for (let k = 0; k < n; k++) {
        const mean = k === 0 && refillTouch ? c.touchMean : c.depthMean;
        const dist = c.minHalfSpread + this.rng.exponential(mean);
        const size = Math.round(this.rng.uniform(c.sizeMin, c.sizeMax) / 100) * 100;
        let p: number;
        if (side === BUY) {
          p = Math.floor((ref - dist) * scale + 1e-9);
          const ba = book.bestAsk();
          if (Number.isFinite(ba) && p >= ba) p = ba - 1;
        } else {
          p = Math.ceil((ref + dist) * scale - 1e-9);
          const bb = book.bestBid();
          if (Number.isFinite(bb) && p <= bb) p = bb + 1;
        }
        if (p < minInt || p > maxInt || size <= 0) continue;
        const o = ex.place(this.acct, this.m, side, 'LIMIT', p, size, false);
        if (o.live) list.push(o);
      }
    }
  }

  private prune(list: SimOrder[], distance: (o: SimOrder) => number): SimOrder[] {
    const c = this.cfg;
    const out: SimOrder[] = [];
    for (const o of list) {
      if (!o.live) continue;
      const d = distance(o);
      const churn = this.rng.chance(c.churnPerTick);
      if (d < c.minHalfSpread * 0.5 || d > c.maxDistance || churn) {
        this.host.exchange.cancelOrder(o);
      } else {
        out.push(o);
      }
    }
    return out;
  }
}
