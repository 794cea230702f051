/**
 * Engine configuration. Every unit is in the name: *Ms = milliseconds of the coordinator's clock,
 * *Ticks = RIT ticks, *Cad = Canadian dollars (the base currency), *Pct = fraction (0.05 = 5 %).
 */
export type LimitUnitsMeaning = 'multiplier' | 'inverse' | 'auto';

export interface EngineConfig {
  /**
   * How `/securities` `limits[].units` is read (the 2020 ETF showed 0.5 on a live server,
   * while the 2020 case rules say the ETF counts twice in the limits).
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
  /**
   * Order submission: orders allowed per ticker in any window of `pacingWindowMs`. null (default):
   * the ticker's api_orders_per_second (RIT counts orders over a sliding second), so a requote of
   * both sides leaves at once instead of 1/rate apart.
   */
  pacingBurst: number | null;
  /**
   * Sliding window of the pacer, ms. 1,020: RIT's window is 1 s of arrival times; 20 ms of margin
   * absorbs the jitter between our send times and the exchange's arrival times on a local network.
   */
  pacingWindowMs: number;
  /**
   * Longest the pacer holds a ticker on the exchange's word (429 wait, X-Wait-Until), ms. A wait
   * header of 1e9 s, NaN or a negative number would otherwise stop the ticker for the rest of the run.
   */
  maxTickerHoldMs: number;
  /** An order whose POST outcome is unknown and never shows up in /orders is declared rejected after this long. */
  unknownOrderGraceMs: number;
  /**
   * How many recent events the bus keeps in memory (a ring; the report and the event log take every
   * event through listeners, so this is only a recent window for tests and debugging). 1,000: a
   * 3,600-tick soak was still filling the former 50,000 (and 5,000) at its end, which showed as
   * main-thread heap growth of 4–7 MB.
   */
  maxEvents: number;
  /** Coordinator loops. */
  decisionIntervalMs: number;
  /** Deadline of one strategy task, from submission. */
  decisionDeadlineMs: number;
  orderPollMs: number;
  reconcileMs: number;
  casePollMs: number;
  /**
   * GET /tenders period, ms. null (default): the feed poll delay, so a tender is seen as fast as a
   * book change; a new tender runs the tender strategy at once instead of waiting for a round.
   */
  tenderPollMs: number | null;
  /**
   * A new tender is decided on the main thread (true) rather than on the pool: the tender decision
   * takes 0.1–0.5 ms once compiled, a pool round trip 1–10 ms when the machine is busy.
   */
  tenderFastPathInline: boolean;
  /**
   * A moved arbitrage leg is decided on the main thread (true) rather than on the pool: the
   * decision without recalibration takes 0.1–0.3 ms, the two thread hops of a pool round 0.4–4 ms
   * on a 2-core machine. The model is still recalibrated on the pool's scheduled rounds.
   */
  arbitrageFastPathInline: boolean;
  /** How often the tender strategy's order-book depth is refreshed in the background, ms (a new tender is valued on it without waiting for three book reads). */
  depthRefreshMs: number;
  /** A cached depth older than this is read again before a tender decision, ms. */
  depthMaxAgeMs: number;
  /**
   * Ticks before the end of the last period at which the risk state goes REDUCING by itself (the
   * gate admits only orders that reduce a position). 15: the market maker's passive unwind needs a
   * few ticks of noise flow (≈ 3,000–5,000 shares per tick per ticker hit or lifted) to work a
   * capped inventory down, and tenders accepted this late could not be unwound before the close.
   * 0 = never.
   */
  endOfCaseReduceTicks: number;
  /**
   * Ticks before the end at which whatever share position is left is flattened with market orders
   * (per source, attributed to it). 4: two decision rounds at 50 ms ticks and time for the fills to
   * show before the close-out at the last price. 0 = leave it to the close-out.
   */
  endOfCaseFlattenTicks: number;
  /**
   * The case closes every position for free (true: the 2020 case closes stocks at their last price and
   * the ETF at its basket value converted to its currency, no fee). Then the last-ticks flatten trades a position only when its
   * price risk for the ticks left is worth the crossing cost (@ritc/strategies decideCloseOut); false:
   * everything is flattened, as before.
   */
  closeOutFree: boolean;
  traderPollMs: number;
  historySampleMs: number;
  historyLength: number;
  /** Skip currency hedges smaller than this, in units of the hedged currency. */
  minCurrencyHedgeUnits: number;
  /** Shutdown: how long to keep verifying that no order is left open. */
  shutdownVerifyMs: number;
  /** Start: how long to wait for the first snapshot of every security before the loops start, ms. */
  startupSnapshotWaitMs: number;
  /**
   * The case runs on the simulator's virtual clock: once the engine is done with a tick it says so
   * (POST /sim/ready?tick=N), and the tick ends. A simulator extension: never set towards a RIT Client.
   */
  virtualClockReady: boolean;
  /**
   * On the virtual clock, the tick length it stands for, ms (the simulator's maximum wait): the
   * order rate is counted in case time at this length per tick (orderRateClockMs). Null: wall time.
   */
  virtualClockTickMs: number | null;
  /** Shutdown: how long POSTs already sent may take to answer before the cancel-all, ms. */
  shutdownDrainMs: number;
  /** Hard cap on shutdown; the process exits after it even if the exchange does not answer. */
  shutdownTimeoutMs: number;
  /** No answer from the exchange for this long (ms) → the run ends as "exchange lost". */
  exchangeOutageMs: number;
  /** While the exchange does not answer, the polling loops back off from this delay (ms), doubling… */
  outageBackoffBaseMs: number;
  /** …up to this one (ms). */
  outageBackoffMaxMs: number;
  /** During an outage, at most one "still not answering" log line per this many ms. */
  outageLogEveryMs: number;
  /** A cancel the exchange cannot confirm (no answer) is tried this many times, then the order is UNKNOWN. */
  cancelMaxTries: number;
}

