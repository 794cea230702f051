import type { OrderAction } from '@ritc/rit-client';
import type { StrategyContext, OpenOrderView } from '../context';
import type { TenderParams } from '../params/tender';
import { emptyOutput, type StrategyOutput } from '../output';
import { roundToTick, tickSize, ticksBetween } from '../util/grid';
import { isUsable } from '../util/snapshot';
import { buildUnwindSchedule, nextChild } from './schedule';
import { computeHidingVolume, pacingVolume } from './unwind-cost';
import { readTenderMemory, type TenderMemory } from './memory';

export const TENDER_TAG_UNWIND = 'tender:unwind';
export const TENDER_TAG_BASKET = 'tender:basket';
/** Held shares sold to make room for a new tender (make-room.ts). */
export const TENDER_TAG_ROOM = 'tender:room';

function workingUnwindOrders(ctx: StrategyContext, ticker: string): OpenOrderView[] {
  return ctx.openOrders
    .filter(
      (o) => o.ticker === ticker && o.source === 'TENDER' && o.tag !== TENDER_TAG_BASKET && o.tag !== TENDER_TAG_ROOM,
    )
    .sort((a, b) => a.orderId - b.orderId);
}

/**
 * One step of the tender unwind. Works on the NET tender position (positions[ticker].bySource.TENDER),
 * so overlapping tenders net against each other. Rules:
 * - at most one working unwind order: while one is open we only (re)cancel it — a new child goes out
 *   only once the old order has left ctx.openOrders (the cancel is confirmed);
 * - a working limit child is cancelled when the touch moved away from it or it has waited too long;
 * - the next child waits until the market has traded its share of the OEH hiding volume;
 * - MARKET when VPIN is high, when the flow runs with our unwind (against us) or near the heat's end;
 *   otherwise LIMIT at our passive touch (a sell joins the ask, a buy the bid).
 */
