/**
 * Hidden fundamental values: every random-walk security (in the 2020 case USD as CAD per USD, BULL
 * and BEAR in CAD) follows a log random walk with news jumps; jumps are decided `lead` ticks before
 * they happen (informed traders act on them in between) and announced on /news when they hit. A
 * volatility regime changes a walk's volatility from a tick on (announced on /news when the case
 * says so). An ETF's reference price is its basket fair value (Σ shares × value, converted to the
 * ETF's currency) plus a mispricing m = shock part (decaying with a half-life) + AR(1) noise.
 */
import type { EtfConfig, FundamentalConfig, SecurityConfig } from '../config';
import type { ProcessConfig } from '../cases/schema';
import type { Rng } from '../rng';
import { at, must } from '../util/checked';
import { blackScholes } from './black-scholes';

/** Mispricing state of an ETF after the first (a second listing has its own, drawn from its own stream). */
interface EtfState {
  shock: number;
  noise: number;
}

/** An index process: a log random walk; each stock in its betas is start × (I/I0)^beta × e^residual. */
interface IndexState {
  ticker: string;
  start: number;
  volPerTick: number;
  phi: number;
  residualVol: number;
  stocks: { ticker: string; beta: number; start: number; residual: number }[];
}

/** An option priced by Black–Scholes from its underlying's value and the volatility its quotes use. */
interface OptionState {
  ticker: string;
  cfg: Extract<ProcessConfig, { kind: 'option' }>;
  /** The annualised volatility the option market prices with, per tick (it follows the true one with a lag). */
  marketVol: number[];
}

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
    processes: Record<string, ProcessConfig> = {},
  ) {
    for (const s of securities) this.secs.set(s.ticker, s);
    for (const t of Object.keys(cfg)) this.value.set(t, this.secs.get(t)?.startPrice ?? 1);
    const etfs = securities.filter((s) => s.composition !== undefined).map((s) => s.ticker);
    this.etfTicker = etfs[0] ?? null;
    this.shockDecay = etf.shockHalfLifeTicks > 0 ? Math.pow(0.5, 1 / etf.shockHalfLifeTicks) : 0;
    for (const t of etfs.slice(1)) this.extraEtfs.set(t, { shock: 0, noise: 0 });
    const start = (t: string): number => this.secs.get(t)?.startPrice ?? 1;
    for (const [t, p] of Object.entries(processes)) {
      if (p.kind === 'index') {
        this.value.set(t, start(t));
        const stocks = Object.entries(p.betas).map(([ticker, beta]) => ({
          ticker,
          beta,
          start: start(ticker),
          residual: 0,
        }));
        for (const x of stocks) this.value.set(x.ticker, x.start);
        const phi = p.residualHalfLifeTicks > 0 ? Math.pow(0.5, 1 / p.residualHalfLifeTicks) : 0;
        this.indices.push({
          ticker: t,
          start: start(t),
          volPerTick: p.volPerTick,
          phi,
          residualVol: p.residualVolPerTick,
          stocks,
        });
      } else if (p.kind === 'option') {
        this.options.push({ ticker: t, cfg: p, marketVol: [] });
      }
    }
    // Streams for the processes the 2020 case does not have are forked only when a case has them,
    // so a case without them draws exactly the numbers it always drew.
    this.extraRng = this.extraEtfs.size > 0 || this.indices.length > 0 ? rng.fork(77) : null;
    this.options.sort((a, b) => a.ticker.localeCompare(b.ticker));
    for (const o of this.options) this.value.set(o.ticker, this.optionValue(o, 0));
  }

  private readonly extraEtfs = new Map<string, EtfState>();
  private readonly indices: IndexState[] = [];
  private readonly options: OptionState[] = [];
  private readonly extraRng: Rng | null;
  private tick = 0;

  /** The annualised volatility of a random walk now: volPerTick × √(ticks per year). */
  annualVol(ticker: string, ticksPerYear: number, tick = this.tick): number {
    const c = this.cfg[ticker];
    return c === undefined ? NaN : this.volAt(c, tick) * Math.sqrt(ticksPerYear);
  }

  /** The volatility an option's quotes use at a tick: the true one `marketVolLagTicks` ago. */
  private marketVolAt(o: OptionState, tick: number): number {
    return this.annualVol(o.cfg.underlying, o.cfg.ticksPerYear, Math.max(0, tick - o.cfg.marketVolLagTicks));
  }

  private optionValue(o: OptionState, tick: number): number {
    const c = o.cfg;
    const years = Math.max(0, c.expiryTick - tick) / c.ticksPerYear;
    return blackScholes(c.putCall, this.get(c.underlying), c.strike, years, this.marketVolAt(o, tick), c.annualRate)
      .price;
  }

  /** An option's Black–Scholes delta now (per share of the underlying), from the volatility its market uses. */
  optionDelta(ticker: string): number {
    const o = this.options.find((x) => x.ticker === ticker);
    if (o === undefined) return NaN;
    const c = o.cfg;
    const years = Math.max(0, c.expiryTick - this.tick) / c.ticksPerYear;
    return blackScholes(
      c.putCall,
      this.get(c.underlying),
      c.strike,
      years,
      this.marketVolAt(o, this.tick),
      c.annualRate,
    ).delta;
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

  /** An ETF's mispricing (the first ETF's by default; another listing has its own). */
  mispricing(ticker: string | null = this.etfTicker): number {
    const x = ticker === null || ticker === this.etfTicker ? undefined : this.extraEtfs.get(ticker);
    return x === undefined ? this.shock + this.noise : x.shock + x.noise;
  }

  /** An ETF's reference price: fair value plus the mispricing. */
  etfReference(ticker: string | null = this.etfTicker): number {
    return this.etfFair(ticker) + this.mispricing(ticker);
  }

  /** The random walk's volatility at a tick (its latest regime, else its base). */
  private volAt(c: FundamentalConfig, tick: number): number {
    let v = c.volPerTick;
    for (const r of c.regimes) if (r.fromTick <= tick) v = r.volPerTick;
    return v;
  }

  /** Adds an ETF shock now (its currency, signed; the first ETF by default). */
  addShock(size: number, ticker: string | null = this.etfTicker): void {
    const x = ticker === null ? undefined : this.extraEtfs.get(ticker);
    if (x === undefined) this.shock += size;
    else x.shock += size;
  }

  /** Advances one tick; returns a RITC shock size when a random shock fired this tick (else 0). */
  step(tick: number, news: NewsSink): number {
    this.tick = tick;
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
    this.stepExtra();
    this.shock *= this.shockDecay;
    this.noise = this.noise * this.etf.phi + this.etf.noiseSd * this.rng.normal();
    let first = 0;
    if (this.rng.chance(this.etf.shockProbPerTick)) {
      first = this.rng.sign() * this.rng.uniform(this.etf.shockMin, this.etf.shockMax);
      this.shock += first;
    }
    for (const o of this.options) this.value.set(o.ticker, this.optionValue(o, tick));
    return first;
  }

  /** Index processes and the mispricings of the ETFs after the first, from their own stream. */
  private stepExtra(): void {
    const rng = this.extraRng;
    if (rng === null) return;
    for (const ix of this.indices) {
      const v = ix.volPerTick;
      const level = must(this.value, ix.ticker) * Math.exp(v * rng.normal() - 0.5 * v * v);
      this.value.set(ix.ticker, level);
      for (const st of ix.stocks) {
        st.residual = st.residual * ix.phi + ix.residualVol * rng.normal();
        this.value.set(st.ticker, st.start * Math.pow(level / ix.start, st.beta) * Math.exp(st.residual));
      }
    }
    for (const x of this.extraEtfs.values()) {
      x.shock *= this.shockDecay;
      x.noise = x.noise * this.etf.phi + this.etf.noiseSd * rng.normal();
      if (rng.chance(this.etf.shockProbPerTick))
        x.shock += rng.sign() * rng.uniform(this.etf.shockMin, this.etf.shockMax);
    }
  }
}
