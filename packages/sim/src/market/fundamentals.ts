/**
 * Hidden fundamental values: every random-walk security (in the 2020 case USD as CAD per USD, BULL
 * and BEAR in CAD) follows a log random walk with news jumps; jumps are decided `lead` ticks before
 * they happen (informed traders act on them in between) and announced on /news when they hit. A
 * volatility regime changes a walk's volatility from a tick on (announced on /news when the case
 * says so). An ETF's reference price is its basket fair value (Σ shares × value, converted to the
 * ETF's currency) plus a mispricing m = shock part (decaying with a half-life) + AR(1) noise.
 */
import type { EtfConfig, FundamentalConfig, SecurityConfig } from '../config';
import type { Rng } from '../rng';
import { at, must } from '../util/checked';

export interface PendingJump {
  ticker: string;
  dueTick: number;
  leadTicks: number;
  /** Signed fractional move, e.g. +0.02. */
  move: number;
}

export interface NewsSink {
  publishNews(ticker: string, headline: string, body: string): void;
}

export class Fundamentals {
  readonly value = new Map<string, number>();
  readonly pending: PendingJump[] = [];
  /** Decaying shock component of the RITC mispricing (USD). */
  shock = 0;
  /** AR(1) noise component of the RITC mispricing (USD). */
  noise = 0;
  private readonly shockDecay: number;

  private readonly secs = new Map<string, SecurityConfig>();
  /** The first ETF (a security with a composition), or null. */
  readonly etfTicker: string | null;

  constructor(
    private readonly cfg: Record<string, FundamentalConfig>,
    private readonly etf: EtfConfig,
    securities: SecurityConfig[],
    private readonly rng: Rng,
    private readonly ticksPerPeriod: number,
  ) {
    for (const s of securities) this.secs.set(s.ticker, s);
    for (const t of Object.keys(cfg)) this.value.set(t, this.secs.get(t)?.startPrice ?? 1);
    this.etfTicker = securities.find((s) => s.composition !== undefined)?.ticker ?? null;
    this.shockDecay = etf.shockHalfLifeTicks > 0 ? Math.pow(0.5, 1 / etf.shockHalfLifeTicks) : 0;
  }

  /** The fundamental value; another venue of a security reads its primary's. CAD is 1. */
  get(t: string): number {
    if (t === 'CAD') return 1;
    const v = this.value.get(t);
    if (v !== undefined) return v;
    const primary = this.secs.get(t)?.venueOf;
    return primary === undefined ? NaN : (this.value.get(primary) ?? NaN);
  }

  /** CAD per unit of a currency. */
  private rate(currency: string): number {
    return currency === 'CAD' ? 1 : this.get(currency);
  }

  /** An ETF's fair value in its own currency from fundamentals (the first ETF by default). */
  etfFair(ticker: string | null = this.etfTicker): number {
    const etf = ticker === null ? undefined : this.secs.get(ticker);
    if (etf?.composition === undefined) return NaN;
    let cad = 0;
    for (const [t, q] of Object.entries(etf.composition))
      cad += q * this.get(t) * this.rate(this.secs.get(t)?.currency ?? 'CAD');
    return cad / this.rate(etf.currency);
  }

  mispricing(): number {
    return this.shock + this.noise;
  }

  /** An ETF's reference price: fair value plus the mispricing. */
  etfReference(ticker: string | null = this.etfTicker): number {
    return this.etfFair(ticker) + this.mispricing();
  }

  /** The random walk's volatility at a tick (its latest regime, else its base). */
  private volAt(c: FundamentalConfig, tick: number): number {
    let v = c.volPerTick;
    for (const r of c.regimes) if (r.fromTick <= tick) v = r.volPerTick;
    return v;
  }

  /** Adds a RITC shock now (USD, signed). */
  addShock(size: number): void {
    this.shock += size;
  }

  /** Advances one tick; returns a RITC shock size when a random shock fired this tick (else 0). */
  step(tick: number, news: NewsSink): number {
    for (const [t, c] of Object.entries(this.cfg)) {
      for (const r of c.regimes) {
        if (r.fromTick !== tick || !r.announce) continue;
        const annual = r.volPerTick * Math.sqrt(252 * this.ticksPerPeriod) * 100;
        news.publishNews(
          t,
          `${t} volatility changes`,
          `${t} volatility is now ${(r.volPerTick * 100).toFixed(3)}% per tick (about ${annual.toFixed(0)}% annualised).`,
        );
      }
      const vol = this.volAt(c, tick);
      let v = must(this.value, t);
      v *= Math.exp(vol * this.rng.normal() - 0.5 * vol * vol);
      this.value.set(t, v);
      const lead = this.rng.int(c.leadMinTicks, c.leadMaxTicks);
      if (
        this.rng.chance(c.jumpProbPerTick) &&
        tick + lead < this.ticksPerPeriod - 1 &&
        !this.pending.some((p) => p.ticker === t)
      ) {
        const move = this.rng.sign() * this.rng.uniform(c.jumpMin, c.jumpMax);
        this.pending.push({ ticker: t, dueTick: tick + lead, leadTicks: lead, move });
      }
    }
    for (let i = this.pending.length - 1; i >= 0; i--) {
      const p = at(this.pending, i);
      if (p.dueTick > tick) continue;
      this.pending.splice(i, 1);
      this.value.set(p.ticker, must(this.value, p.ticker) * (1 + p.move));
      const c = this.cfg[p.ticker];
      const given = c === undefined ? [] : p.move > 0 ? c.goodNews : c.badNews;
      const list = given.length > 0 ? given : [`${p.ticker} news`];
      const headline = at(list, this.rng.int(0, list.length - 1));
      const pct = (Math.abs(p.move) * 100).toFixed(1);
      const what = this.secs.get(p.ticker)?.type === 'CURRENCY' ? `${p.ticker}/CAD` : `${p.ticker} fair value`;
      news.publishNews(
        p.ticker,
        headline,
        `${headline}. Analysts expect ${what} to move ${p.move > 0 ? 'up' : 'down'} by about ${pct}%.`,
      );
    }
    this.shock *= this.shockDecay;
    this.noise = this.noise * this.etf.phi + this.etf.noiseSd * this.rng.normal();
    if (this.rng.chance(this.etf.shockProbPerTick)) {
      const size = this.rng.sign() * this.rng.uniform(this.etf.shockMin, this.etf.shockMax);
      this.shock += size;
      return size;
    }
    return 0;
  }
}
