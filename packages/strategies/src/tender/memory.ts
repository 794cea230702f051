import { isRecord } from '../output';
import type { AcceptSent } from './accepts';

export interface UnwindSchedule {
  /** Sign of the position being unwound (+1 long, −1 short). */
  direction: 1 | -1;
  /** |position| when the schedule was built. */
  base: number;
  /** Child sizes, whole shares, summing to `base`. */
  children: number[];
  /** OEH hiding volume for the whole position (market shares to spread it over); null = unknown. */
  hidingVolume: number | null;
  builtTick: number;
}

/** Held shares being sold to make room for a tender still offered (make-room.ts). */
export interface RoomPending {
  tenderId: number;
  /** Signed shares of the room orders sent so far (against the held position). */
  sentSigned: number;
  sends: number;
  sentMs: number;
  /** The TENDER position when the first room order went out, and after the last one did. */
  startPosition: number;
  lastPosition: number;
}

export interface TenderMemory {
  /** Tender ids already answered (bounded), so a tender still listed is not answered twice. */
  answered: number[];
  schedule: UnwindSchedule | null;
  /** Last child sent: when, the position then, the market volume then and how much volume to wait for. */
  lastChild: {
    tick: number;
    position: number;
    volume: number;
    waitVolume: number;
    sentMs?: number;
    seen?: boolean;
  } | null;
  /** Cancel already sent for a working order (to avoid re-sending it every call). */
  cancelSent: { orderId: number; tick: number } | null;
  /** The basket hedge is on for the current position (chosen route or params.basketHedge). */
  basketHedge: boolean;
  lastBasketTick: number | null;
  /**
   * Signed ETF shares of accepted tenders held to the close (plan HOLD or HEDGE): the unwind works
   * only on the TENDER position beyond them. The close-out closes them for free.
   */
  holdShares: number;
  /** Signed ETF shares of accepted tenders hedged in the basket (plan HEDGE): the basket legs are kept at −this. */
  hedgeShares: number;
  /** The unwind state of each security tendered on its own (tender/single.ts), by ticker. */
  singles: Record<string, TenderMemory>;
  /** The ETF path's state of each further listing of the basket (tender/listings.ts), by ticker. */
  listings: Record<string, TenderMemory>;
  room: RoomPending | null;
  /** Accepts sent and not yet seen booked or refused (accepts.ts). */
  accepts: AcceptSent[];
}

export function initialTenderMemory(): TenderMemory {
  return {
    answered: [],
    schedule: null,
    lastChild: null,
    cancelSent: null,
    basketHedge: false,
    lastBasketTick: null,
    holdShares: 0,
    hedgeShares: 0,
    singles: {},
    listings: {},
    room: null,
    accepts: [],
  };
}

export function readTenderMemory(m: unknown): TenderMemory {
  const d = initialTenderMemory();
  if (!isRecord(m)) return d;
  return {
    answered: Array.isArray(m.answered) ? m.answered.filter((x): x is number => typeof x === 'number') : d.answered,
    schedule:
      isRecord(m.schedule) && Array.isArray(m.schedule.children) ? (m.schedule as unknown as UnwindSchedule) : null,
    lastChild: isRecord(m.lastChild) ? (m.lastChild as TenderMemory['lastChild']) : null,
    cancelSent: isRecord(m.cancelSent) ? (m.cancelSent as TenderMemory['cancelSent']) : null,
    basketHedge: m.basketHedge === true,
    lastBasketTick: typeof m.lastBasketTick === 'number' ? m.lastBasketTick : null,
    holdShares: typeof m.holdShares === 'number' && Number.isFinite(m.holdShares) ? m.holdShares : 0,
    hedgeShares: typeof m.hedgeShares === 'number' && Number.isFinite(m.hedgeShares) ? m.hedgeShares : 0,
    singles: isRecord(m.singles)
      ? Object.fromEntries(Object.entries(m.singles).map(([t, x]) => [t, { ...readTenderMemory(x), singles: {} }]))
      : {},
    listings: isRecord(m.listings)
      ? Object.fromEntries(
          Object.entries(m.listings).map(([t, x]) => [t, { ...readTenderMemory(x), singles: {}, listings: {} }]),
        )
      : {},
    room: isRecord(m.room) && typeof m.room.tenderId === 'number' ? (m.room as unknown as RoomPending) : null,
    accepts: Array.isArray(m.accepts)
      ? m.accepts.filter((a): a is AcceptSent => isRecord(a) && typeof a.tenderId === 'number')
      : [],
  };
}
