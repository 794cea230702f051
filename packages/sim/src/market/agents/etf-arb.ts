/**
 * ETF arbitrageur: compares the ETF's book (RITC in the 2020 case) with its basket Σ shares × mid,
 * converted to the ETF's currency at the currency mids ((BULL + BEAR) / USD in 2020). A
 * mispricing seen at tick t is acted on at t + lagTicks if it still holds then: an immediate-or-
 * cancel limit order on RITC up to maxSharesPerTick, priced at basket ± threshold, so it closes
 * mispricings gradually and leaves the first move to faster traders.
 */
import type { ArbConfig } from '../../config';
import { BUY, SELL } from '../../book/order';
import type { Account } from '../../exchange/accounts';
import type { AgentHost } from '../market';
import type { SecMeta } from '../../exchange/securities';

export class EtfArbitrageur {
  /** Signed mispricing (RITC mid − basket, USD) seen at each recent tick. */
  private readonly seen: number[] = [];

  constructor(
    private readonly host: AgentHost,
    readonly acct: Account,
    private readonly cfg: ArbConfig,
    private readonly etf: SecMeta,
  ) {}

  basketUsd(): number {
    return this.host.exchange.basketMid(this.etf);
  }

  onTick(): void {
    const ex = this.host.exchange;
    const ritc = this.etf;
    const basket = this.basketUsd();
    const mis = ex.mid(ritc.idx) - basket;
    this.seen.push(mis);
    if (this.seen.length <= this.cfg.lagTicks) return;
    const old = this.seen.shift();
    if (old === undefined) return;
    const thr = this.cfg.threshold;
    if (old > thr && mis > thr) {
      const p = Math.ceil((basket + thr) * ritc.scale);
      ex.place(this.acct, ritc, SELL, 'LIMIT', p, this.cfg.maxSharesPerTick, true);
    } else if (old < -thr && mis < -thr) {
      const p = Math.floor((basket - thr) * ritc.scale);
      ex.place(this.acct, ritc, BUY, 'LIMIT', p, this.cfg.maxSharesPerTick, true);
    }
  }
}
