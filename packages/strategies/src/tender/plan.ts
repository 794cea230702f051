/**
 * What to do with a tender once it is ours, chosen by expected value and variance under the case's
 * close-out rule. In the 2020 case every position is closed at the end for free: stocks at their last
 * price, the ETF at its fair value (Σ stocks) / FX rate. So an ETF position held to the close is worth
 * the basket value at the close, and an ETF position matched by the basket (and its currency hedge) is
 * worth exactly what the hedge locked in when it traded, whatever the prices do afterwards.
 *
 * Per share (the ETF's quote currency), with s = +1 for a BUY tender (we receive shares) and −1 for a
 * SELL tender:
 * - HOLD to the close:   EV = s·(basket value − price); variance = σ²·ticks left (the basket's
 *   fair value moves until the close).
 * - HEDGE in the basket: EV = s·(basket executable net price − price) (the stocks' touches and fees
 *   paid once, the close-out is free); no variance left.
 * - UNWIND in the ETF:   EV = s·(unwind net price − price); variance = σ²·unwind ticks / 3 (a position
 *   worked down linearly carries a third of the full risk on average).
 * Each plan scores EV − ½·γ·variance (in the reporting currency, CAD in the 2020 ETF case; γ per CAD);
 * the best plan with a positive score that also clears the minimum edge is taken, else the tender is
 * declined. σ² is the basket's, read live (basket-risk.ts); γ is sharpeRiskAversion's.
 */

import { normalCdf } from '../quant';

export type TenderPlanKind = 'HOLD' | 'HEDGE' | 'UNWIND';

export interface TenderPlanInput {
  /** +1 for a BUY tender (we receive shares), −1 for a SELL tender. */
  side: 1 | -1;
  quantity: number;
  /** Tender price, quote currency. */
  price: number;
  /** Reporting currency per unit of the ETF's quote currency (the FX mid). */
  fx: number;
  /** Basket value (Σ stock mids) / FX mid, quote currency: what the close-out pays per ETF share, expected. */
  basketValue: number | null;
  /** Net quote currency per share of trading the hedge in the basket now (stocks walked, fees paid); null when unusable. */
  basketNetPrice: number | null;
  /** Net quote currency per share expected from unwinding in the ETF (the existing valuation's unwind price); null when unusable. */
  unwindNetPrice: number | null;
  /** Ticks until the close-out. */
  ticksLeft: number;
  /** Ticks the ETF unwind would take. */
  unwindTicks: number;
  /** Variance of the basket's fair value per tick and share, CAD². */
  variancePerTick: number;
  /** Risk aversion γ, per CAD. */
  riskAversion: number;
  /** Minimum edge per share, quote currency. */
  minEdgePerShare: number;
  /** Whether the basket hedge fits the limits (a hedge nets to zero but doubles gross). */
  hedgeFits: boolean;
}

export interface TenderPlanScore {
  plan: TenderPlanKind;
  /** Edge per share, quote currency. */
  edgePerShare: number;
  evCad: number;
  varianceCad2: number;
  score: number;
}

export interface TenderPlan {
  plan: TenderPlanKind | null;
  reason: string;
  scores: TenderPlanScore[];
}

function score(plan: TenderPlanKind, edgePerShare: number, riskTicks: number, i: TenderPlanInput): TenderPlanScore {
  const evCad = edgePerShare * i.quantity * i.fx;
  const varianceCad2 = i.quantity * i.quantity * i.variancePerTick * Math.max(0, riskTicks);
  return { plan, edgePerShare, evCad, varianceCad2, score: evCad - 0.5 * i.riskAversion * varianceCad2 };
}

/**
 * Risk aversion γ, per CAD, under which a bet (EV e, variance v) is worth taking exactly when it raises
 * the heat's mean over its standard deviation: with the rest of the heat's P&L at mean μ and sd σ,
 * (μ + e) / √(σ² + v) > μ / σ for a small bet when e > ½·(μ / σ²)·v. So γ = μ / σ²: a heat whose
 * market making and arbitrage earn steadily cannot afford a coin flip that dwarfs them. 0 when μ ≤ 0
 * or σ = 0 (nothing to protect: EV alone decides).
 */
export function sharpeRiskAversion(meanCad: number, sdCad: number): number {
  return meanCad > 0 && sdCad > 0 ? meanCad / (sdCad * sdCad) : 0;
}

