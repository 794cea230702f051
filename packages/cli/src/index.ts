export { runCli, type CliDeps } from './cli';
export { parseRunArgs, flagsToInput, HELP, OPTIONS, type ParsedArgs, type RunCommand } from './args';
export {
  resolveConfig,
  loadConfigFile,
  maskConfig,
  feedPollDelays,
  runFolderName,
  DEFAULTS,
  STRATEGY_NAMES,
  STRATEGY_SOURCE,
  LOG_LEVELS,
  type RunConfig,
  type ConfigInput,
  type StrategyName,
  type LogLevel,
  type ParamValue,
} from './config';
export { SETTINGS, OUTAGE_SETTINGS, type NumberSetting, type SettingName } from './settings';
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
export {
  summarizeProfile,
  readProfileDir,
  formatProfileSummary,
  profileSummaryMain,
  type CpuProfile,
  type ThreadProfileSummary,
  type FunctionSelfTime,
} from './profile-summary';
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
export * from './evaluate';
export type { EngineLike, FinalAccount, Quantiles } from './seam';
export * from './tune';
