/** The naive bot's tender rule: accept every tender that fits within the limits. Pure decisions. */
import type { Limit, Tender } from '@ritc/rit-client';
import type { EngineEvent } from '@ritc/engine';

/** Whether accepting `t` keeps every limit group within its gross and net limit. */
export function tenderFitsLimits(
  t: Pick<Tender, 'action' | 'quantity'>,
  weight: number,
  limits: readonly Limit[],
): boolean {
  const signed = (t.action === 'BUY' ? 1 : -1) * t.quantity * weight;
  for (const l of limits) {
    // A position we hold is unwound at once, so the worst case is the current usage plus the tender.
    if (l.gross + Math.abs(signed) > l.gross_limit) return false;
    if (Math.abs(l.net + signed) > l.net_limit) return false;
  }
  return true;
}

type TenderDecision = Extract<EngineEvent, { type: 'tender' }>['decision'];

/** The tender event the engine reports for the same decision, so the harness reads both alike. */
export function tenderEvent(tick: number, tender: Tender, decision: TenderDecision, reason: string): EngineEvent {
  return { type: 'tender', t: Date.now(), tick, tender, decision, reason };
}
