import type { OrderAction, Tender } from '@ritc/rit-client';
import type { StrategyContext } from '../context';
import type { OrderIntent } from '../intents';
import type { TenderParams } from '../params/tender';
import { walkBook } from '../util/depth';
import { TENDER_TAG_ROOM } from './execute';
import type { TenderMemory } from './memory';
import type { TenderValuation } from './valuation';

/**
 * Making room for a tender. A tender held to the close can fill the limits, and a second tender the
 * same way then does not fit. Both would be closed out for free, so selling part of the first one now
 * to take the second can pay: the part sold gives up its value at the close and pays the book's walk
 * and the fee, the new tender earns its whole edge. Per the tender's side s (+1 BUY, −1 SELL), for a
 * tender of N shares at P, x = N − headroom shares (and a margin for the other strategies' quotes,
 * roomMarginShares) sold at u(x) (the walked book less the fee) and the basket
 * value B the valuation holds tenders against:
 *
 *   value = s·N·(B − P) − s·x·(B − u(x)),  made room for when value > minEdgePerShare·N.
 *
 * The room orders go out at market; the tender stays unanswered and is taken by the valuation once the
 * positions show the headroom (the engine's risk gate judges the accept by the filled positions, so it
 * is never taken on orders still working), or declined a tick before it expires if the room never came.
 */

/** Room orders sent for one tender at most (another strategy may take part of the freed limit once). */
const MAX_ROOM_SENDS = 2;

export interface RoomValueInput {
  /** +1 for a BUY tender, −1 for a SELL tender. */
  side: 1 | -1;
  quantity: number;
  /** Tender price, quote currency. */
  price: number;
  /** What a share held to the close is worth, quote currency. */
  basketValue: number;
  /** Held shares to sell (x). */
  roomShares: number;
  /** Net price per share of selling them now (walked book, fee paid), quote currency. */
  roomNetPrice: number;
}

/** The tender's value less what selling the held shares for it gives up, quote currency (see the file comment). */
export function roomValue(i: RoomValueInput): number {
  const tender = i.side * i.quantity * (i.basketValue - i.price);
  const given = i.side * i.roomShares * (i.basketValue - i.roomNetPrice);
  return tender - given;
}

export type RoomStep = { kind: 'none'; reason: string } | { kind: 'wait'; reason: string; orders: OrderIntent[] };

/** Net price of selling (BUY tender) or buying back (SELL tender) `qty` held shares now, or null without a book. */
function roomNetPrice(ctx: StrategyContext, params: TenderParams, side: 1 | -1, qty: number): number | null {
  const sec = ctx.securities[params.ticker];
  const snap = ctx.snapshots[params.ticker];
  if (!sec || !snap) return null;
  const d = ctx.depth?.[params.ticker];
  const levels =
    side > 0
      ? d?.bids.length
        ? d.bids
        : [[snap.bid, Math.max(snap.bidSize, 1)] as [number, number]]
      : d?.asks.length
        ? d.asks
        : [[snap.ask, Math.max(snap.askSize, 1)] as [number, number]];
  const vwap = walkBook(levels, qty, side > 0 ? -1 : 1).vwapExtrapolated;
  return vwap === null ? null : vwap - side * sec.tradingFee;
}

/**
 * Whether the room made for `tender` is still being sold (its orders working) and there is time to
 * wait: the tender is then not answered even if it fits, so that the accept comes with the margin sold
 * too rather than with no slack at all (the other strategies' next quotes would get it refused).
 */
export function roomInProgress(tender: Tender, ctx: StrategyContext, memory: TenderMemory): boolean {
  if (memory.room?.tenderId !== tender.tender_id || ctx.tick >= tender.expires - 1) return false;
  return ctx.openOrders.some((o) => o.tag === TENDER_TAG_ROOM);
}

/**
 * For a tender the valuation declined: whether to sell held shares to make room for it (orders to
 * send, the tender left unanswered) or to decline it. Records the room in `memory.room`.
 */