export function optimallyExecuteOrder(
  ctx: StrategyContext,
  params: TenderParams,
  out: StrategyOutput<TenderMemory> = emptyOutput(readTenderMemory(ctx.memory)),
): StrategyOutput<TenderMemory> {
  const memory = out.memory;
  const ticker = params.ticker;
  const sec = ctx.securities[ticker];
  // Accepts not yet seen booked (accepts.ts) count as booked: a room sold beyond the held shares leaves
  // the TENDER position the other way until its tender books, and that is not to be bought back.
  const tenderPos = tenderPosition(ctx, ticker, memory);
  // The unwind works on what is not held to the close. The held shares count only as far as the
  // position holds them (an accepted tender shows in the positions a poll later; until then nothing
  // of it is unwound). memory.holdShares is kept by the accepts alone (watch.ts).
  const pos = tenderPos - heldPart(tenderPos, memory.holdShares);
  const working = workingUnwindOrders(ctx, ticker);
  const cancel = (o: OpenOrderView, why: string): void => {
    const c = memory.cancelSent;
    if (c && c.orderId === o.orderId && ctx.tick - c.tick < params.cancelRetryTicks) return;
    out.cancels.push(o.orderId);
    memory.cancelSent = { orderId: o.orderId, tick: ctx.tick };
    out.notes.push(`tender: cancel ${o.orderId} (${why})`);
  };

  basketHedgeStep(ctx, params, out, hedgedShares(ctx, params, memory));
  // A child on the room orders' side would supersede those still queued: none until they are done.
  if (ctx.openOrders.some((o) => o.ticker === ticker && o.tag === TENDER_TAG_ROOM)) {
    out.notes.push('tender: room orders working, unwind waits');
    return out;
  }

  if (Math.abs(pos) <= params.minChildShares || pos === 0) {
    for (const o of working) cancel(o, 'position flat');
    memory.schedule = null;
    memory.lastChild = null;
    memory.basketHedge = false;
    return out;
  }
  if (!sec) {
    out.notes.push(`tender: unknown security ${ticker}`);
    return out;
  }
  const direction: 1 | -1 = pos > 0 ? 1 : -1;
  const action: OrderAction = pos > 0 ? 'SELL' : 'BUY';
  const snap = ctx.snapshots[ticker];
  const usable = isUsable(snap, ctx.nowMs, params.maxSnapshotAgeMs);
  // The feed's tick is fresher than the context's (the case is polled every few hundred ms, which is
  // several ticks of a fast simulation): ages and the end of heat are measured on the later of the two.
  const nowTick = Math.max(ctx.tick, snap && Number.isFinite(snap.tick) ? snap.tick : 0);

  // (Re)build the schedule for a new or grown position (a new tender) or a flipped one.
  let sched = memory.schedule;
  if (!sched || sched.direction !== direction || Math.abs(pos) > sched.base) {
    const hiding = usable ? pacingVolume(Math.abs(pos), computeHidingVolume(-pos, snap, params), params) : null;
    sched = {
      direction,
      base: Math.abs(pos),
      hidingVolume: hiding,
      builtTick: ctx.tick,
      children: buildUnwindSchedule(Math.abs(pos), {
        numLarge: params.numLarge,
        numSmallPerLarge: params.numSmallPerLarge,
        largeToSmallRatio: params.largeToSmallRatio,
        maxChild: sec.maxTradeSize,
      }),
    };
    memory.schedule = sched;
    memory.lastChild = null;
    out.notes.push(
      `tender: schedule of ${sched.children.length} children for ${action} ${sched.base}, hiding volume ${hiding === null ? 'n/a' : Math.round(hiding)}`,
    );
  }
  out.metrics['tender.position'] = pos;
  out.metrics['tender.hidingVolume'] = sched.hidingVolume;

  const endgame = ctx.ticksPerPeriod - nowTick <= params.finishBeforeEndTicks;
  const wrongSide = working.filter((o) => o.action !== action);
  for (const o of wrongSide) cancel(o, 'position flipped');
  const same = working.filter((o) => o.action === action);
  // Never more than one working order: cancel any extra (the newest ones) outright.
  for (const o of same.slice(1)) cancel(o, 'more than one working unwind order');
  if (working.length > 0) {
    // The child reached the exchange: once it leaves openOrders (filled or cancelled) it is not in flight.
    if (memory.lastChild) memory.lastChild.seen = true;
    const o = same[0];
    if (o && o.type === 'LIMIT' && o.price !== null) {
      const age = memory.lastChild ? nowTick - memory.lastChild.tick : Number.POSITIVE_INFINITY;
      const touch = usable ? (action === 'SELL' ? snap.ask : snap.bid) : null;
      if (endgame) cancel(o, 'end of heat: switching to market');
      else if (touch !== null && ticksBetween(o.price, touch, sec.quotedDecimals) > params.repriceToleranceTicks)
        cancel(o, `touch moved to ${touch}`);
      else if (age >= params.repriceAfterTicks) cancel(o, `unfilled after ${age} ticks`);
    }
    return out; // a new child only after the old order is gone from openOrders
  }
  memory.cancelSent = null;

  // The last child is in flight but not yet visible (neither open nor filled): wait for it.
  // Orders only show in openOrders once acknowledged, and fills only in positions once reported: while
  // neither has happened the child may still be in flight. After inFlightMs it is taken as gone unfilled.
  const lc = memory.lastChild;
  const sentMs = lc && typeof lc.sentMs === 'number' ? lc.sentMs : null;
  if (
    lc &&
    !lc.seen &&
    lc.position === pos &&
    (sentMs === null ? nowTick === lc.tick : ctx.nowMs - sentMs < params.inFlightMs)
  ) {
    out.notes.push('tender: last child in flight');
    return out;
  }
  if (!usable) {
    out.notes.push(`tender: ${ticker} snapshot unusable, waiting`);
    return out;
  }
  const s = snap;

  const next = nextChild(sched.children, sched.base - Math.abs(pos));
  // Past the schedule (should not happen: the position is not flat) — send the rest as one order.
  // At the end of the heat the child schedule is abandoned: a max-size order per decision, so the
  // position is flat before the close even if the pacing fell behind (the book refills in between).
  const qty = endgame
    ? Math.min(Math.abs(pos), sec.maxTradeSize)
    : Math.min(next ? next.quantity : Math.abs(pos), Math.abs(pos));
  if (!endgame && lc && sched.hidingVolume !== null && s.volume - lc.volume < lc.waitVolume) {
    out.notes.push(
      `tender: hiding — market volume ${s.volume - lc.volume} of ${Math.round(lc.waitVolume)} since the last child`,
    );
    return out;
  }
  const vpinHigh = s.vpin !== null && s.vpin > params.vpinMarketThreshold;
  const against = s.signedImbalance !== null && -direction * s.signedImbalance > params.againstImbalanceThreshold;
  const market = endgame || vpinHigh || against;
  // Passive children rest at our touch; when the spread is wide enough we step one tick inside it so the
  // child is first in the queue instead of behind the resting orders at that price (which at ~10,000
  // shares an order would otherwise take several ticks of opposite flow to reach).
  const tickSz = tickSize(sec.quotedDecimals);
  const spreadTicks = ticksBetween(s.ask, s.bid, sec.quotedDecimals);
  const improve = params.improveTouch && spreadTicks >= 3 ? tickSz : 0;
  const price =
    action === 'SELL'
      ? roundToTick(s.ask - improve, sec.quotedDecimals)
      : roundToTick(s.bid + improve, sec.quotedDecimals);
  out.orders.push(
    market
      ? { ticker, type: 'MARKET', action, quantity: qty, source: 'TENDER', tag: TENDER_TAG_UNWIND }
      : { ticker, type: 'LIMIT', action, quantity: qty, price, source: 'TENDER', tag: TENDER_TAG_UNWIND },
  );
  const waitVolume = sched.hidingVolume !== null ? (sched.hidingVolume * qty) / sched.base : 0;
  memory.lastChild = { tick: nowTick, position: pos, volume: s.volume, waitVolume, sentMs: ctx.nowMs };
  out.notes.push(
    `tender: child ${next ? next.index + 1 : '-'}/${sched.children.length} ${market ? 'MARKET' : `LIMIT @ ${price}`} ${action} ${qty}${endgame ? ' (end of heat)' : vpinHigh ? ' (VPIN high)' : against ? ' (flow against us)' : ''}`,
  );
  return out;
}

