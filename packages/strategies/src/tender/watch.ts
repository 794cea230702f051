import type { StrategyContext } from '../context';
import type { TenderAnswer } from '../intents';
import type { TenderParams } from '../params/tender';
import { emptyOutput, type StrategyOutput } from '../output';
import { processTenderOrder } from './valuation';
import { readTenderMemory, type TenderMemory } from './memory';
import { heldPart, optimallyExecuteOrder } from './execute';
import { answerSingleTender, isSingleTender, unwindSingles } from './single';
import { makeRoom, roomInProgress, settleRoom } from './make-room';
import { recordAccept, reviewAccepts } from './accepts';
import { valueHeadroom } from './headroom';
import { runListingTenders } from './listings';

const MAX_ANSWERED = 200;

/**
 * Answer every tender not answered yet, soonest expiry first; tenders accepted earlier in the same
 * call count against the limits of later ones. Expired tenders get no answer (RIT no longer lists
 * them; answering would fail).
 */
export function watchForTenders(
  ctx: StrategyContext,
  params: TenderParams,
  out: StrategyOutput<TenderMemory> = emptyOutput(readTenderMemory(ctx.memory)),
): StrategyOutput<TenderMemory> {
  const memory = out.memory;
  out.notes.push(...reviewAccepts(ctx, params, memory));
  const answers: TenderAnswer[] = out.tenders ?? [];
  let reserved = 0;
  const reservedSingles: Record<string, number> = {};
  const pending = [...ctx.tenders].sort((a, b) => a.expires - b.expires || a.tender_id - b.tender_id);
  if (memory.room && !pending.some((t) => t.tender_id === memory.room?.tenderId))
    out.cancels.push(...settleRoom(ctx, params, memory));
  for (const t of pending) {
    if (memory.answered.includes(t.tender_id)) continue;
    if (t.expires < ctx.tick) {
      out.notes.push(`tender ${t.tender_id}: expired at ${t.expires}, not answered`);
      continue;
    }
    if (isSingleTender(t, params)) {
      answerSingleTender(t, ctx, params, out, answers, reservedSingles);
      continue;
    }
    if (roomInProgress(t, ctx, memory)) continue;
    const v = valueHeadroom(t, processTenderOrder(t, ctx, params, { reservedShares: reserved }), ctx, params, reserved);
    const room = v.accept ? null : makeRoom(t, v, ctx, params, memory);
    if (room?.kind === 'wait') {
      out.orders.push(...room.orders);
      out.notes.push(`tender ${t.tender_id} ${t.action} ${t.quantity} @ ${t.price}: WAIT — ${room.reason}`);
      continue;
    }
    if (memory.room?.tenderId === t.tender_id) out.cancels.push(...settleRoom(ctx, params, memory));
    answers.push({
      tenderId: t.tender_id,
      accept: v.accept,
      ...(v.accept && v.price !== null ? { price: v.price } : {}),
      ...(v.accept && v.plan === 'HOLD' ? { holdToClose: true } : {}),
      reason: room ? `${v.reason}; ${room.reason}` : v.reason,
    });
    memory.answered.push(t.tender_id);
    out.notes.push(
      `tender ${t.tender_id} ${t.action} ${t.quantity} @ ${t.price}: ${v.accept ? 'ACCEPT' : 'DECLINE'} — ${v.reason}`,
    );
    out.metrics[`tender.${t.tender_id}.edge`] = v.edgePerShare;
    out.metrics[`tender.${t.tender_id}.hidingVolume`] = v.hidingVolume;
    if (v.accept) {
      const signed = (t.action === 'BUY' ? 1 : -1) * t.quantity;
      const [hold0, hedge0] = [memory.holdShares, memory.hedgeShares];
      reserved += signed;
      if (v.plan === 'HOLD' || v.plan === 'HEDGE') memory.holdShares += signed;
      else if (Math.sign(signed) === -Math.sign(memory.holdShares))
        // A tender the other way nets against the held shares first (the TENDER position is one number).
        memory.holdShares += Math.sign(signed) * Math.min(Math.abs(signed), Math.abs(memory.holdShares));
      if (v.plan === 'HEDGE') memory.hedgeShares += signed;
      memory.hedgeShares = heldPart(memory.holdShares, memory.hedgeShares);
      if (v.plan === null && v.route === 'BASKET') memory.basketHedge = true;
      recordAccept(memory, {
        tenderId: t.tender_id,
        tick: ctx.tick,
        signed,
        // As it will be once the accepts before it in this call are booked.
        position: (ctx.positions[params.ticker]?.bySource.TENDER ?? 0) + reserved - signed,
        holdDelta: memory.holdShares - hold0,
        hedgeDelta: memory.hedgeShares - hedge0,
      });
    }
  }
  if (memory.answered.length > MAX_ANSWERED) memory.answered = memory.answered.slice(-MAX_ANSWERED);
  out.tenders = answers;
  return out;
}

/**
 * The tender strategy's full step: answer new tenders, then work the unwind of the net position (on
 * every listing of the basket when the case lists it more than once: listings.ts).
 */
export function runTenderStrategy(ctx: StrategyContext, params: TenderParams): StrategyOutput<TenderMemory> {
  const out = emptyOutput(readTenderMemory(ctx.memory));
  if (params.listings.length > 0) runListingTenders(ctx, params, out);
  else {
    watchForTenders(ctx, params, out);
    optimallyExecuteOrder(ctx, params, out);
  }
  unwindSingles(ctx, params, out);
  return out;
}