export const DEFAULT_CONFIG: EngineConfig = {
  limitUnitsMeaning: 'auto',
  limitUsage: 1,
  maxThroughTouchPct: 0.05,
  killSwitchLossCad: null,
  killSwitchCoolOffTicks: null,
  pacingBurst: null,
  pacingWindowMs: 1020,
  maxTickerHoldMs: 3000,
  unknownOrderGraceMs: 3000,
  maxEvents: 1_000,
  decisionIntervalMs: 100,
  decisionDeadlineMs: 80,
  orderPollMs: 100,
  reconcileMs: 1000,
  casePollMs: 250,
  tenderPollMs: null,
  tenderFastPathInline: true,
  arbitrageFastPathInline: true,
  depthRefreshMs: 100,
  depthMaxAgeMs: 500,
  endOfCaseReduceTicks: 15,
  endOfCaseFlattenTicks: 4,
  closeOutFree: true,
  traderPollMs: 500,
  historySampleMs: 250,
  historyLength: 2400,
  minCurrencyHedgeUnits: 100,
  startupSnapshotWaitMs: 2000,
  virtualClockReady: false,
  virtualClockTickMs: null,
  shutdownDrainMs: 500,
  shutdownVerifyMs: 2000,
  shutdownTimeoutMs: 5000,
  exchangeOutageMs: 10_000,
  outageBackoffBaseMs: 100,
  outageBackoffMaxMs: 2000,
  outageLogEveryMs: 5000,
  cancelMaxTries: 3,
};

export function resolveConfig(partial: Partial<EngineConfig> = {}): EngineConfig {
  const c: EngineConfig = { ...DEFAULT_CONFIG, ...partial };
  if (!['multiplier', 'inverse', 'auto'].includes(c.limitUnitsMeaning)) {
    throw new RangeError(`limitUnitsMeaning must be multiplier|inverse|auto, got ${String(c.limitUnitsMeaning)}`);
  }
  if (!(c.limitUsage > 0 && c.limitUsage <= 1))
    throw new RangeError(`limitUsage must be in (0, 1], got ${c.limitUsage}`);
  if (c.pacingBurst !== null && !(c.pacingBurst >= 1))
    throw new RangeError(`pacingBurst must be ≥ 1 or null, got ${c.pacingBurst}`);
  if (!(c.endOfCaseReduceTicks >= 0 && c.endOfCaseFlattenTicks >= 0))
    throw new RangeError('endOfCaseReduceTicks and endOfCaseFlattenTicks must be ≥ 0');
  if (!(c.pacingWindowMs > 0)) throw new RangeError(`pacingWindowMs must be > 0, got ${c.pacingWindowMs}`);
  if (!(c.maxTickerHoldMs > 0)) throw new RangeError(`maxTickerHoldMs must be > 0, got ${c.maxTickerHoldMs}`);
  if (!(c.exchangeOutageMs > 0)) throw new RangeError(`exchangeOutageMs must be > 0, got ${c.exchangeOutageMs}`);
  if (!(c.outageBackoffBaseMs > 0 && c.outageBackoffMaxMs >= c.outageBackoffBaseMs))
    throw new RangeError('outageBackoffBaseMs must be > 0 and ≤ outageBackoffMaxMs');
  if (!(Number.isInteger(c.cancelMaxTries) && c.cancelMaxTries >= 1))
    throw new RangeError(`cancelMaxTries must be a whole number ≥ 1, got ${c.cancelMaxTries}`);
  return c;
}
