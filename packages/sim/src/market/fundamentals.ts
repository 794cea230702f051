/**
 * Hidden fundamental values: USD (CAD per USD), BULL and BEAR (CAD) follow log random walks with
 * news jumps; jumps are decided `lead` ticks before they happen (informed traders act on them in
 * between) and announced on /news when they hit. RITC's reference price is the ETF fair value
 * (BULL + BEAR) / USD plus a mispricing m = shock part (decaying with a half-life) + AR(1) noise.
 */
import type { EtfConfig, FundamentalConfig } from '../config';
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

const GOOD: Record<string, string[]> = {
  BULL: ['BULL beats earnings expectations', 'BULL wins a major contract', 'Analysts upgrade BULL'],
  BEAR: ['BEAR reports strong quarterly sales', 'BEAR announces a share buyback', 'Analysts upgrade BEAR'],
  USD: ['US Federal Reserve signals higher rates', 'Strong US jobs report lifts the dollar'],
};
const BAD: Record<string, string[]> = {
  BULL: ['BULL misses earnings expectations', 'BULL loses a key customer', 'Analysts downgrade BULL'],
  BEAR: ['BEAR cuts its sales guidance', 'BEAR faces a regulatory probe', 'Analysts downgrade BEAR'],
  USD: ['Bank of Canada surprises with a rate hike', 'Weak US data weighs on the dollar'],
};

export class Fundamentals {
  readonly value = new Map<string, number>();
  readonly pending: PendingJump[] = [];
  /** Decaying shock component of the RITC mispricing (USD). */
  shock = 0;
  /** AR(1) noise component of the RITC mispricing (USD). */
  noise = 0;
  private readonly shockDecay: number;

  constructor(
    private readonly cfg: Record<string, FundamentalConfig>,
    private readonly etf: EtfConfig,
    start: Record<string, number>,
    private readonly rng: Rng,
    private readonly ticksPerPeriod: number,
  ) {
    for (const t of Object.keys(cfg)) this.value.set(t, start[t] ?? 1);
    this.shockDecay = etf.shockHalfLifeTicks > 0 ? Math.pow(0.5, 1 / etf.shockHalfLifeTicks) : 0;
  }

  get(t: string): number {
    return this.value.get(t) ?? NaN;
  }

  /** ETF fair value in USD from fundamentals. */
  etfFair(): number {
    return (this.get('BULL') + this.get('BEAR')) / this.get('USD');
  }

  mispricing(): number {
    return this.shock + this.noise;
  }

  ritcReference(): number {
    return this.etfFair() + this.mispricing();
  }

  /** Adds a RITC shock now (USD, signed). */
  addShock(size: number): void {
    this.shock += size;
  }

  /** Advances one tick; returns a RITC shock size when a random shock fired this tick (else 0). */
  step(tick: number, news: NewsSink): number {
    for (const [t, c] of Object.entries(this.cfg)) {
      let v = must(this.value, t);
      v *= Math.exp(c.volPerTick * this.rng.normal() - 0.5 * c.volPerTick * c.volPerTick);
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
      const list = (p.move > 0 ? GOOD : BAD)[p.ticker] ?? [`${p.ticker} news`];
      const headline = at(list, this.rng.int(0, list.length - 1));
      const pct = (Math.abs(p.move) * 100).toFixed(1);
      const what = p.ticker === 'USD' ? 'USD/CAD' : `${p.ticker} fair value`;
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
