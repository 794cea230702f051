/**
 * The clock an order rate (api_orders_per_second, over a sliding second) is counted on. RIT and the
 * simulator's wall clock count it in wall time. The simulator's virtual clock ends a tick as soon as
 * its traders are done with it, so a tick lasts a few ms of wall time: counted in wall time the
 * limit would hold most orders past their tick and cost ticks the clock's maximum wait. There the
 * rate is counted in case time instead, each tick standing for the tick length the virtual clock
 * is run at: a trader sends as many orders per tick as it could on the wall clock at that length.
 * The simulator's limiter and the engine's submission queue both count on this clock.
 */

/** The sliding window api_orders_per_second is counted over, ms of the order-rate clock. */
export const ORDER_RATE_WINDOW_MS = 1000;

/** Case time of the start of `tick`, ms, for ticks standing for `tickMs` each (one period). */
export function caseTimeMs(tick: number, tickMs: number): number {
  return Math.max(0, tick) * tickMs;
}

/**
 * The order-rate clock, ms: wall time (`wallMs`), or on the virtual clock (`virtualTickMs` > 0)
 * the case time of the current tick.
 */
export function orderRateClockMs(o: { wallMs: number; tick: number; virtualTickMs: number | null }): number {
  return o.virtualTickMs !== null && o.virtualTickMs > 0 ? caseTimeMs(o.tick, o.virtualTickMs) : o.wallMs;
}
