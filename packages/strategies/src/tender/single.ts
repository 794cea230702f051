import type { OrderAction, Tender } from '@ritc/rit-client';
import type { StrategyContext } from '../context';
import type { TenderAnswer } from '../intents';
import type { TenderParams } from '../params/tender';
import { emptyOutput, type StrategyOutput } from '../output';
import { maxAdditionalShares } from '../util/limits';
import { isUsable, midOf, snapshotProblem } from '../util/snapshot';
import { chooseAuctionBid, isWinnerTakeAll } from './auction';
import { optimallyExecuteOrder } from './execute';
import { readTenderMemory, type TenderMemory } from './memory';
import { computeHidingVolume, scheduleExecutionCost, unwindLevels, unwindTicksNeeded, walkVwap } from './unwind-cost';
import { undecidedValuation, type TenderValuation } from './valuation';

/** Whether a tender is on one of the securities tendered on their own (not the ETF). */
export function isSingleTender(
  t: Pick<Tender, 'ticker'>,
  params: Pick<TenderParams, 'ticker' | 'basket' | 'singles'>,
): boolean {
  return t.ticker !== params.ticker && !params.basket.includes(t.ticker) && params.singles.includes(t.ticker);
}

/**
 * Value a tender on a security with no basket to anchor it: per share (its quote currency), with
 * s = +1 for a BUY tender (we receive shares and unwind by selling) and −1 for a SELL tender,
 *
 *   edge = s·(mid − price) − execution cost − k·N/2
 *
 * the execution cost and the permanent impact as for the ETF (valuation.ts), the unwind walking this
 * security's own book; with singleUnwind 'dump', edge = s·(walk of N through the book ∓ fee − price). A competitive tender is bid at the price tender/auction.ts chooses. Accept when
 * the edge clears minEdgePerShare, the unwind fits in the time left, the flow does not run strongly
 * with the unwind and the position fits the limits (limit-group weights from the case).
 * `reservedSigned`: shares of this ticker accepted earlier in the same decision.
 */
export function processSingleTender(
  tender: Tender,
  ctx: StrategyContext,
  params: TenderParams,
  reservedSigned = 0,
): TenderValuation {
  const s = tender.action === 'BUY' ? 1 : -1;
  const unwindAction: OrderAction = tender.action === 'BUY' ? 'SELL' : 'BUY';
  const N = tender.quantity;
  const ticker = tender.ticker;
  const v = undecidedValuation(tender);
  const decline = (reason: string): TenderValuation => ({ ...v, accept: false, reason });
  if (!Number.isInteger(N) || N <= 0) return decline(`bad tender quantity ${N}`);
  if (tender.expires < ctx.tick) return decline(`expired at tick ${tender.expires}`);
  if (tender.is_fixed_bid && (tender.price === null || !Number.isFinite(tender.price) || tender.price <= 0))
    return decline('fixed-bid tender without a valid price');
  const sec = ctx.securities[ticker];
  const snap = ctx.snapshots[ticker];
  if (!sec || !isUsable(snap, ctx.nowMs, params.maxSnapshotAgeMs)) {
    const problem = snapshotProblem(snap, ctx.nowMs, params.maxSnapshotAgeMs);
    return decline(`no usable ${ticker} book (${problem ?? 'unknown security'})`);
  }
  const dir = unwindAction === 'SELL' ? -1 : 1;
  const levels = unwindLevels(ctx.depth?.[ticker], snap, unwindAction);
  const dump = walkVwap(levels, N, unwindAction);
  // What dumping the whole size now would fetch, for the report.
  v.dumpNetPrice = dump === null ? null : dump + dir * sec.tradingFee;
  const mid = midOf(snap);
  v.anchor = mid;
  const { children, execCost } = scheduleExecutionCost(N, snap, levels, sec, unwindAction, params);
  v.executionCostPerShare = execCost;
  v.impactPerShare = (params.permanentImpact * N) / 2;
  const paced = mid - s * (execCost + v.impactPerShare);
  const unwind = params.singleUnwind === 'dump' && v.dumpNetPrice !== null ? v.dumpNetPrice : paced;
  v.unwindNetPrice = unwind;
  v.route = 'ETF';
  v.hidingVolume = computeHidingVolume(v.m, snap, params);

  let price = tender.price;
  let bidNote = '';
  if (!tender.is_fixed_bid || price === null) {
    const wta = isWinnerTakeAll(tender);
    const bid = chooseAuctionBid({
      side: s,
      unwindNetPrice: unwind,
      minEdgePerShare: params.minEdgePerShare,
      touch: s > 0 ? snap.bid : snap.ask,
      quotedDecimals: sec.quotedDecimals,
      shade: wta || params.auctionBid === 'expectedEdge',
      discountMin: wta ? params.rivalDiscountMin : params.reserveDiscountMin,
      discountMax: wta ? params.rivalDiscountMax : params.reserveDiscountMax,
    });
    if (bid === null) return decline(`no positive price leaves the required edge (unwind ${unwind.toFixed(4)})`);
    price = bid.price;
    bidNote = `, ${wta ? 'winner-take-all' : 'auction'} bid, P(win) ${bid.pWin.toFixed(2)}`;
  }
  v.price = price;
  v.edgePerShare = s * (unwind - price);
  v.expectedValueQuote = v.edgePerShare * N;
  v.expectedValueCad = v.expectedValueQuote;
  const detail = `mid ${mid.toFixed(4)}, execution ${execCost.toFixed(4)}, impact ${v.impactPerShare.toFixed(4)}, price ${price}${bidNote}`;
  // A bid priced to leave exactly the minimum edge must not fail on the last bit of a float.
  if (!(v.edgePerShare >= params.minEdgePerShare - 1e-9))
    return decline(`edge ${v.edgePerShare.toFixed(4)} ${sec.currency}/share < ${params.minEdgePerShare} (${detail})`);
  const nowTick = Math.max(ctx.tick, Number.isFinite(snap.tick) ? snap.tick : 0);
  const needTicks =
    params.singleUnwind === 'dump'
      ? Math.ceil(N / sec.maxTradeSize) * params.ticksPerChild
      : unwindTicksNeeded(N, snap, nowTick, children.length, v.hidingVolume, params);
  const ticksLeft = ctx.ticksPerPeriod - params.finishBeforeEndTicks - nowTick;
  if (needTicks > ticksLeft)
    return decline(`time: the unwind needs ≈ ${Math.ceil(needTicks)} ticks, ${ticksLeft} left before the end of heat`);
  const I = snap.signedImbalance;
  if (I !== null && Math.sign(v.m) * I > params.counterTrendImbalance)
    return decline(
      `flow imbalance ${I.toFixed(2)} runs with our ${unwindAction} unwind (> ${params.counterTrendImbalance})`,
    );
  const headroom = maxAdditionalShares(ctx, ticker, tender.action, {
    pendingSigned: reservedSigned,
    fraction: params.limitFraction,
  });
  if (N > headroom)
    return decline(`limits: ${N} shares exceed the headroom of ${headroom} (${ticker} weight ${sec.limitWeight})`);
  return {
    ...v,
    accept: true,
    plan: 'UNWIND',
    reason: `edge ${v.edgePerShare.toFixed(4)} ${sec.currency}/share, EV ${v.expectedValueQuote.toFixed(0)} ${sec.currency} (${detail})`,
  };
}

