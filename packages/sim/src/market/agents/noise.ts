/** Noise traders: Poisson-many market orders per tick, random side and size (uninformed flow). */
import type { NoiseConfig } from '../../config';
import type { Rng } from '../../rng';
import { BUY, SELL } from '../../book/order';
import type { Account } from '../../exchange/accounts';
import type { SecMeta } from '../../exchange/securities';
import type { AgentHost } from '../market';

export class NoiseTrader {
  constructor(
    private readonly host: AgentHost,
    readonly acct: Account,
    private readonly m: SecMeta,
    private readonly cfg: NoiseConfig,
    private readonly rng: Rng,
  ) {}

  onTick(): void {
    const n = this.rng.poisson(this.cfg.ordersPerTick);
    for (let i = 0; i < n; i++) {
      const side = this.rng.chance(0.5) ? BUY : SELL;
      const size = Math.max(100, Math.round(this.rng.uniform(this.cfg.sizeMin, this.cfg.sizeMax) / 100) * 100);
      this.host.exchange.place(this.acct, this.m, side, 'MARKET', NaN, size, false);
    }
  }
}
