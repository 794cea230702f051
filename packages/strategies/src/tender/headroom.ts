import type { Tender } from '@ritc/rit-client';
import type { StrategyContext } from '../context';
import type { TenderParams } from '../params/tender';
import { worstCaseHeadroom } from '../util/limits';
import { isUsable, midOf } from '../util/snapshot';
import type { TenderValuation } from './valuation';

/**
 * Headroom as a resource. Tenders keep coming (a measured rate per tick, sizes spread evenly over a
 * range, an edge per share on average), and one that does not fit the limits is lost. The headroom a
 * position leaves is therefore worth the tenders still to come that it lets in: with K tenders
 * expected in the ticks left, each a BUY or a SELL with even odds, of N shares uniform on [a, b],
 *
 *   V(room_buy, room_sell) = K · e · ½ · (F(room_buy) + F(room_sell)),   F(h) = E[N · 1{N ≤ h}],
 *
 * e the edge per share in the reporting currency. A tender the other way than the position moves it
 * toward zero and frees headroom on the side it was short of, while using some on the other side:
 * V(after) − V(before) is what taking it is worth beyond its own value. The valuation declines a
 * tender whose hold is worth a little less than nothing; when the headroom it frees is worth more
 * than that loss, it is held after all. Only a tender that brings the position toward zero is
 * judged so (a tender the same way uses headroom, and the valuation already decides on it alone).
 */

/** E[N · 1{N ≤ h}] for N uniform on [a, b], shares. */
export function fittingShares(h: number, a: number, b: number): number {
  if (!(b > a)) return h >= a ? a : 0;
  const top = Math.min(Math.max(h, a), b);
  return (top * top - a * a) / (2 * (b - a));
}

export interface HeadroomInput {
  /** Shares a BUY and a SELL tender could take now. */
  buyRoom: number;
  sellRoom: number;
  /** Tenders expected in the ticks left. */
  tendersLeft: number;
  /** Edge per share of a tender, reporting currency. */
  edgePerShare: number;
  sizeMin: number;
  sizeMax: number;
}

/** V of the file comment, reporting currency. */
export function headroomValue(i: HeadroomInput): number {
  const f = (h: number): number => fittingShares(Math.max(0, h), i.sizeMin, i.sizeMax);
  return i.tendersLeft * i.edgePerShare * 0.5 * (f(i.buyRoom) + f(i.sellRoom));
}

/** V(after taking `signed` shares) − V(now), reporting currency. */
export function headroomGain(i: HeadroomInput, signed: number): number {
  return headroomValue({ ...i, buyRoom: i.buyRoom - signed, sellRoom: i.sellRoom + signed }) - headroomValue(i);
}

/**
 * For a tender the valuation declined on its value alone: held to the close after all when it brings
 * the ETF position toward zero and its hold value plus the headroom gain is positive (see the file
 * comment). Returns the valuation to answer with (`v` itself when nothing changes).
 */
export function valueHeadroom(
  t: Tender,
  v: TenderValuation,
  ctx: StrategyContext,
  params: TenderParams,
  reservedShares: number,
): TenderValuation {
  if (v.accept || v.blocked || !params.closeOutFree || v.basketValue === null || t.price === null) return v;
  if (params.tenderRatePerTick <= 0 || params.tenderEdgePerShare <= 0) return v;
  const s = t.action === 'BUY' ? 1 : -1;
  const position = (ctx.positions[params.ticker]?.position ?? 0) + reservedShares;
  if (!(s * position < 0)) return v;
  const buyRoom = worstCaseHeadroom(ctx, params.ticker, 'BUY', reservedShares);
  const sellRoom = worstCaseHeadroom(ctx, params.ticker, 'SELL', reservedShares);
  if (t.quantity > (s > 0 ? buyRoom : sellRoom)) return v;
  const fx = ctx.snapshots[params.fx];
  const fxMid = isUsable(fx, ctx.nowMs, params.maxSnapshotAgeMs) ? midOf(fx) : 1;
  // Tenders arrive until their window no longer fits before the close.
  const ticksLeft = Math.max(0, ctx.ticksPerPeriod - t.expires);
  const gain = headroomGain(
    {
      buyRoom,
      sellRoom,
      tendersLeft: params.tenderRatePerTick * ticksLeft,
      edgePerShare: params.tenderEdgePerShare * fxMid,
      sizeMin: params.tenderSizeMin,
      sizeMax: params.tenderSizeMax,
    },
    s * t.quantity,
  );
  const holdCad = s * t.quantity * (v.basketValue - t.price) * fxMid;
  const detail = `hold ${holdCad.toFixed(0)} CAD, headroom freed worth ${gain.toFixed(0)} CAD`;
  if (!(holdCad + gain > 0)) return { ...v, reason: `${v.reason}; ${detail}` };
  return {
    ...v,
    accept: true,
    plan: 'HOLD',
    route: 'ETF',
    edgePerShare: (holdCad + gain) / (t.quantity * fxMid),
    reason: `HOLD for the headroom it frees: ${detail} (${v.reason})`,
  };
}