/**
 * Answer one single-security tender (watch.ts hands them here): the answer, its notes and metrics, and
 * the shares it reserves against the limits of later tenders on the same ticker in this decision.
 */
export function answerSingleTender(
  t: Tender,
  ctx: StrategyContext,
  params: TenderParams,
  out: StrategyOutput<TenderMemory>,
  answers: TenderAnswer[],
  reserved: Record<string, number>,
): void {
  const v = processSingleTender(t, ctx, params, reserved[t.ticker] ?? 0);
  answers.push({
    tenderId: t.tender_id,
    accept: v.accept,
    ...(v.accept && v.price !== null ? { price: v.price } : {}),
    reason: v.reason,
  });
  out.memory.answered.push(t.tender_id);
  out.notes.push(
    `tender ${t.tender_id} ${t.action} ${t.quantity} ${t.ticker} @ ${t.price ?? 'bid'}: ${v.accept ? 'ACCEPT' : 'DECLINE'} — ${v.reason}`,
  );
  out.metrics[`tender.${t.tender_id}.edge`] = v.edgePerShare;
  out.metrics[`tender.${t.tender_id}.hidingVolume`] = v.hidingVolume;
  if (v.accept) reserved[t.ticker] = (reserved[t.ticker] ?? 0) + (t.action === 'BUY' ? 1 : -1) * t.quantity;
}

/**
 * Work the unwind of each single security's TENDER position with the ETF's machinery (execute.ts),
 * each ticker with its own schedule and child state (memory.singles), no basket.
 */
export function unwindSingles(ctx: StrategyContext, params: TenderParams, out: StrategyOutput<TenderMemory>): void {
  for (const ticker of params.singles) {
    // The basket legs' TENDER positions are the ETF path's hedge, not a tender to unwind.
    if (!isSingleTender({ ticker }, params)) continue;
    const sub = emptyOutput(readTenderMemory(out.memory.singles[ticker]));
    // 'dump': the whole heat counts as its end, so every child is a max-size market order.
    const finishBeforeEndTicks = params.singleUnwind === 'dump' ? ctx.ticksPerPeriod : params.finishBeforeEndTicks;
    optimallyExecuteOrder(ctx, { ...params, ticker, basket: [], basketHedge: false, finishBeforeEndTicks }, sub);
    out.orders.push(...sub.orders);
    out.cancels.push(...sub.cancels);
    out.notes.push(...sub.notes.map((n) => `${ticker}: ${n}`));
    for (const [k, m] of Object.entries(sub.metrics)) out.metrics[`${k}.${ticker}`] = m;
    out.memory.singles[ticker] = { ...sub.memory, singles: {} };
  }
}