/** The best of holding, hedging and unwinding a tender (see the file comment), or none. */
export function chooseTenderPlan(i: TenderPlanInput): TenderPlan {
  const scores: TenderPlanScore[] = [];
  if (i.basketValue !== null && Number.isFinite(i.basketValue))
    scores.push(score('HOLD', i.side * (i.basketValue - i.price), i.ticksLeft, i));
  if (i.hedgeFits && i.basketNetPrice !== null && Number.isFinite(i.basketNetPrice))
    scores.push(score('HEDGE', i.side * (i.basketNetPrice - i.price), 0, i));
  if (i.unwindNetPrice !== null && Number.isFinite(i.unwindNetPrice))
    scores.push(score('UNWIND', i.side * (i.unwindNetPrice - i.price), i.unwindTicks / 3, i));
  const eligible = scores.filter((s) => s.edgePerShare >= i.minEdgePerShare && s.score > 0);
  if (eligible.length === 0) {
    const best = scores.reduce<TenderPlanScore | null>((a, b) => (a === null || b.score > a.score ? b : a), null);
    return {
      plan: null,
      reason:
        best === null
          ? 'no plan can be valued (no usable basket or ETF book)'
          : `no plan pays: best ${best.plan} edge ${best.edgePerShare.toFixed(4)} per share, score ${best.score.toFixed(0)} CAD`,
      scores,
    };
  }
  const best = eligible.reduce((a, b) => (b.score > a.score ? b : a));
  return {
    plan: best.plan,
    reason: `${best.plan}: edge ${best.edgePerShare.toFixed(4)} per share, EV ${best.evCad.toFixed(0)} CAD, sd ${Math.sqrt(best.varianceCad2).toFixed(0)} CAD, score ${best.score.toFixed(0)} CAD`,
    scores,
  };
}

/**
 * The field a heat is ranked against: the competition ranks each heat's P&L across the teams and
 * averages the ranks, so what counts is P&L against the others'. The public base script, which many
 * teams start from, accepts every tender and holds it to the close: that is the field modelled here.
 */
export interface FieldModel {
  /** Our expected P&L over the field from everything but this tender (market making, arbitrage), CAD. */
  edgeCad: number;
  /** Standard deviation of that difference, CAD. */
  noiseSdCad: number;
}

export interface FieldPlanScore {
  plan: TenderPlanKind | 'DECLINE';
  evCad: number;
  /** Variance of our P&L minus the field's that the plan adds, CAD² (the field holds the tender). */
  trackingVarianceCad2: number;
  /** Probability of finishing the heat ahead of the field. */
  pAhead: number;
}

/**
 * The plan (or declining) that maximises the probability of finishing the heat ahead of a field that
 * holds every tender: P = Φ((edge + EV) / √(noise² + tracking variance)). Holding has no tracking
 * variance; hedging or declining gives up the whole path the field keeps (N²·σ²·T); an unwind over U
 * ticks keeps a linearly shrinking part of it (N²·σ²·(T − 2U/3)). A tender worth a little less than
 * nothing on average is then still held — declining it would swap a small sure loss for a coin flip
 * against the field — while a bad enough price is still declined or hedged.
 */
export function choosePlanAgainstField(
  i: TenderPlanInput,
  field: FieldModel,
): { plan: TenderPlanKind | null; reason: string; scores: FieldPlanScore[] } {
  const full = i.quantity * i.quantity * i.variancePerTick * Math.max(0, i.ticksLeft);
  const p = (ev: number, v: number): number => {
    const sd = Math.sqrt(field.noiseSdCad * field.noiseSdCad + v);
    return sd > 0 ? normalCdf((field.edgeCad + ev) / sd) : field.edgeCad + ev > 0 ? 1 : 0;
  };
  const scores: FieldPlanScore[] = [{ plan: 'DECLINE', evCad: 0, trackingVarianceCad2: full, pAhead: p(0, full) }];
  const cad = (edge: number): number => edge * i.quantity * i.fx;
  if (i.basketValue !== null && Number.isFinite(i.basketValue)) {
    const ev = cad(i.side * (i.basketValue - i.price));
    scores.push({ plan: 'HOLD', evCad: ev, trackingVarianceCad2: 0, pAhead: p(ev, 0) });
  }
  if (i.hedgeFits && i.basketNetPrice !== null && Number.isFinite(i.basketNetPrice)) {
    const ev = cad(i.side * (i.basketNetPrice - i.price));
    scores.push({ plan: 'HEDGE', evCad: ev, trackingVarianceCad2: full, pAhead: p(ev, full) });
  }
  if (i.unwindNetPrice !== null && Number.isFinite(i.unwindNetPrice)) {
    const ev = cad(i.side * (i.unwindNetPrice - i.price));
    const v = i.quantity * i.quantity * i.variancePerTick * Math.max(0, i.ticksLeft - (2 * i.unwindTicks) / 3);
    scores.push({ plan: 'UNWIND', evCad: ev, trackingVarianceCad2: v, pAhead: p(ev, v) });
  }
  const best = scores.reduce((a, b) => (b.pAhead > a.pAhead || (b.pAhead === a.pAhead && b.evCad > a.evCad) ? b : a));
  const plan = best.plan === 'DECLINE' ? null : best.plan;
  const decline = scores.find((s) => s.plan === 'DECLINE');
  return {
    plan,
    reason: `${best.plan} against the field: P(ahead) ${best.pAhead.toFixed(3)} (declining ${decline ? decline.pAhead.toFixed(3) : 'n/a'}), EV ${best.evCad.toFixed(0)} CAD`,
    scores,
  };
}
