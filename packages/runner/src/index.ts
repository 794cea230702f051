// Running the engine once against an exchange (real, or the embedded simulator) and writing its report:
// the seam `cli run` and every evaluation case share.
export {
  resolveConfig,
  loadConfigFile,
  maskConfig,
  feedPollDelays,
  runFolderName,
  strategyByName,
  bareRecord,
  parseParamFlag,
  isPlainObject,
  toApiUrl,
  toInt,
  toLogLevel,
  toNonEmptyString,
  toPollDelay,
  toRange,
  toSetting,
  toStrategies,
  toTicker,
  toSimClock,
  signalsVirtualClock,
  SIM_CLOCKS,
  DEFAULTS,
  STRATEGY_NAMES,
  STRATEGY_SOURCE,
  LOG_LEVELS,
  type RunConfig,
  type ConfigInput,
  type StrategyName,
  type LogLevel,
  type ParamValue,
  type SimClock,
} from './config';
export { SETTINGS, ENGINE_SETTINGS, flagName, type NumberSetting, type SettingName } from './settings';
export { CliError, Errors, isCliError, type CliErrorCode } from './errors';
export {
  createLogger,
  closeLogger,
  redactFormat,
  redactValue,
  logWorkerRecord,
  isWorkerLogRecord,
  callbackTransport,
  type LoggerOptions,
  type WorkerLogRecord,
} from './logging';
export {
  startMainProfiler,
  workerProfileExecArgv,
  writeThreadsJson,
  safeRole,
  MAIN_PROFILE,
  THREADS_JSON,
  type MainProfiler,
  type ThreadEntry,
  type ThreadsJson,
} from './profiling';
export { render } from './dashboard/render';
export {
  applyEvent,
  mergeEngineState,
  initialState,
  addMessage,
  type DashboardState,
  type EngineStateView,
  type SecurityRow,
  type OpenOrderRow,
  type TenderLine,
  type LimitUsage,
} from './dashboard/state';
export { TtyDashboard, type TtyDashboardOptions, type TtyLike } from './dashboard/tty';
export {
  RunRecorder,
  type RecorderData,
  type RecorderOptions,
  type SeriesData,
  type OrderRow,
  type TenderRow,
  type OrderCounts,
} from './report/recorder';
export { buildSummary, type RunSummary, type SummaryInputs } from './report/summary';
export { printSummary } from './report/text';
export { renderReportHtml, expectedChartCount, type ReportData } from './report/html';
export { lineChart, niceTicks, type LineChartSpec, type LineSeries } from './report/charts';
export { writeReport, EventLog, REPORT_FILES } from './report/write';
export {
  runTrading,
  EXIT_INTERRUPTED,
  type RunDeps,
  type RunResult,
  type StartEngineContext,
  type EmbeddedSimulator,
} from './run';
export { loadDefaultDeps, loadSimMain, startEmbeddedSimulator } from './deps';
export {
  startEngine,
  adaptCoordinator,
  finalAccount,
  DIST_DIR,
  type AdaptedEngine,
  type StartEngineOptions,
} from './engine';
export type { EngineLike, FinalAccount, Quantiles } from './seam';