export function makeRoom(
  tender: Tender,
  v: TenderValuation,
  ctx: StrategyContext,
  params: TenderParams,
  memory: TenderMemory,
): RoomStep {
  const none = (reason: string): RoomStep => ({ kind: 'none', reason });
  const side: 1 | -1 = tender.action === 'BUY' ? 1 : -1;
  const N = tender.quantity;
  if (ctx.tick >= tender.expires - 1) return none('no time left to make room');
  // In REDUCING the engine admits only a tender held to the close, and only under a free close-out.
  const state = ctx.riskState ?? 'ACTIVE';
  if (
    state === 'HALTED' ||
    (state === 'REDUCING' && !params.closeOutFree) ||
    ctx.ticksPerPeriod - tender.expires < params.roomLastTickBeforeEnd
  )
    return none('too close to the end to make room (the engine refuses adding tenders there)');
  if (!v.blocked || v.blocked.plan !== 'HOLD') return none('not blocked by the limits alone');
  const room = memory.room?.tenderId === tender.tender_id ? memory.room : null;
  const tenderPos = ctx.positions[params.ticker]?.bySource.TENDER ?? 0;
  if (room) {
    const working = ctx.openOrders.some((o) => o.tag === TENDER_TAG_ROOM);
    const seen = tenderPos !== room.lastPosition;
    if (working || (!seen && ctx.nowMs - room.sentMs < params.inFlightMs))
      return { kind: 'wait', reason: 'room orders working', orders: [] };
    if (room.sends >= MAX_ROOM_SENDS) return none(`room not made after ${room.sends} sends`);
  }
  const short = N - v.blocked.headroom;
  if (short <= 0) return none(`room: ${short} shares needed`);
  const sec = ctx.securities[params.ticker];
  const maxChild = sec && sec.maxTradeSize > 0 ? sec.maxTradeSize : short;
  if (short > params.maxRoomOrders * maxChild)
    return none(`room: ${short} shares needed, more than ${params.maxRoomOrders} orders of ${maxChild}`);
  // Not only the held shares: what fills the limit with them is often the other strategies' inventory
  // the same way, and the shares sold beyond the held ones offset it. The tender nets them as soon as
  // it is booked; if it is not taken after all, the unwind buys them back (a TENDER position beyond
  // the held shares is unwound), which the value below does not count: it is the rare case.
  const x = Math.min(short + params.roomMarginShares, params.maxRoomOrders * maxChild);
  const B = v.basketValue ?? v.anchor;
  const u = roomNetPrice(ctx, params, side, x);
  if (B === null || u === null || tender.price === null) return none('room: no basket value or book');
  const value = roomValue({
    side,
    quantity: N,
    price: tender.price,
    basketValue: B,
    roomShares: x,
    roomNetPrice: u,
  });
  const detail = `selling ${x} held at ${u.toFixed(4)} against ${B.toFixed(4)}: value ${value.toFixed(0)}`;
  if (!(value > params.minEdgePerShare * N)) return none(`room does not pay (${detail})`);

  const action: OrderAction = side > 0 ? 'SELL' : 'BUY';
  const orders: OrderIntent[] = [];
  for (let left = x; left > 0; left -= maxChild)
    orders.push({
      ticker: params.ticker,
      type: 'MARKET',
      action,
      quantity: Math.min(left, maxChild),
      source: 'TENDER',
      tag: TENDER_TAG_ROOM,
    });
  memory.room = {
    tenderId: tender.tender_id,
    sentSigned: (room?.sentSigned ?? 0) - side * x,
    sends: (room?.sends ?? 0) + 1,
    sentMs: ctx.nowMs,
    startPosition: room?.startPosition ?? tenderPos,
    lastPosition: tenderPos,
  };
  return { kind: 'wait', reason: `making room (${detail})`, orders };
}

/**
 * The room's tender is answered or gone: the held shares shrink by what the room orders sold (at most
 * what was sent, as far as the position moved that way), and the room is forgotten. Returns the room
 * orders still working, to cancel: once the tender is answered, selling more only gives up value.
 */
export function settleRoom(ctx: StrategyContext, params: TenderParams, memory: TenderMemory): number[] {
  const room = memory.room;
  if (!room) return [];
  memory.room = null;
  const working = ctx.openOrders.filter((o) => o.tag === TENDER_TAG_ROOM).map((o) => o.orderId);
  const tenderPos = ctx.positions[params.ticker]?.bySource.TENDER ?? 0;
  const dir = Math.sign(room.sentSigned);
  const sold = Math.min(Math.abs(room.sentSigned), Math.max(0, dir * (tenderPos - room.startPosition)));
  if (sold > 0 && memory.holdShares !== 0 && Math.sign(memory.holdShares) !== dir)
    memory.holdShares += dir * Math.min(sold, Math.abs(memory.holdShares));
  return working;
}
