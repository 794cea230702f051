/**
 * The decision for a tender when the case closes every position for free: hold it to the close, hedge
 * it in the basket, unwind it in the ETF, or decline (tender/plan.ts scores the plans), then the
 * limits and the flow checks of the plan taken.
 */

import type { Tender } from '@ritc/rit-client';
import type { StrategyContext } from '../context';
import type { TenderParams } from '../params/tender';
import { worstCaseHeadroom } from '../util/limits';
import { basketVariancePerTick } from './basket-risk';
import { choosePlanAgainstField, chooseTenderPlan, sharpeRiskAversion } from './plan';
import type { TenderValuation } from './valuation';

/** What the valuation measured that the plan choice needs. */
export interface PlanFacts {
  tender: Tender;
  side: 1 | -1;
  /** Price we answer with, quote currency. */
  price: number;
  /** Reporting currency per unit of the quote currency; null when the FX book is unusable. */
  fxMid: number | null;
  /** (Σ basket mids) / FX mid, quote currency. */
  basketValue: number | null;
  /** Whether the ETF unwind can be done before the end of heat. */
  unwindFeasible: boolean;
  unwindTicks: number;
  nowTick: number;
  /** Headroom for a tender to hedge or unwind (limitFraction's margin kept), shares. */
  headroom: number;
  /** Whether the basket hedge fits the limits. */
  hedgeFits: boolean;
  /** The ETF's signed flow imbalance. */
  imbalance: number | null;
  limitWeight: number;
  /** The valuation's numbers, for the reason. */
  detail: string;
  /** Signed ETF shares of tenders accepted earlier in the same decision. */
  reservedShares: number;
}

/** The objective 'auto' resolves to (params/tender.ts planObjective). */
export function planObjectiveOf(
  params: Pick<TenderParams, 'planObjective' | 'otherListings'>,
): 'beatField' | 'meanVariance' {
  if (params.planObjective !== 'auto') return params.planObjective;
  return params.otherListings.length > 0 ? 'meanVariance' : 'beatField';
}

/** Choose the plan (see the file comment); `v` is the valuation so far (unwind and basket prices set). */
export function decidePlan(
  ctx: StrategyContext,
  params: TenderParams,
  v: TenderValuation,
  f: PlanFacts,
): TenderValuation {
  const N = f.tender.quantity;
  const decline = (reason: string): TenderValuation => ({ ...v, accept: false, reason });
  const variancePerTick = basketVariancePerTick(ctx, params);
  if (variancePerTick === null) return decline(`no basket variance: a basket leg has no usable book (${f.detail})`);
  const planInput = {
    side: f.side,
    quantity: N,
    price: f.price,
    fx: f.fxMid ?? 1,
    basketValue: f.basketValue,
    basketNetPrice: v.basketNetPrice,
    unwindNetPrice: f.unwindFeasible ? v.unwindNetPrice : null,
    ticksLeft: ctx.ticksPerPeriod - f.nowTick,
    unwindTicks: f.unwindTicks,
    variancePerTick,
    riskAversion: sharpeRiskAversion(params.fieldEdgeCad, params.fieldNoiseSdCad),
    minEdgePerShare: params.minEdgePerShare,
    hedgeFits: f.hedgeFits,
  } as const;
  const choice =
    planObjectiveOf(params) === 'beatField'
      ? choosePlanAgainstField(planInput, { edgeCad: params.fieldEdgeCad, noiseSdCad: params.fieldNoiseSdCad })
      : chooseTenderPlan(planInput);
  const detail = `${f.detail}, ${planObjectiveOf(params)}, basket variance ${variancePerTick.toFixed(5)} CAD² a tick`;
  const chosen = choice.scores.find((c) => c.plan === choice.plan);
  if (choice.plan === null || chosen === undefined) return decline(`${choice.reason} (${detail})`);
  // A tender held to the close trades no more, so it may use the whole limit (worst case of our
  // resting orders); one to hedge or unwind keeps limitFraction's margin for its orders.
  const room =
    choice.plan === 'HOLD' ? worstCaseHeadroom(ctx, params.ticker, f.tender.action, f.reservedShares) : f.headroom;
  if (N > room)
    return {
      ...decline(`limits: ${N} shares exceed the headroom of ${room} (${params.ticker} weight ${f.limitWeight})`),
      blocked: { plan: choice.plan, headroom: room },
    };
  if (choice.plan === 'UNWIND' && f.imbalance !== null && Math.sign(v.m) * f.imbalance > params.counterTrendImbalance)
    return decline(
      `flow imbalance ${f.imbalance.toFixed(2)} runs with our ${v.unwindAction} unwind (> ${params.counterTrendImbalance})`,
    );
  const edgePerShare = chosen.evCad / (N * (f.fxMid ?? 1));
  return {
    ...v,
    edgePerShare,
    expectedValueQuote: edgePerShare * N,
    expectedValueCad: f.fxMid === null ? null : edgePerShare * N * f.fxMid,
    route: choice.plan === 'HEDGE' ? 'BASKET' : 'ETF',
    plan: choice.plan,
    accept: true,
    reason: `${choice.reason} (${detail})`,
  };
}
