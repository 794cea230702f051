/**
 * Engine configuration. Every unit is in the name: *Ms = milliseconds of the coordinator's clock,
 * *Ticks = RIT ticks, *Cad = Canadian dollars (the base currency), *Pct = fraction (0.05 = 5 %).
 */
export type LimitUnitsMeaning = 'multiplier' | 'inverse' | 'auto';

export interface EngineConfig {
  /**
   * How `/securities` `limits[].units` is read (rit-api.md §5.4: RITC showed 0.5 on a live server,
   * the brief says ×2).
   * - 'multiplier': one share counts `units` in the limit (2 → ×2, 0.5 → ×0.5).
   * - 'inverse':    one share counts `1/units` (0.5 → ×2, 2 → ×0.5).
   * - 'auto':       units ≥ 1 is a multiplier, units < 1 is inverted: 0.5 and 2 both mean ×2.
   */
  limitUnitsMeaning: LimitUnitsMeaning;
  /** Fraction of each gross/net limit the gate lets us use (1 = the full limit). */
  limitUsage: number;
  /** A LIMIT more than this fraction through the opposite touch is refused (fat-finger guard). */
  maxThroughTouchPct: number;
  /** Kill switch: halt and cancel everything when NLV falls this many CAD below its peak. null = off. */
  killSwitchLossCad: number | null;
  /** Ticks after a kill-switch halt before trading resumes by itself. null = only `resume()`. */
  killSwitchCoolOffTicks: number | null;
  /** Order submission: token bucket per ticker, refilled at api_orders_per_second, this deep. */
  pacingBurst: number;
  /** An order whose POST outcome is unknown and never shows up in /orders is declared rejected after this long. */
  unknownOrderGraceMs: number;
  /** How long a kept history of events may grow (the events array sink is a ring). */
  maxEvents: number;
  /** Coordinator loops. */
  decisionIntervalMs: number;
  /** Deadline of one strategy task, from submission. */
  decisionDeadlineMs: number;
  orderPollMs: number;
  reconcileMs: number;
  casePollMs: number;
  tenderPollMs: number;
  traderPollMs: number;
  historySampleMs: number;
  historyLength: number;
  /** Skip USD hedges smaller than this (USD units). */
  minCurrencyHedgeUsd: number;
  /** 'cash': hedge the USD cash balance only (the brief). 'total': cash + USD value of the RITC position. */
  currencyHedgeMode: 'cash' | 'total';
  /** The ETF and its basket (1 share of each per ETF share) for hedging: 2020 case RITC = BULL + BEAR. */
  etfTicker: string;
  basketTickers: string[];
  /** Exposure of the ETF's quote currency is hedged by trading this currency security. */
  hedgeCurrency: string;
  /** Shutdown: how long to keep verifying that no order is left open. */
  shutdownVerifyMs: number;
  /** Hard cap on shutdown; the process exits after it even if the exchange does not answer. */
  shutdownTimeoutMs: number;
}

export const DEFAULT_CONFIG: EngineConfig = {
  limitUnitsMeaning: 'auto',
  limitUsage: 1,
  maxThroughTouchPct: 0.05,
  killSwitchLossCad: null,
  killSwitchCoolOffTicks: null,
  pacingBurst: 2,
  unknownOrderGraceMs: 3000,
  maxEvents: 50_000,
  decisionIntervalMs: 100,
  decisionDeadlineMs: 80,
  orderPollMs: 100,
  reconcileMs: 1000,
  casePollMs: 250,
  tenderPollMs: 250,
  traderPollMs: 500,
  historySampleMs: 250,
  historyLength: 2400,
  minCurrencyHedgeUsd: 100,
  currencyHedgeMode: 'cash',
  etfTicker: 'RITC',
  basketTickers: ['BULL', 'BEAR'],
  hedgeCurrency: 'USD',
  shutdownVerifyMs: 3000,
  shutdownTimeoutMs: 10_000,
};

export function resolveConfig(partial: Partial<EngineConfig> = {}): EngineConfig {
  const c: EngineConfig = { ...DEFAULT_CONFIG, ...partial };
  if (!['multiplier', 'inverse', 'auto'].includes(c.limitUnitsMeaning)) {
    throw new RangeError(`limitUnitsMeaning must be multiplier|inverse|auto, got ${String(c.limitUnitsMeaning)}`);
  }
  if (!(c.limitUsage > 0 && c.limitUsage <= 1)) throw new RangeError(`limitUsage must be in (0, 1], got ${c.limitUsage}`);
  if (!(c.pacingBurst >= 1)) throw new RangeError(`pacingBurst must be ≥ 1, got ${c.pacingBurst}`);
  return c;
}
