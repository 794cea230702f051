import type { StrategyContext } from '../context';
import type { TenderParams } from '../params/tender';
import { heldPart } from './execute';
import type { TenderMemory } from './memory';

/**
 * Accepts sent and not yet seen through. The engine can refuse an accept after the decision (its
 * risk gate judges the worst case of every resting order at the moment of sending, and the market
 * maker may have requoted in between), and a refused tender stays offered until it expires. A tender
 * marked answered for good would then be lost for the whole window, with the held shares counted in
 * memory.holdShares although the position never got them. So each accept is remembered with what it
 * added to the held and hedged shares, and reviewed on later calls:
 * - booked: the TENDER position moved by at least half the tender its way (a tender is ≥ 10,000
 *   shares, an unwind child or a market maker's requote far less), or the tender left the offered
 *   list (the engine drops a tender once it is decided);
 * - refused: still offered on a later tick and not in the position. What it added is taken back and
 *   the tender is answered again, against the limits as they are now.
 */
export interface AcceptSent {
  tenderId: number;
  tick: number;
  /** Signed shares of the tender (BUY +). */
  signed: number;
  /** The TENDER position when the accept was decided. */
  position: number;
  /** What the accept added to memory.holdShares and memory.hedgeShares. */
  holdDelta: number;
  hedgeDelta: number;
}

/** Accepts kept for review at most (a tender is offered for a few ticks). */
const MAX_ACCEPTS = 20;

export function recordAccept(memory: TenderMemory, a: AcceptSent): void {
  memory.accepts = [...memory.accepts.filter((x) => x.tenderId !== a.tenderId), a].slice(-MAX_ACCEPTS);
}

/**
 * Reviews the accepts sent (see the file comment): drops those booked, takes back those refused and
 * clears their answered mark so the tender is decided again. Returns a note per refused accept.
 */
export function reviewAccepts(ctx: StrategyContext, params: TenderParams, memory: TenderMemory): string[] {
  const notes: string[] = [];
  const tenderPos = ctx.positions[params.ticker]?.bySource.TENDER ?? 0;
  const keep: AcceptSent[] = [];
  for (const a of memory.accepts) {
    const offered = ctx.tenders.some((t) => t.tender_id === a.tenderId);
    const moved = Math.sign(a.signed) * (tenderPos - a.position);
    if (!offered || moved >= Math.abs(a.signed) / 2) continue;
    if (ctx.tick <= a.tick) {
      keep.push(a);
      continue;
    }
    memory.holdShares -= a.holdDelta;
    memory.hedgeShares = heldPart(memory.holdShares, memory.hedgeShares - a.hedgeDelta);
    memory.answered = memory.answered.filter((id) => id !== a.tenderId);
    notes.push(`tender ${a.tenderId}: the accept of tick ${a.tick} was not booked, answering again`);
  }
  memory.accepts = keep;
  return notes;
}
