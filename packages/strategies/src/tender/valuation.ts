import type { Snapshot } from '@ritc/market-data';
import type { OrderAction, Tender } from '@ritc/rit-client';
import type { DepthView, StrategyContext } from '../context';
import type { TenderParams } from '../params/tender';
import { at, computeOptimalVolume, normalQuantile } from '../quant';
import { computeMaxViableSpread } from '../market-making/spread';
import { walkBook } from '../util/depth';
import { ceilToTick, floorToTick } from '../util/grid';
import { fitsLimits, maxAdditionalShares, worstCaseHeadroom } from '../util/limits';
import { isUsable, midOf, snapshotProblem, type TwoSided } from '../util/snapshot';
import { buildUnwindSchedule } from './schedule';
import { choosePlanAgainstField, chooseTenderPlan, type TenderPlanKind } from './plan';

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

/** Levels of the side our unwind trades against: a SELL hits bids, a BUY lifts asks. */
export function unwindLevels(
  depth: DepthView | undefined,
  snap: TwoSided,
  action: OrderAction,
): Array<[number, number]> {
  const d = action === 'SELL' ? depth?.bids : depth?.asks;
  if (d && d.length > 0) return d;
  return action === 'SELL' ? [[snap.bid, Math.max(snap.bidSize, 1)]] : [[snap.ask, Math.max(snap.askSize, 1)]];
}

/** VWAP for `qty` shares walking `levels` (shares beyond the visible depth extrapolated conservatively). */
export function walkVwap(levels: Array<[number, number]>, qty: number, action: OrderAction): number | null {
  return walkBook(levels, qty, action === 'SELL' ? -1 : 1).vwapExtrapolated;
}

/**
 * OEH hiding volume V* for an unwind of signed size `m` (the UNWIND order: sell < 0), from the
 * security's flow indicators: v_B = buy fraction of the flow (its direction, not VPIN),
 * σ per bucket of V_σ shares, S_S = max viable spread, z_λ = −Φ⁻¹(1 − λ) < 0. Null when an input is missing.
 */
export function computeHidingVolume(
  m: number,
  snapshot: Snapshot,
  params: Pick<TenderParams, 'leakage' | 'lambda' | 'riskAversion' | 'permanentImpact'>,
): number | null {
  if (!Number.isFinite(m) || m === 0) return null;
  const vB = snapshot.buyFraction ?? (snapshot.signedImbalance !== null ? (snapshot.signedImbalance + 1) / 2 : null);
  const sigma = snapshot.sigmaPerBucket;
  const volSigma = snapshot.bucketVolume;
  const S_S = computeMaxViableSpread(snapshot, params.riskAversion);
  if (
    vB === null ||
    !(vB >= 0 && vB <= 1) ||
    sigma === null ||
    !(sigma > 0) ||
    !(volSigma > 0) ||
    S_S === null ||
    !(S_S > 0)
  )
    return null;
  const zLambda = -normalQuantile(1 - params.lambda);
  try {
    const v = computeOptimalVolume(m, params.leakage, vB, sigma, volSigma, S_S, zLambda, params.permanentImpact);
    return Number.isFinite(v) && v > 0 ? v : null;
  } catch {
    return null; // inputs outside the model's domain: no hiding volume rather than a failed decision
  }
}

/**
 * Market volume (ours included) over which to spread an unwind of `quantity` shares: the OEH hiding
 * volume, but at least quantity / maxParticipation so that we never are more than that share of the
 * flow (the OEH optimum is often just |m| — trade it all at once — when the flow is balanced).
 * Null when the hiding volume is unknown and no participation cap applies.
 */
export function pacingVolume(
  quantity: number,
  hiding: number | null,
  params: Pick<TenderParams, 'maxParticipation'>,
): number | null {
  const floor = params.maxParticipation > 0 ? quantity / params.maxParticipation : 0;
  if (hiding === null) return floor > 0 ? floor : null;
  return Math.max(hiding, floor);
}

/**
 * The child schedule of an unwind of `quantity` shares and its expected execution cost per share: the
 * children either cross (half-spread + fee + the walk of the largest child through `levels` beyond the
 * touch) or rest at the touch (earning half-spread + rebate); `expectedPassiveShare` weighs the two.
 */
export function scheduleExecutionCost(
  quantity: number,
  snap: TwoSided,
  levels: Array<[number, number]>,
  sec: { tradingFee: number; limitOrderRebate: number; maxTradeSize: number },
  unwindAction: OrderAction,
  params: Pick<TenderParams, 'numLarge' | 'numSmallPerLarge' | 'largeToSmallRatio' | 'expectedPassiveShare'>,
): { children: number[]; execCost: number } {
  const children = buildUnwindSchedule(quantity, {
    numLarge: params.numLarge,
    numSmallPerLarge: params.numSmallPerLarge,
    largeToSmallRatio: params.largeToSmallRatio,
    maxChild: sec.maxTradeSize,
  });
  const dir = unwindAction === 'SELL' ? -1 : 1;
  const largest = children.reduce((a, b) => Math.max(a, b), 0);
  const touch = unwindAction === 'SELL' ? snap.bid : snap.ask;
  const childVwap = walkVwap(levels, largest, unwindAction) ?? touch;
  const childImpact = Math.max(0, dir * (childVwap - touch));
  const halfSpread = (snap.ask - snap.bid) / 2;
  const crossCost = halfSpread + sec.tradingFee + childImpact;
  const passiveGain = halfSpread + sec.limitOrderRebate;
  const execCost = (1 - params.expectedPassiveShare) * crossCost - params.expectedPassiveShare * passiveGain;
  return { children, execCost };
}

