/** Counters for the report (monotonic over a run). */
export interface ExecutionCounters {
  /** POSTs that left the process (a 429 re-send counts again). */
  ordersSent: number;
  /** Orders that reached TRANSACTED. */
  ordersFilled: number;
  /** Fill increments booked and their shares. */
  fills: number;
  sharesFilled: number;
  ordersCancelled: number;
  /** Refused by the exchange, or never seen after an unknown outcome. */
  ordersRejected: number;
  /** Refused by our own risk gate (never sent). */
  ordersRefusedByGate: number;
  /** Queued orders withdrawn unsent because a newer decision of their source replaced them. */
  ordersSuperseded: number;
  rateLimited: number;
  unknownOutcome: number;
  cancelRequests: number;
  tendersAccepted: number;
  tendersDeclined: number;
  reconcileCorrections: number;
}

export function newCounters(): ExecutionCounters {
  return {
    ordersSent: 0,
    ordersFilled: 0,
    fills: 0,
    sharesFilled: 0,
    ordersCancelled: 0,
    ordersRejected: 0,
    ordersRefusedByGate: 0,
    ordersSuperseded: 0,
    rateLimited: 0,
    unknownOutcome: 0,
    cancelRequests: 0,
    tendersAccepted: 0,
    tendersDeclined: 0,
    reconcileCorrections: 0,
  };
}