/** The ETF's TENDER position with the accepts sent and not yet seen booked (accepts.ts). */
function tenderPosition(ctx: StrategyContext, ticker: string, memory: TenderMemory): number {
  const inFlight = memory.accepts.reduce((a, x) => a + x.signed, 0);
  return (ctx.positions[ticker]?.bySource.TENDER ?? 0) + inFlight;
}

/**
 * The ETF shares the basket legs hedge (each basket stock's TENDER position is kept at −this): the
 * whole TENDER position when the hedge is on for it, else the shares hedged to the close.
 */
export function hedgedShares(
  ctx: StrategyContext,
  params: Pick<TenderParams, 'ticker' | 'basketHedge'>,
  memory: TenderMemory,
): number {
  return memory.basketHedge || params.basketHedge ? tenderPosition(ctx, params.ticker, memory) : memory.hedgeShares;
}

/** The part of `held` (signed shares) that `position` still holds: same sign, at most |position|. */
export function heldPart(position: number, held: number): number {
  if (held === 0 || Math.sign(held) !== Math.sign(position)) return 0;
  return Math.sign(held) * Math.min(Math.abs(held), Math.abs(position));
}

/**
 * Basket hedge: keep each basket stock's TENDER position at −`pos` (the whole ETF TENDER position
 * when the hedge is on for it, so it shrinks as the ETF unwind proceeds; else the shares hedged to
 * the close). Market orders; at most one round per tick.
 */
function basketHedgeStep(
  ctx: StrategyContext,
  params: TenderParams,
  out: StrategyOutput<TenderMemory>,
  pos: number,
): void {
  const memory = out.memory;
  const hedging = memory.basketHedge || params.basketHedge || memory.hedgeShares !== 0;
  const legsOpen = params.basket.some((t) => (ctx.positions[t]?.bySource.TENDER ?? 0) !== 0);
  if (!hedging && !legsOpen) return;
  if (memory.lastBasketTick === ctx.tick) return;
  let sent = false;
  for (const t of params.basket) {
    if (!ctx.securities[t]) continue;
    const cur = ctx.positions[t]?.bySource.TENDER ?? 0;
    const diff = -pos - cur;
    // Re-hedge only meaningful drift (1% of the position or 100 shares) to save fees.
    if (Math.abs(diff) < Math.max(100, Math.abs(pos) * 0.01) && !(pos === 0 && cur !== 0)) continue;
    out.orders.push({
      ticker: t,
      type: 'MARKET',
      action: diff > 0 ? 'BUY' : 'SELL',
      quantity: Math.abs(Math.round(diff)),
      source: 'TENDER',
      tag: TENDER_TAG_BASKET,
    });
    sent = true;
  }
  if (sent) {
    memory.lastBasketTick = ctx.tick;
    out.notes.push('tender: basket hedge adjusted');
  }
}
