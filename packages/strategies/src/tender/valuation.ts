import type { Snapshot } from '@ritc/market-data';
import type { OrderAction, Tender } from '@ritc/rit-client';
import type { DepthView, StrategyContext } from '../context';
import type { TenderParams } from '../params/tender';
import { computeOptimalVolume, normalQuantile } from '../quant';
import { computeMaxViableSpread } from '../market-making/spread';
import { walkBook } from '../util/depth';
import { ceilToTick, floorToTick } from '../util/grid';
import { fitsLimits, maxAdditionalShares } from '../util/limits';
import { isUsable, midOf, snapshotProblem, type TwoSided } from '../util/snapshot';

export type UnwindRoute = 'RITC' | 'BASKET';

export interface TenderValuation {
  tenderId: number;
  accept: boolean;
  reason: string;
  /** Price to answer with (the fixed price, or our bid for a non-fixed tender), USD. */
  price: number | null;
  route: UnwindRoute | null;
  /** Our unwind order: opposite of the tender's action. */
  unwindAction: OrderAction;
  /** Signed unwind size m of the OEH model (SELL < 0). */
  m: number;
  /** Expected unwind price per share net of fees, USD (the better route). */
  unwindNetPrice: number | null;
  ritcNetPrice: number | null;
  basketNetPrice: number | null;
  /** Expected permanent impact charged per share, USD. */
  impactPerShare: number;
  edgePerShare: number | null;
  expectedValueUsd: number | null;
  expectedValueCad: number | null;
  hidingVolume: number | null;
}

/** Levels of the side our unwind trades against: a SELL hits bids, a BUY lifts asks. */
function unwindLevels(depth: DepthView | undefined, snap: TwoSided, action: OrderAction): Array<[number, number]> {
  const d = action === 'SELL' ? depth?.bids : depth?.asks;
  if (d && d.length > 0) return d;
  return action === 'SELL' ? [[snap.bid, Math.max(snap.bidSize, 1)]] : [[snap.ask, Math.max(snap.askSize, 1)]];
}

/** VWAP for `qty` shares walking `levels` (shares beyond the visible depth extrapolated conservatively). */
function walkVwap(levels: Array<[number, number]>, qty: number, action: OrderAction): number | null {
  return walkBook(levels, qty, action === 'SELL' ? -1 : 1).vwapExtrapolated;
}

/**
 * OEH hiding volume V* for an unwind of signed size `m` (the UNWIND order: sell < 0), from the
 * security's flow indicators: v_B = buy fraction of the flow (its direction, not VPIN),
 * σ per bucket of V_σ shares, S_S = max viable spread, z_λ = −Φ⁻¹(1 − λ) < 0. Null when an input is missing.
 */
export function computeHidingVolume(m: number, snapshot: Snapshot, params: Pick<TenderParams, 'leakage' | 'lambda' | 'riskAversion' | 'permanentImpact'>): number | null {
  if (!Number.isFinite(m) || m === 0) return null;
  const vB = snapshot.buyFraction ?? (snapshot.signedImbalance !== null ? (snapshot.signedImbalance + 1) / 2 : null);
  const sigma = snapshot.sigmaPerBucket;
  const volSigma = snapshot.bucketVolume;
  const S_S = computeMaxViableSpread(snapshot, params.riskAversion);
  if (vB === null || !(vB >= 0 && vB <= 1) || sigma === null || !(sigma > 0) || !(volSigma > 0) || S_S === null || !(S_S > 0)) return null;
  const zLambda = -normalQuantile(1 - params.lambda);
  try {
    const v = computeOptimalVolume(m, params.leakage, vB, sigma, volSigma, S_S, zLambda, params.permanentImpact);
    return Number.isFinite(v) && v > 0 ? v : null;
  } catch {
    return null; // inputs outside the model's domain: no hiding volume rather than a failed decision
  }
}

export interface TenderEvaluationExtra {
  /** Signed RITC shares of tenders already accepted in this decision (not yet in positions). */
  reservedShares?: number;
}

/**
 * Value a tender against an executable unwind and decide. Per share (USD):
 *   edge = s · (unwind net price − tender price) − k·N/2
 * with s = +1 for a BUY tender, the unwind net price the VWAP of walking the visible depth for the
 * whole size, net of the fee (or the basket BULL + BEAR walked and converted at the USD touch, net of
 * its two fees, when that is better), and k·N/2 the average permanent impact of unwinding N shares.
 * Accept when edge > minEdgePerShare, the flow is not strongly against the unwind, and the position
 * after the tender fits the limits (RITC weight 2).
 */
