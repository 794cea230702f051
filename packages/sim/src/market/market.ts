/**
 * The market model: fundamentals plus the other traders, all acting only at tick boundaries in a
 * fixed order (fundamentals, USD dealer, liquidity providers, informed, noise, ETF arbitrage).
 */
import type { Rng } from '../rng';
import type { Exchange } from '../exchange/exchange';
import { Fundamentals } from './fundamentals';
import { LiquidityProvider } from './agents/lp';
import { UsdDealer } from './agents/usd-dealer';
import { NoiseTrader } from './agents/noise';
import { InformedTrader } from './agents/informed';
import { EtfArbitrageur } from './agents/etf-arb';
import { must } from '../util/checked';

export interface AgentHost {
  readonly exchange: Exchange;
  readonly fundamentals: Fundamentals;
}

export class Market implements AgentHost {
  readonly fundamentals: Fundamentals;
  readonly lps = new Map<string, LiquidityProvider>();
  readonly usdDealer: UsdDealer;
  readonly noise: NoiseTrader[] = [];
  readonly informed: InformedTrader;
  readonly arb: EtfArbitrageur;
  private shockCount = 0;

  constructor(
    readonly exchange: Exchange,
    rng: Rng,
  ) {
    const cfg = exchange.cfg;
    const start: Record<string, number> = {};
    for (const s of cfg.securities) start[s.ticker] = s.startPrice;
    this.fundamentals = new Fundamentals(cfg.fundamentals, cfg.etf, start, rng.fork(10), cfg.ticksPerPeriod);
    const usd = must(exchange.byTicker, 'USD');
    this.usdDealer = new UsdDealer(this, exchange.addAccount('ANON-USD-DEALER', true), usd, 1);
    let salt = 20;
    for (const [ticker, lpCfg] of Object.entries(cfg.lp)) {
      const m = exchange.byTicker.get(ticker);
      if (!m) throw new Error(`lp config for unknown ticker ${ticker}`);
      const ref = ticker === 'RITC' ? () => this.fundamentals.ritcReference() : () => this.fundamentals.get(ticker);
      this.lps.set(
        ticker,
        new LiquidityProvider(this, exchange.addAccount(`ANON-LP-${ticker}`, true), m, lpCfg, rng.fork(salt++), ref),
      );
    }
    for (const [ticker, nCfg] of Object.entries(cfg.noise)) {
      const m = exchange.byTicker.get(ticker);
      if (!m) throw new Error(`noise config for unknown ticker ${ticker}`);
      this.noise.push(
        new NoiseTrader(this, exchange.addAccount(`ANON-NOISE-${ticker}`, true), m, nCfg, rng.fork(salt++)),
      );
    }
    this.informed = new InformedTrader(this, exchange.addAccount('ANON-INFORMED', true), cfg.informed, rng.fork(40));
    this.arb = new EtfArbitrageur(this, exchange.addAccount('ANON-ETF-ARB', true), cfg.arb);
  }

  init(): void {
    this.usdDealer.onTick();
    for (const lp of this.lps.values()) lp.onTick(true);
  }

  onTick(tick: number): void {
    const shock = this.fundamentals.step(tick, this.exchange);
    if (shock !== 0) this.exchange.events.onShock?.(++this.shockCount, 'RITC', shock);
    this.usdDealer.onTick();
    for (const lp of this.lps.values()) lp.onTick();
    this.informed.onTick(tick);
    for (const n of this.noise) n.onTick();
    this.arb.onTick();
  }

  /**
   * Pushes a price away now (control endpoint): RITC by `size` USD away from fair value (decaying
   * like any shock), BULL/BEAR/USD fundamentals by `size` in price units. The affected quotes are
   * rebuilt at once. Returns the shock id.
   */
  shockNow(ticker: string, size: number): number {
    if (ticker === 'RITC') this.fundamentals.addShock(size);
    else if (this.fundamentals.value.has(ticker))
      this.fundamentals.value.set(ticker, Math.max(0.01, this.fundamentals.get(ticker) + size));
    else throw new Error(`cannot shock ${ticker}`);
    const id = ++this.shockCount;
    if (ticker === 'USD') this.usdDealer.onTick();
    const lp = this.lps.get(ticker);
    if (lp) lp.onTick(true);
    if (ticker !== 'RITC') this.lps.get('RITC')?.onTick(true);
    this.exchange.events.onShock?.(id, ticker, size);
    return id;
  }
}
