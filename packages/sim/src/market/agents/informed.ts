/**
 * Informed traders: between the moment a news jump is decided and the moment it is announced, they
 * send market orders in the jump's direction (a stock directly; a currency move is traded through
 * an ETF quoted in it, whose price in that currency moves the other way, as USD through RITC). This order-flow imbalance ahead of the news is what
 * makes VPIN informative.
 */
import type { InformedConfig } from '../../config';
import type { Rng } from '../../rng';
import { BUY, SELL } from '../../book/order';
import type { Account } from '../../exchange/accounts';
import type { AgentHost } from '../market';

export class InformedTrader {
  constructor(
    private readonly host: AgentHost,
    readonly acct: Account,
    private readonly cfg: InformedConfig,
    private readonly rng: Rng,
  ) {}

  onTick(tick: number): void {
    const ex = this.host.exchange;
    for (const j of this.host.fundamentals.pending) {
      if (tick >= j.dueTick || tick < j.dueTick - j.leadTicks) continue;
      const direct = ex.byTicker.get(j.ticker);
      const viaEtf = direct?.isCurrency === true;
      const m = viaEtf ? ex.metas.find((x) => x.cfg.composition !== undefined && x.cfg.currency === j.ticker) : direct;
      if (!m?.cfg.isTradeable) continue;
      const up = viaEtf ? j.move < 0 : j.move > 0;
      const n = this.rng.poisson(this.cfg.ordersPerTick);
      for (let i = 0; i < n; i++) {
        const size = Math.round(this.rng.uniform(this.cfg.sizeMin, this.cfg.sizeMax) / 100) * 100;
        ex.place(this.acct, m, up ? BUY : SELL, 'MARKET', NaN, size, false);
      }
    }
  }
}
