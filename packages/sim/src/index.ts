export { startSimServer, resolveConfig, parseTraders, DEFAULT_API_KEY, DEFAULT_PORT } from './http/server';
export type { SimOptions, SimServer, SimStats, TraderSpec, HeatReport } from './http/server';
export { simMain, SIM_HELP, formatCaseList } from './cli';
export { startSimWorker, runSimWorker } from './worker';
export type { SimWorkerHandle, SimWorkerMessage } from './worker';
export { Exchange } from './exchange/exchange';
export type { OrderInput, DryRunResult } from './exchange/exchange';
export { OrderBook } from './book/order-book';
export { SimOrder, BUY, SELL } from './book/order';
export type { Side } from './book/order';
export {
  defaultConfig,
  caseConfig,
  configForCase,
  mergeConfig,
  validateConfig,
  noFaults,
  SIM_CLOCK_MODES,
  DEFAULT_MIN_TICK_MS,
} from './config';
export { VirtualTickClock, type VirtualClockOptions } from './virtual-clock';
export {
  loadCase,
  listCases,
  caseNames,
  readCaseFile,
  parseCase,
  CaseFileError,
  CASES_DIR,
  DEFAULT_CASE,
} from './cases/load';
export { CaseFileSchema, caseJsonSchema } from './cases/schema';
export type { CaseFile, CaseFileInput } from './cases/schema';
export type { SimConfig, SimClockMode, DeepPartial, FaultConfig, SecurityConfig, LimitGroupConfig } from './config';
export { parseFaultSpec } from './http/faults';
export { Rng } from './rng';
export { SimError } from './errors';
export type { SimErrorCode } from './errors';
export type { LatencyEvent } from './http/latency';
