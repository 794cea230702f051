/**
 * What to do with a tender once it is ours, chosen by expected value and variance under the case's
 * close-out rule. In the 2020 case every position is closed at the end for free: stocks at their last
 * price, RITC at its fair value (BULL + BEAR) / USD. So a RITC position held to the close is worth the
 * basket value at the close, and a RITC position matched by the basket (and its USD) is worth exactly
 * what the hedge locked in when it traded, whatever the prices do afterwards.
 *
 * Per share (USD), with s = +1 for a BUY tender (we receive shares) and −1 for a SELL tender:
 * - HOLD to the close:   EV = s·(basket value − price); variance = σ²·ticks left (the basket's
 *   fair value moves until the close).
 * - HEDGE in the basket: EV = s·(basket executable net price − price) (the stocks' touches and fees
 *   paid once, the close-out is free); no variance left.
 * - UNWIND in RITC:      EV = s·(unwind net price − price); variance = σ²·unwind ticks / 3 (a position
 *   worked down linearly carries a third of the full risk on average).
 * Each plan scores EV − ½·γ·variance (CAD, γ per CAD); the best plan with a positive score that also
 * clears the minimum edge is taken, else the tender is declined.
 */

export type TenderPlanKind = 'HOLD' | 'HEDGE' | 'UNWIND';

export interface TenderPlanInput {
  /** +1 for a BUY tender (we receive shares), −1 for a SELL tender. */
  side: 1 | -1;
  quantity: number;
  /** Tender price, USD. */
  price: number;
  /** CAD per USD (the FX mid). */
  fx: number;
  /** Basket value (Σ stock mids) / FX mid, USD: what the close-out pays per RITC share, expected. */
  basketValue: number | null;
  /** Net USD per share of trading the hedge in the basket now (stocks walked, fees paid); null when unusable. */
  basketNetPrice: number | null;
  /** Net USD per share expected from unwinding in RITC (the existing valuation's unwind price); null when unusable. */
  unwindNetPrice: number | null;
  /** Ticks until the close-out. */
  ticksLeft: number;
  /** Ticks the RITC unwind would take. */
  unwindTicks: number;
  /** Variance of the basket's fair value per tick and share, CAD². */
  variancePerTick: number;
  /** Risk aversion γ, per CAD. */
  riskAversion: number;
  /** Minimum edge per share, USD. */
  minEdgePerShare: number;
  /** Whether the basket hedge fits the limits (a hedge nets to zero but doubles gross). */
  hedgeFits: boolean;
}

export interface TenderPlanScore {
  plan: TenderPlanKind;
  /** Edge per share, USD. */
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
          ? 'no plan can be valued (no usable basket or RITC book)'
          : `no plan pays: best ${best.plan} edge ${best.edgePerShare.toFixed(4)} USD/share, score ${best.score.toFixed(0)} CAD`,
      scores,
    };
  }
  const best = eligible.reduce((a, b) => (b.score > a.score ? b : a));
  return {
    plan: best.plan,
    reason: `${best.plan}: edge ${best.edgePerShare.toFixed(4)} USD/share, EV ${best.evCad.toFixed(0)} CAD, sd ${Math.sqrt(best.varianceCad2).toFixed(0)} CAD, score ${best.score.toFixed(0)} CAD`,
    scores,
  };
}
