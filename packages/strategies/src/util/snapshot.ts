import type { Snapshot } from '@ritc/market-data';

export type SnapshotProblem =
  'missing' | 'never-written' | 'stale' | 'empty' | 'one-sided' | 'inactive' | 'crossed' | 'too-old';

/**
 * Why a snapshot must not be traded on, or null when it is usable: both sides present, not crossed,
 * fresh (by flag and by age on the coordinator's clock) and the case active.
 */
export function snapshotProblem(s: Snapshot | undefined, nowMs: number, maxAgeMs: number): SnapshotProblem | null {
  if (!s) return 'missing';
  if (s.version <= 0) return 'never-written';
  if (s.flags.inactive) return 'inactive';
  if (s.flags.stale) return 'stale';
  if (s.flags.empty || s.bid === null || s.ask === null) return s.flags.oneSided ? 'one-sided' : 'empty';
  if (!Number.isFinite(s.bid) || !Number.isFinite(s.ask)) return 'empty';
  if (s.bid > s.ask) return 'crossed';
  if (nowMs - s.monoMs > maxAgeMs) return 'too-old';
  return null;
}

/** A usable snapshot has both sides (the type narrows bid/ask to numbers). */
export type TwoSided = Snapshot & { bid: number; ask: number };

export function isUsable(s: Snapshot | undefined, nowMs: number, maxAgeMs: number): s is TwoSided {
  return snapshotProblem(s, nowMs, maxAgeMs) === null;
}

export function midOf(s: TwoSided): number {
  return (s.bid + s.ask) / 2;
}

/** Bid and ask of the security converting an ETF's quote currency into the reporting currency. */
export interface FxTouch {
  bid: number;
  ask: number;
}

/** The conversion of an ETF quoted in its basket's own currency: no FX leg, the rate is 1 both ways. */
export const NO_FX: Readonly<FxTouch> = Object.freeze({ bid: 1, ask: 1 });

/**
 * The FX leg's touch: `NO_FX` when `fx` is '' (the ETF is quoted in its basket's currency), else the
 * snapshot of `fx` when usable, else null.
 */
export function fxTouch(
  snapshots: Record<string, Snapshot>,
  fx: string,
  nowMs: number,
  maxAgeMs: number,
): FxTouch | null {
  if (fx === '') return NO_FX;
  const s = snapshots[fx];
  return isUsable(s, nowMs, maxAgeMs) ? s : null;
}
