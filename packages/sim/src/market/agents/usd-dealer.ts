/**
 * Currency dealer (USD in the ETF cases): one practically unlimited order per side (2,147,480,000
 * as in a capture of the live case) at the fundamental ± half the spread, re-posted whenever the
 * quote moves.
 */
import { BUY, SELL, type SimOrder } from '../../book/order';
import type { Account } from '../../exchange/accounts';
import type { SecMeta } from '../../exchange/securities';
import type { AgentHost } from '../market';

export const USD_QUOTE_SIZE = 2_147_480_000;

export class UsdDealer {
  private bid: SimOrder | null = null;
  private ask: SimOrder | null = null;

  constructor(
    private readonly host: AgentHost,
    readonly acct: Account,
    private readonly m: SecMeta,
    /** Half spread in grid steps (0.0001 each): 1 gives the observed 0.0002 spread. */
    private readonly halfSpreadSteps: number,
  ) {}

  get ticker(): string {
    return this.m.ticker;
  }

  onTick(): void {
    const ex = this.host.exchange;
    const mid = Math.round(this.host.fundamentals.get(this.m.ticker) * this.m.scale);
    const b = mid - this.halfSpreadSteps;
    const a = mid + this.halfSpreadSteps;
    const bidOk = this.bid !== null && this.bid.live && this.bid.priceInt === b;
    const askOk = this.ask !== null && this.ask.live && this.ask.priceInt === a;
    if (bidOk && askOk) return;
    // Cancel both before posting, so the new bid can never cross the old ask (or vice versa).
    if (this.bid) ex.cancelOrder(this.bid);
    if (this.ask) ex.cancelOrder(this.ask);
    this.bid = ex.place(this.acct, this.m, BUY, 'LIMIT', b, USD_QUOTE_SIZE, false);
    this.ask = ex.place(this.acct, this.m, SELL, 'LIMIT', a, USD_QUOTE_SIZE, false);
  }
}