export function processTenderOrder(tender: Tender, ctx: StrategyContext, params: TenderParams, extra: TenderEvaluationExtra = {}): TenderValuation {
  const s = tender.action === 'BUY' ? 1 : -1;
  const unwindAction: OrderAction = tender.action === 'BUY' ? 'SELL' : 'BUY';
  const N = tender.quantity;
  const v: TenderValuation = {
    tenderId: tender.tender_id, accept: false, reason: '', price: tender.price, route: null, unwindAction, m: -s * N,
    unwindNetPrice: null, ritcNetPrice: null, basketNetPrice: null, impactPerShare: 0, edgePerShare: null,
    expectedValueUsd: null, expectedValueCad: null, hidingVolume: null,
  };
  const decline = (reason: string): TenderValuation => ({ ...v, accept: false, reason });

  if (tender.ticker !== params.ticker) return decline(`tender on ${tender.ticker}, only ${params.ticker} is handled`);
  if (!Number.isInteger(N) || N <= 0) return decline(`bad tender quantity ${N}`);
  if (tender.expires < ctx.tick) return decline(`expired at tick ${tender.expires}`);
  if (tender.is_fixed_bid && (tender.price === null || !Number.isFinite(tender.price) || tender.price <= 0)) return decline('fixed-bid tender without a valid price');
  const sec = ctx.securities[params.ticker];
  const snap = ctx.snapshots[params.ticker];
  const problem = snapshotProblem(snap, ctx.nowMs, params.maxSnapshotAgeMs);
  if (!sec || problem !== null) return decline(`no usable ${params.ticker} book (${problem ?? 'unknown security'})`);
  const ritc = snap as TwoSided;

  // RITC route.
  const ritcVwap = walkVwap(unwindLevels(ctx.depth?.[params.ticker], ritc, unwindAction), N, unwindAction);
  v.ritcNetPrice = ritcVwap === null ? null : ritcVwap - (unwindAction === 'SELL' ? 1 : -1) * sec.tradingFee;

  // Basket route: N BULL + N BEAR in CAD, converted at the USD touch we would trade.
  const [b1, b2] = params.basket;
  const fx = ctx.snapshots[params.fx];
  if (params.allowBasketRoute && ctx.securities[b1] && ctx.securities[b2] && isUsable(ctx.snapshots[b1], ctx.nowMs, params.maxSnapshotAgeMs) && isUsable(ctx.snapshots[b2], ctx.nowMs, params.maxSnapshotAgeMs) && isUsable(fx, ctx.nowMs, params.maxSnapshotAgeMs)) {
    const w1 = walkVwap(unwindLevels(ctx.depth?.[b1], ctx.snapshots[b1] as TwoSided, unwindAction), N, unwindAction);
    const w2 = walkVwap(unwindLevels(ctx.depth?.[b2], ctx.snapshots[b2] as TwoSided, unwindAction), N, unwindAction);
    if (w1 !== null && w2 !== null) {
      const fees = ctx.securities[b1].tradingFee + ctx.securities[b2].tradingFee;
      const fxs = fx as TwoSided;
      // Selling the basket yields CAD we convert to USD by buying USD (at its ask); buying it costs CAD we get by selling USD (at its bid).
      v.basketNetPrice = unwindAction === 'SELL' ? (w1 + w2 - fees) / fxs.ask : (w1 + w2 + fees) / fxs.bid;
    }
  }

  const better = (a: number | null, b: number | null): boolean => a !== null && (b === null || (unwindAction === 'SELL' ? a > b : a < b));
  if (better(v.basketNetPrice, v.ritcNetPrice)) { v.route = 'BASKET'; v.unwindNetPrice = v.basketNetPrice; }
  else if (v.ritcNetPrice !== null) { v.route = 'RITC'; v.unwindNetPrice = v.ritcNetPrice; }
  else return decline('no unwind price');
  const unwind = v.unwindNetPrice as number;

  v.impactPerShare = (params.permanentImpact * N) / 2;
  v.hidingVolume = computeHidingVolume(v.m, ritc, params);

  // Non-fixed tenders: bid the price that leaves exactly the required edge, on the grid in our favour.
  let price = tender.price;
  if (!tender.is_fixed_bid || price === null) {
    const fair = unwind - s * (v.impactPerShare + params.minEdgePerShare);
    price = s > 0 ? floorToTick(fair, sec.quotedDecimals) : ceilToTick(fair, sec.quotedDecimals);
    if (!(price > 0)) return decline(`no positive price leaves the required edge (fair ${fair.toFixed(4)})`);
  }
  v.price = price;
  v.edgePerShare = s * (unwind - price) - v.impactPerShare;
  v.expectedValueUsd = v.edgePerShare * N;
  const fxMid = fx && isUsable(fx, ctx.nowMs, params.maxSnapshotAgeMs) ? midOf(fx as TwoSided) : null;
  v.expectedValueCad = fxMid === null ? null : v.expectedValueUsd * fxMid;

  if (!(v.edgePerShare > params.minEdgePerShare)) {
    return decline(`edge ${v.edgePerShare.toFixed(4)} USD/share ≤ ${params.minEdgePerShare} (unwind ${unwind.toFixed(4)} via ${v.route}, price ${price}, impact ${v.impactPerShare.toFixed(4)})`);
  }
  const I = ritc.signedImbalance;
  if (I !== null && Math.sign(v.m) * I > params.counterTrendImbalance) {
    return decline(`flow imbalance ${I.toFixed(2)} runs with our ${unwindAction} unwind (> ${params.counterTrendImbalance})`);
  }
  const headroom = maxAdditionalShares(ctx, params.ticker, tender.action, { pendingSigned: extra.reservedShares ?? 0, fraction: params.limitFraction });
  if (N > headroom) return decline(`limits: ${N} shares exceed the headroom of ${headroom} (RITC weight ${ctx.securities[params.ticker].limitWeight})`);
  if (v.route === 'BASKET' || params.basketHedge) {
    const deltas = { [params.ticker]: s * N + (extra.reservedShares ?? 0), [b1]: -s * N, [b2]: -s * N };
    if (!fitsLimits(ctx, deltas, params.limitFraction)) return decline('limits: the basket hedge would breach gross/net');
  }
  return { ...v, accept: true, reason: `edge ${v.edgePerShare.toFixed(4)} USD/share via ${v.route}, EV ${v.expectedValueUsd.toFixed(0)} USD` };
}
