export { runChaos, chaosTable, chaosFailures, writeChaosJson, type ChaosOptions, type ChaosCase } from './run';
export {
  runChecks,
  nonFinitePaths,
  duplicateOrders,
  unresolvedOrders,
  CHECK_NAMES,
  type Check,
  type CheckInput,
} from './checks';
export { SCENARIOS, CI_SCENARIOS, pickScenarios, type FaultScenario, type FaultContext } from './scenarios';
export { WorkerSpy, classifyWorker, type SpiedWorker, type ThreadKind } from './worker-spy';
