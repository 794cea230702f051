/** Stable error codes of the strategies package (public: the engine and CLI show them). */
export type StrategyErrorCode =
  | 'STRAT_BAD_PARAM' // a parameter override has the wrong type or is out of range
  | 'STRAT_UNKNOWN_PARAM' // an override names a parameter the strategy does not have
  | 'STRAT_UNKNOWN_KIND' // a task names a strategy that does not exist
  | 'STRAT_BAD_INPUT'; // a decision function got input it cannot work with (NaN prices, empty series)

export class StrategyError extends Error {
  readonly code: StrategyErrorCode;
  constructor(code: StrategyErrorCode, message: string) {
    super(`${code}: ${message}`);
    this.name = 'StrategyError';
    this.code = code;
  }
}
