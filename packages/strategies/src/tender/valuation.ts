import type { OrderAction, Tender } from '@ritc/rit-client';
import type { StrategyContext } from '../context';
import type { TenderParams } from '../params/tender';
import { at } from '../quant';
import { ceilToTick, floorToTick } from '../util/grid';
import { fitsLimits, maxAdditionalShares } from '../util/limits';
import { fxTouch, isUsable, midOf, snapshotProblem } from '../util/snapshot';
import type { TenderPlanKind } from './plan';
import { decidePlan } from './plan-decision';
import { computeHidingVolume, scheduleExecutionCost, unwindLevels, unwindTicksNeeded, walkVwap } from './unwind-cost';

export type UnwindRoute = 'ETF' | 'BASKET';

export interface TenderValuation {
  tenderId: number;
  accept: boolean;
  reason: string;
  /** Price to answer with (the fixed price, or our bid for a non-fixed tender), quote currency. */
  price: number | null;
  route: UnwindRoute | null;
  /** Our unwind order: opposite of the tender's action. */
  unwindAction: OrderAction;
  /** Signed unwind size m of the OEH model (SELL < 0). */
  m: number;
  /** Expected unwind price per share net of fees, quote currency (the better route). */
  unwindNetPrice: number | null;
  /** What selling (or buying) the whole size into the book now would fetch per share, net of the fee. */
  dumpNetPrice: number | null;
  /** The same through the basket, converted into the ETF's quote currency. */
  basketNetPrice: number | null;
  /** Expected permanent impact charged per share, quote currency. */
  impactPerShare: number;
  edgePerShare: number | null;
  /** Edge × size, in the tendered security's quote currency. */
  expectedValueQuote: number | null;
  /** The same in the reporting currency. */
  expectedValueCad: number | null;
  hidingVolume: number | null;
  /** Price the unwind is expected to work around (the ETF mid capped by the basket value), quote currency. */
  anchor: number | null;
  /** (Σ basket mids) / FX mid, quote currency; null when a leg is unusable. */
  basketValue: number | null;
  /** Expected execution cost per share of the child schedule (negative = passive fills earn), quote currency. */
  executionCostPerShare: number | null;
  /** What is done with the tender once accepted (null: unwound in the ETF, the plan choice being off). */
  plan: TenderPlanKind | null;
  /** Declined for the limits alone: the plan it would have taken and the headroom it lacked (make-room.ts). */
  blocked?: { plan: TenderPlanKind; headroom: number };
}

export interface TenderEvaluationExtra {
  /** Signed ETF shares of tenders already accepted in this decision (not yet in positions). */
  reservedShares?: number;
}

/**
 * Basket value of one ETF share in its quote currency: (Σ stock mids) / FX mid (fx '': the ETF is quoted
 * in its basket's currency, rate 1). Null when a leg is unusable.
 */
export function basketFairValue(
  ctx: StrategyContext,
  params: Pick<TenderParams, 'basket' | 'fx' | 'maxSnapshotAgeMs'>,
): number | null {
  const fx = fxTouch(ctx.snapshots, params.fx, ctx.nowMs, params.maxSnapshotAgeMs);
  if (!fx) return null;
  let sum = 0;
  for (const t of params.basket) {
    const s = ctx.snapshots[t];
    if (!ctx.securities[t] || !isUsable(s, ctx.nowMs, params.maxSnapshotAgeMs)) return null;
    sum += midOf(s);
  }
  const fxMid = (fx.bid + fx.ask) / 2;
  return fxMid > 0 ? sum / fxMid : null;
}

/** A valuation that has decided nothing yet: the tender's own facts, every estimate null. */
export function undecidedValuation(tender: Tender): TenderValuation {
  const s = tender.action === 'BUY' ? 1 : -1;
  const unwindAction: OrderAction = tender.action === 'BUY' ? 'SELL' : 'BUY';
  const N = tender.quantity;
  return {
    tenderId: tender.tender_id,
    accept: false,
    reason: '',
    price: tender.price,
    route: null,
    unwindAction,
    m: -s * N,
    unwindNetPrice: null,
    dumpNetPrice: null,
    basketNetPrice: null,
    impactPerShare: 0,
    edgePerShare: null,
    expectedValueQuote: null,
    expectedValueCad: null,
    hidingVolume: null,
    anchor: null,
    basketValue: null,
    executionCostPerShare: null,
    plan: null,
  };
}

