/**
 * ETF arbitrageur: compares the RITC book with the basket (BULL mid + BEAR mid) / USD mid. A
 * mispricing seen at tick t is acted on at t + lagTicks if it still holds then: an immediate-or-
 * cancel limit order on RITC up to maxSharesPerTick, priced at basket ± threshold, so it closes
 * mispricings gradually and leaves the first move to faster traders.
 */
import type { ArbConfig } from '../../config';
import { BUY, SELL } from '../../book/order';
import type { Account } from '../../exchange/accounts';
import type { AgentHost } from '../market';
import { must } from '../../util/checked';

export class EtfArbitrageur {
  /** Signed mispricing (RITC mid − basket, USD) seen at each recent tick. */
  private readonly seen: number[] = [];

  constructor(
    private readonly host: AgentHost,
    readonly acct: Account,
    private readonly cfg: ArbConfig,
  ) {}

  basketUsd(): number {
    const ex = this.host.exchange;
    const i = (t: string): number => must(ex.byTicker, t).idx;
    return (ex.mid(i('BULL')) + ex.mid(i('BEAR'))) / ex.mid(i('USD'));
  }

  onTick(): void {
    const ex = this.host.exchange;
    const ritc = must(ex.byTicker, 'RITC');
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
