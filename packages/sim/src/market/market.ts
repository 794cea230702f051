/**
 * The market model: fundamentals plus the other traders the case file lists, all acting only at
 * tick boundaries in a fixed order (fundamentals, currency dealers, liquidity providers, informed,
 * noise, ETF arbitrage).
 */
import type { Rng } from '../rng';
import type { Exchange } from '../exchange/exchange';
import { Fundamentals } from './fundamentals';
import { LiquidityProvider } from './agents/lp';
import { UsdDealer } from './agents/usd-dealer';
import { NoiseTrader } from './agents/noise';
import { InformedTrader } from './agents/informed';
import { EtfArbitrageur } from './agents/etf-arb';
import { at, must } from '../util/checked';
import { toPriceInt, type SecMeta } from '../exchange/securities';

export interface AgentHost {
  readonly exchange: Exchange;
  readonly fundamentals: Fundamentals;
}

export class Market implements AgentHost {
  readonly fundamentals: Fundamentals;
  readonly lps = new Map<string, LiquidityProvider>();
  readonly dealers: UsdDealer[] = [];
  readonly noise: NoiseTrader[] = [];
  readonly informed: InformedTrader | null;
  readonly arb: EtfArbitrageur | null;
  private shockCount = 0;

  constructor(
    readonly exchange: Exchange,
    rng: Rng,
  ) {
    const cfg = exchange.cfg;
    this.fundamentals = new Fundamentals(
      cfg.fundamentals,
      cfg.etf,
      cfg.securities,
      rng.fork(10),
      cfg.ticksPerPeriod,
      cfg.processes,
    );
    for (const d of cfg.dealers) {
      const m = must(exchange.byTicker, d.ticker);
      this.dealers.push(
        new UsdDealer(this, exchange.addAccount(`ANON-${d.ticker}-DEALER`, true), m, d.halfSpreadSteps),
      );
    }
    let salt = 20;
    for (const [ticker, lpCfg] of Object.entries(cfg.lp)) {
      const m = exchange.byTicker.get(ticker);
      if (!m) throw new Error(`lp config for unknown ticker ${ticker}`);
      const ref =
        m.cfg.composition !== undefined
          ? () => this.fundamentals.etfReference(ticker)
          : () => this.fundamentals.get(ticker);
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
    this.informed =
      cfg.informed === null
        ? null
        : new InformedTrader(this, exchange.addAccount('ANON-INFORMED', true), cfg.informed, rng.fork(40));
    const etf = this.fundamentals.etfTicker;
    this.arb =
      cfg.arb === null || etf === null
        ? null
        : new EtfArbitrageur(this, exchange.addAccount('ANON-ETF-ARB', true), cfg.arb, must(exchange.byTicker, etf));
    // Every other listing of an ETF has its own arbitrageur (a case with one ETF has none here).
    const arbCfg = cfg.arb;
    if (arbCfg !== null)
      for (const m of exchange.metas)
        if (m.cfg.composition !== undefined && m.ticker !== etf)
          this.moreArbs.push(
            new EtfArbitrageur(this, exchange.addAccount(`ANON-ETF-ARB-${m.ticker}`, true), arbCfg, m),
          );
    this.unquoted = exchange.metas.filter(
      (m) => !m.cfg.isTradeable && !m.isCurrency && this.fundamentals.value.has(m.ticker),
    );
  }

  readonly moreArbs: EtfArbitrageur[] = [];
  /** Non-tradeable securities with a price process (an index): their last price is the process value. */
  private readonly unquoted: SecMeta[];

  init(): void {
    for (const d of this.dealers) d.onTick();
    for (const lp of this.lps.values()) lp.onTick(true);
  }

  onTick(tick: number): void {
    const shock = this.fundamentals.step(tick, this.exchange);
    const etf = this.fundamentals.etfTicker;
    if (shock !== 0 && etf !== null) this.exchange.events.onShock?.(++this.shockCount, etf, shock);
    for (const d of this.dealers) d.onTick();
    for (const lp of this.lps.values()) lp.onTick();
    this.informed?.onTick(tick);
    for (const n of this.noise) n.onTick();
    this.arb?.onTick();
    for (const a of this.moreArbs) a.onTick();
    for (const m of this.unquoted) {
      const v = this.fundamentals.get(m.ticker);
      this.exchange.lastInt[m.idx] = toPriceInt(m, v);
      at(this.exchange.ohlc, m.idx).trade(toPriceInt(m, v) / m.scale);
    }
  }

  /** Tickers /sim/shock can push: the ETF (its mispricing) and every random-walk fundamental. */
  shockable(): string[] {
    const etf = this.fundamentals.etfTicker;
    return [...(etf === null ? [] : [etf]), ...this.fundamentals.value.keys()];
  }

  /**
   * Pushes a price away now (control endpoint): the ETF by `size` (its currency) away from fair
   * value (decaying like any shock), a random-walk fundamental by `size` in price units. The
   * affected quotes are rebuilt at once. Returns the shock id.
   */
  shockNow(ticker: string, size: number): number {
    const etf = this.fundamentals.etfTicker;
    if (ticker === etf) this.fundamentals.addShock(size);
    else if (this.fundamentals.value.has(ticker))
      this.fundamentals.value.set(ticker, Math.max(0.01, this.fundamentals.get(ticker) + size));
    else throw new Error(`cannot shock ${ticker}`);
    const id = ++this.shockCount;
    for (const d of this.dealers) if (d.ticker === ticker) d.onTick();
    const lp = this.lps.get(ticker);
    if (lp) lp.onTick(true);
    if (ticker !== etf && etf !== null) this.lps.get(etf)?.onTick(true);
    this.exchange.events.onShock?.(id, ticker, size);
    return id;
  }
}
