// The engine's public surface: what the CLI, the scripts and the benches use. Internals (the
// order store, the rooms behind ExecutionManager, the feeds) are reached by their module paths in tests.
export type { EngineEvent, OrderState, RiskState } from './events';
export { DEFAULT_CONFIG, resolveConfig, type EngineConfig, type LimitUnitsMeaning } from './config';
export { EngineError, type EngineErrorCode } from './errors';
export type { EngineSecurity } from './securities';
export {
  assignStrategies,
  buildCaseDescription,
  describeAssignment,
  fetchCaseDescription,
  resolveSpecs,
  type AssignmentPlan,
  type CaseDescription,
  type CaseSecurity,
  type EtfLegs,
  type StrategyAssignment,
} from './case';
export type { CaseSetup } from './lifecycle/case-setup';
export { EventBus } from './runtime/event-bus';
export { silentLogger, type EngineLogger } from './runtime/logger';
export { LatencyRecorder } from './runtime/latency';
export { createOrder, splitOrder } from './execution/orders';
export type { ExecutionCounters } from './execution/counters';
export {
  ExecutionManager,
  clientIdOfPending,
  pendingOrderId,
  type ExecutionManagerOptions,
  type ExecutionReport,
} from './execution/execution-manager';
export type { TrackedOrder } from './orders/tracked-order';
export type { SourcePnl } from './positions/pnl';
export type { GroupUsage } from './risk/worst-case';
export type {
  EndOfRun,
  EngineState,
  EngineView,
  LatencySummary,
  ShutdownReport,
  StrategyStats,
} from './lifecycle/state';
export type { ExchangeHealthStats } from './lifecycle/exchange-health';
export type { FeedPollStats, MarketFeed } from './lifecycle/feeds';
export type { StrategyRunner } from './lifecycle/strategy-runner';
export { WarmThreads } from './lifecycle/warm-threads';
export {
  Coordinator,
  Coordinator as Engine,
  installSignalHandlers,
  type CoordinatorOptions,
  type StrategySpec,
} from './lifecycle/coordinator';