/**
 * Value a tender against the executable unwind and decide. Per share (the ETF's quote currency), with
 * s = +1 for a BUY tender (we receive shares and unwind by selling) and −1 for a SELL tender:
 *
 *   edge = s·(anchor − price) − execution cost − k·N/2
 *
 * - anchor: the price the unwind works around. An ETF trading rich or cheap to its basket value
 *   (Σ stocks) / FX rate is pulled back to it by creations/redemptions and arbitrageurs while we unwind.
 *   A gap against us is charged in full (a BUY tender while the ETF is rich is valued at the basket); a
 *   gap in our favour is credited at `basketReversionShare` of it.
 * - execution cost: the schedule's children either cross (half-spread + fee + the walk of the largest
 *   child through ctx.depth beyond the touch) or rest at the touch (earning half-spread + rebate);
 *   `expectedPassiveShare` weighs the two.
 * - k·N/2: the average permanent impact of moving N shares through the market.
 *
 * Accept when edge > minEdgePerShare, the flow does not strongly run with our unwind, and the position
 * after the tender (with tenders accepted earlier in the same decision) fits the limits (the ETF's
 * weight is 2 in the 2020 ETF case).
 * `dumpNetPrice`/`basketNetPrice` report the IMMEDIATE walk of the whole size (what dumping it now would
 * fetch, net of fees) for comparison; they do not decide.
 */
