// The package's public surface. The strategies themselves are listed in registry.ts.
export type { Source, OrderIntent, Decision, TenderAnswer } from './intents';
export type {
  SecurityInfo,
  PositionView,
  OpenOrderView,
  LimitView,
  DepthView,
  HistoryView,
  StrategyContext,
  StrategyTask,
  StrategyResult,
} from './context';
export { StrategyError, type StrategyErrorCode } from './errors';
export { emptyOutput, isRecord, type StrategyOutput } from './output';
export { validateParams, type ParamSpec, type ParamSpecs } from './params/validate';
export {
  DEFAULT_MM_PARAMS,
  validateMarketMakingParams,
  type MarketMakingParams,
  type InventorySkewModel,
} from './params/market-making';
export {
  DEFAULT_ARB_PARAMS,
  validateArbitrageParams,
  type ArbitrageParams,
  type ArbExit,
  type SpreadCentre,
} from './params/arbitrage';
export { DEFAULT_CLOSE_OUT_PARAMS, validateCloseOutParams, type CloseOutParams } from './params/close-out';
export {
  DEFAULT_STAT_ARB_PARAMS,
  validateStatArbParams,
  type StatArbExecution,
  type StatArbParams,
} from './params/stat-arb';
export { DEFAULT_TENDER_PARAMS, validateTenderParams, type TenderParams } from './params/tender';
export {
  STRATEGIES,
  STRATEGY_CLI_NAMES,
  STRATEGY_ENTRIES,
  STRATEGY_KINDS,
  decideWith,
  strategyByCliName,
  strategyOf,
  type StrategyCliName,
  type StrategyEntry,
  type StrategyKind,
  type StrategyNeeds,
} from './registry';
export { runStrategyTask, defaultClock, type Clock } from './dispatch';
export { tickSize, floorToTick, ceilToTick, roundToTick, isOnGrid, ticksBetween } from './util/grid';
export { maxAdditionalShares, fitsLimits, weightOf, worstCaseHeadroom } from './util/limits';
export { walkBook, type BookWalk } from './util/depth';
export { snapshotProblem, isUsable, fxTouch, NO_FX, type FxTouch, type SnapshotProblem } from './util/snapshot';
export { computeMaxViableSpread, quoteSigmaPerTick } from './market-making/spread';
export { computeQuote, minHalfWidth, type Quote, type QuoteInput } from './market-making/quotes';
export {
  makeMarkets,
  initialMarketMakingMemory,
  MM_TAG_ASK,
  MM_TAG_BID,
  MM_TAG_HEDGE,
  type MarketMakingMemory,
} from './market-making/make-markets';
export {
  calibrateModel,
  constructHistoricalSpread,
  getThresholdProbabilityCurve,
  getOptimalThreshold,
  type ArbModel,
  type SpreadCoefficients,
  type ThresholdCurve,
} from './arbitrage/model';
export { getSpread, type LiveSpread } from './arbitrage/spread';
export {
  holdCandidates,
  holdListingsStep,
  listingsOf,
  unitsWithinCap,
  type HoldCandidate,
  type Listing,
} from './arbitrage/listings';
export {
  searchForArbitrage,
  arbPnlCad,
  initialArbitrageMemory,
  recordSample,
  mergeHistories,
  currentTick,
  ARB_TAG_ENTRY,
  ARB_TAG_EXIT,
  type ArbitrageMemory,
  type ArbPosition,
  type ArbDirection,
} from './arbitrage/search';
export { processTenderOrder, basketFairValue, type TenderValuation, type UnwindRoute } from './tender/valuation';
export { computeHidingVolume, pacingVolume } from './tender/unwind-cost';
export { basketVariancePerTick, legVariancePerTick } from './tender/basket-risk';
export { decidePlan, planObjectiveOf, type PlanFacts } from './tender/plan-decision';
export { buildUnwindSchedule, nextChild } from './tender/schedule';
export { optimallyExecuteOrder, TENDER_TAG_UNWIND, TENDER_TAG_BASKET, TENDER_TAG_ROOM } from './tender/execute';
export { makeRoom, roomValue, settleRoom, type RoomStep, type RoomValueInput } from './tender/make-room';
export { watchForTenders, runTenderStrategy } from './tender/watch';
export { listingParams, runListingTenders } from './tender/listings';
export { hedgedShares } from './tender/execute';
export { initialTenderMemory, type RoomPending, type TenderMemory, type UnwindSchedule } from './tender/memory';
export {
  chooseTenderPlan,
  choosePlanAgainstField,
  sharpeRiskAversion,
  type FieldModel,
  type FieldPlanScore,
  type TenderPlan,
  type TenderPlanInput,
  type TenderPlanKind,
  type TenderPlanScore,
} from './tender/plan';
export { heldPart } from './tender/execute';
export {
  confirmArbSignal,
  holdToCloseArbitrage,
  type ArbSignal,
  type HoldArbDecision,
  type HoldArbInput,
} from './arbitrage/hold';
export { decideCloseOut, type CloseOutDecision, type CloseOutInput } from './endgame/close-out';
export { tradeStatArb, legPrice, STAT_ARB_SOURCE, STAT_ARB_TAG, type StatArbMemory } from './stat-arb/decide';
export { factorFreeResiduals, residualHalfLife, reversionEdge, sizeFraction, targetShares } from './stat-arb/signal';