/**
 * Ticks an unwind of `quantity` shares needs: at our participation, pacing volume / market volume per
 * tick, and at least `ticksPerChild` per child (children go one at a time).
 */
export function unwindTicksNeeded(
  quantity: number,
  snap: Snapshot,
  nowTick: number,
  childCount: number,
  hiding: number | null,
  params: Pick<TenderParams, 'maxParticipation' | 'ticksPerChild'>,
): number {
  const ratePerTick = nowTick > 0 && snap.volume > 0 ? snap.volume / nowTick : null;
  const pace = pacingVolume(quantity, hiding, params);
  return Math.max(ratePerTick !== null && pace !== null ? pace / ratePerTick : 0, childCount * params.ticksPerChild);
}

export interface TenderEvaluationExtra {
  /** Signed ETF shares of tenders already accepted in this decision (not yet in positions). */
  reservedShares?: number;
}

/** Basket value of one ETF share in its quote currency: (Σ stock mids) / FX mid. Null when a leg is unusable. */
export function basketFairValue(
  ctx: StrategyContext,
  params: Pick<TenderParams, 'basket' | 'fx' | 'maxSnapshotAgeMs'>,
): number | null {
  const fx = ctx.snapshots[params.fx];
  if (!isUsable(fx, ctx.nowMs, params.maxSnapshotAgeMs)) return null;
  let sum = 0;
  for (const t of params.basket) {
    const s = ctx.snapshots[t];
    if (!ctx.securities[t] || !isUsable(s, ctx.nowMs, params.maxSnapshotAgeMs)) return null;
    sum += midOf(s);
  }
  const fxMid = midOf(fx);
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
  const fx = ctx.snapshots[params.fx];
  if (
    sec1 &&
    sec2 &&
    isUsable(snap1, ctx.nowMs, params.maxSnapshotAgeMs) &&
    isUsable(snap2, ctx.nowMs, params.maxSnapshotAgeMs) &&
    isUsable(fx, ctx.nowMs, params.maxSnapshotAgeMs)
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
  const fxMid = fx && isUsable(fx, ctx.nowMs, params.maxSnapshotAgeMs) ? midOf(fx) : null;
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

  if (params.closeOutFree) {
    // The close-out is free: hold, hedge or unwind by expected value and variance (plan.ts).
    const planInput = {
      side: s,
      quantity: N,
      price,
      fx: fxMid ?? 1,
      basketValue: basket ?? basketFairValue(ctx, params),
      basketNetPrice: v.basketNetPrice,
      unwindNetPrice: needTicks > ticksLeft ? null : unwind,
      ticksLeft: ctx.ticksPerPeriod - nowTick,
      unwindTicks: needTicks,
      variancePerTick: params.basketVariancePerTick,
      riskAversion: params.planRiskAversion,
      minEdgePerShare: params.minEdgePerShare,
      hedgeFits: fitsLimits(ctx, hedgeDeltas, params.limitFraction),
    } as const;
    const choice =
      params.planObjective === 'beatField'
        ? choosePlanAgainstField(planInput, { edgeCad: params.fieldEdgeCad, noiseSdCad: params.fieldNoiseSdCad })
        : chooseTenderPlan(planInput);
    const chosen = choice.scores.find((c) => c.plan === choice.plan);
    if (choice.plan === null || chosen === undefined) return decline(`${choice.reason} (${detail})`);
    // A tender held to the close trades no more, so it may use the whole limit (worst case of our
    // resting orders); one to hedge or unwind keeps limitFraction's margin for its orders.
    const room =
      choice.plan === 'HOLD'
        ? worstCaseHeadroom(ctx, params.ticker, tender.action, extra.reservedShares ?? 0)
        : headroom;
    if (N > room)
      return {
        ...decline(`limits: ${N} shares exceed the headroom of ${room} (${params.ticker} weight ${sec.limitWeight})`),
        blocked: { plan: choice.plan, headroom: room },
      };
    if (choice.plan === 'UNWIND') {
      const I = etfSnap.signedImbalance;
      if (I !== null && Math.sign(v.m) * I > params.counterTrendImbalance)
        return decline(
          `flow imbalance ${I.toFixed(2)} runs with our ${unwindAction} unwind (> ${params.counterTrendImbalance})`,
        );
    }
    v.edgePerShare = chosen.evCad / (N * (fxMid ?? 1));
    v.expectedValueQuote = v.edgePerShare * N;
    v.expectedValueCad = fxMid === null ? null : v.expectedValueQuote * fxMid;
    v.route = choice.plan === 'HEDGE' ? 'BASKET' : 'ETF';
    return { ...v, plan: choice.plan, accept: true, reason: `${choice.reason} (${detail})` };
  }

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