export function processTenderOrder(
  tender: Tender,
  ctx: StrategyContext,
  params: TenderParams,
  extra: TenderEvaluationExtra = {},
): TenderValuation {
  const s = tender.action === 'BUY' ? 1 : -1;
  const unwindAction: OrderAction = tender.action === 'BUY' ? 'SELL' : 'BUY';
  const N = tender.quantity;
  const v = undecidedValuation(tender);
  const decline = (reason: string): TenderValuation => ({ ...v, accept: false, reason });

  if (tender.ticker !== params.ticker) return decline(`tender on ${tender.ticker}, only ${params.ticker} is handled`);
  if (!Number.isInteger(N) || N <= 0) return decline(`bad tender quantity ${N}`);
  if (tender.expires < ctx.tick) return decline(`expired at tick ${tender.expires}`);
  if (tender.is_fixed_bid && (tender.price === null || !Number.isFinite(tender.price) || tender.price <= 0))
    return decline('fixed-bid tender without a valid price');
  const sec = ctx.securities[params.ticker];
  const snap = ctx.snapshots[params.ticker];
  if (!sec || !isUsable(snap, ctx.nowMs, params.maxSnapshotAgeMs)) {
    const problem = snapshotProblem(snap, ctx.nowMs, params.maxSnapshotAgeMs);
    return decline(`no usable ${params.ticker} book (${problem ?? 'unknown security'})`);
  }
  const etfSnap = snap;
  const dir = unwindAction === 'SELL' ? -1 : 1;
  const levels = unwindLevels(ctx.depth?.[params.ticker], etfSnap, unwindAction);

  // For the report: dumping the whole size now.
  const dump = walkVwap(levels, N, unwindAction);
  v.dumpNetPrice = dump === null ? null : dump + dir * sec.tradingFee;
  // The basket is two stocks (validateTenderParams admits no other size).
  const b1 = at(params.basket, 0);
  const b2 = at(params.basket, 1);
  const [sec1, sec2] = [ctx.securities[b1], ctx.securities[b2]];
  const [snap1, snap2] = [ctx.snapshots[b1], ctx.snapshots[b2]];
  const fx = fxTouch(ctx.snapshots, params.fx, ctx.nowMs, params.maxSnapshotAgeMs);
  if (
    sec1 &&
    sec2 &&
    isUsable(snap1, ctx.nowMs, params.maxSnapshotAgeMs) &&
    isUsable(snap2, ctx.nowMs, params.maxSnapshotAgeMs) &&
    fx
  ) {
    const w1 = walkVwap(unwindLevels(ctx.depth?.[b1], snap1, unwindAction), N, unwindAction);
    const w2 = walkVwap(unwindLevels(ctx.depth?.[b2], snap2, unwindAction), N, unwindAction);
    if (w1 !== null && w2 !== null) {
      const fees = sec1.tradingFee + sec2.tradingFee;
      // Selling the basket yields reporting currency we convert to the quote currency by buying the FX
      // security (at its ask); buying it costs reporting currency we get by selling the FX security (at its bid).
      v.basketNetPrice = unwindAction === 'SELL' ? (w1 + w2 - fees) / fx.ask : (w1 + w2 + fees) / fx.bid;
    }
  }

  // Anchor: the mid, capped by the basket value on the side that would flatter the tender.
  const mid = midOf(etfSnap);
  const basket = params.anchorToBasket ? basketFairValue(ctx, params) : null;
  v.basketValue = basket;
  // A gap in our favour (a BUY tender while the ETF is cheap to its basket) is credited only in part: it
  // closes while we unwind, but the average share is sold before it has fully closed.
  const gapInFavour = basket === null ? 0 : Math.max(0, s * (basket - mid));
  const anchor =
    basket === null
      ? mid
      : (s > 0 ? Math.min(mid, basket) : Math.max(mid, basket)) + s * params.basketReversionShare * gapInFavour;
  v.anchor = anchor;

  // Execution cost of the child schedule.
  const { children, execCost } = scheduleExecutionCost(N, etfSnap, levels, sec, unwindAction, params);
  v.executionCostPerShare = execCost;
  v.impactPerShare = (params.permanentImpact * N) / 2;
  v.unwindNetPrice = anchor - s * (execCost + v.impactPerShare);
  v.route = 'ETF';
  v.hidingVolume = computeHidingVolume(v.m, etfSnap, params);
  const unwind = v.unwindNetPrice;

  // Non-fixed tenders: bid the price that leaves exactly the required edge, on the grid in our favour.
  let price = tender.price;
  if (!tender.is_fixed_bid || price === null) {
    const fair = unwind - s * params.minEdgePerShare;
    price = s > 0 ? floorToTick(fair, sec.quotedDecimals) : ceilToTick(fair, sec.quotedDecimals);
    if (!(price > 0)) return decline(`no positive price leaves the required edge (fair ${fair.toFixed(4)})`);
  }
  v.price = price;
  v.edgePerShare = s * (unwind - price);
  v.expectedValueQuote = v.edgePerShare * N;
  const fxMid = fx ? (fx.bid + fx.ask) / 2 : null;
  v.expectedValueCad = fxMid === null ? null : v.expectedValueQuote * fxMid;
  const detail = `anchor ${anchor.toFixed(4)} (mid ${mid.toFixed(4)}, basket ${basket === null ? 'n/a' : basket.toFixed(4)}), execution ${execCost.toFixed(4)}, impact ${v.impactPerShare.toFixed(4)}, price ${price}`;

  const nowTick = Math.max(ctx.tick, Number.isFinite(etfSnap.tick) ? etfSnap.tick : 0);
  const needTicks = unwindTicksNeeded(N, etfSnap, nowTick, children.length, v.hidingVolume, params);
  const ticksLeft = ctx.ticksPerPeriod - params.finishBeforeEndTicks - nowTick;
  const headroom = maxAdditionalShares(ctx, params.ticker, tender.action, {
    pendingSigned: extra.reservedShares ?? 0,
    fraction: params.limitFraction,
  });
  const hedgeDeltas = { [params.ticker]: s * N + (extra.reservedShares ?? 0), [b1]: -s * N, [b2]: -s * N };

  if (params.closeOutFree)
    // The close-out is free: hold, hedge or unwind by expected value and variance (plan-decision.ts).
    return decidePlan(ctx, params, v, {
      tender,
      side: s,
      price,
      fxMid,
      basketValue: basket ?? basketFairValue(ctx, params),
      unwindFeasible: needTicks <= ticksLeft,
      unwindTicks: needTicks,
      nowTick,
      headroom,
      hedgeFits: fitsLimits(ctx, hedgeDeltas, params.limitFraction),
      imbalance: etfSnap.signedImbalance,
      limitWeight: sec.limitWeight,
      detail,
      reservedShares: extra.reservedShares ?? 0,
    });

  if (!(v.edgePerShare >= params.minEdgePerShare)) {
    return decline(`edge ${v.edgePerShare.toFixed(4)} ${sec.currency}/share < ${params.minEdgePerShare} (${detail})`);
  }
  // Time: at our participation the unwind needs pacing volume / market volume per tick ticks; a
  // tender that cannot be unwound before the end of heat would be dumped at market.
  if (needTicks > ticksLeft) {
    return decline(
      `time: the unwind needs ≈ ${Math.ceil(needTicks)} ticks (${children.length} children, market volume), ${ticksLeft} left before the end of heat`,
    );
  }
  const I = etfSnap.signedImbalance;
  if (I !== null && Math.sign(v.m) * I > params.counterTrendImbalance) {
    return decline(
      `flow imbalance ${I.toFixed(2)} runs with our ${unwindAction} unwind (> ${params.counterTrendImbalance})`,
    );
  }
  if (N > headroom)
    return decline(
      `limits: ${N} shares exceed the headroom of ${headroom} (${params.ticker} weight ${sec.limitWeight})`,
    );
  if (params.basketHedge) {
    if (!fitsLimits(ctx, hedgeDeltas, params.limitFraction))
      return decline('limits: the basket hedge would breach gross/net');
  }
  return {
    ...v,
    accept: true,
    reason: `edge ${v.edgePerShare.toFixed(4)} ${sec.currency}/share, EV ${v.expectedValueQuote.toFixed(0)} ${sec.currency} (${detail})`,
  };
}
