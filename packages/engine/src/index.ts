export * from './events';
export * from './config';
export * from './errors';
export * from './securities';
export * from './runtime/event-bus';
export * from './runtime/logger';
export * from './runtime/latency';
export * from './runtime/clock';
export * from './orders/state-machine';
export * from './orders/tracked-order';
export * from './orders/order-store';
export * from './execution/orders';
export * from './execution/counters';
export * from './execution/submission-queue';
export * from './execution/execution-manager';
export * from './positions/position-book';
export * from './positions/pnl';
export * from './risk/worst-case';
export * from './risk/risk-gate';
export * from './hedging/hedge';
export * from './lifecycle/state';
export * from './lifecycle/feeds';
export * from './lifecycle/strategy-runner';
export * from './lifecycle/context-builder';
export * from './lifecycle/loops';
export * from './lifecycle/touch-watch';
export {
  Coordinator,
  Coordinator as Engine,
  installSignalHandlers,
  type CoordinatorOptions,
  type StrategySpec,
} from './lifecycle/coordinator';
