// @ritc/evaluation — judging the engine: one case against the simulator (runner, sim-case), the
// baseline bots, chaos scenarios, `evaluate` (seeded cases, paired ranking, reports) and `tune`
// (parameter sweeps). Sweeps scale past one machine: the job model, sweep specifications, local and
// sharded runs, a BullMQ queue with sandboxed workers, and the sweep report. The sweep machinery takes
// the thing that runs one case as a JobFunction (or a module path exporting one); caseJob is the one
// the worker and the local runner both use.
export { EvaluationError, errorMessage } from './errors';
export type { EvaluationErrorCode } from './errors';
export { canonicalJson, jobId, paramSetKey, paramSetLabel } from './job';
export type { JobContext, JobFunction, JobMetrics, JobResult, JobSpec, ParamSet, ParamValue } from './job';
export {
  MAX_AXIS_VALUES,
  MAX_JOBS,
  MAX_SEED,
  MAX_SEEDS,
  distinctSets,
  gridSize,
  parameterSets,
  parseParam,
  parseParams,
  parseSearch,
  parseSeeds,
  sweepId,
  sweepJobs,
} from './sweep';
export type { ParamAxis, SearchMode, SearchSpec, SweepSpec } from './sweep';
export { checkMetrics, runJob, runLocal, workerName } from './run';
export type { LocalRunOptions } from './run';
export {
  TUNE_FORMAT,
  fromRecord,
  mergeOutputs,
  outputFile,
  parseShard,
  readJobs,
  selectShard,
  toRecord,
} from './shard';
export type { Shard, TuneJobRecord } from './shard';
export { loadJobFunction, resolveJobModule } from './job-module';
export {
  JOB_MODULE_ENV,
  SWEEP_REGISTRY_KEY,
  WORKER_NAME_ENV,
  defaultProcessorFile,
  parseQueueUrl,
  queueNameFor,
  startWorker,
  submitJobs,
} from './queue';
export type { QueuedJobData, SubmitOptions, SubmitOutcome, WorkerHandle, WorkerOptions } from './queue';
export {
  finite,
  incompleteBeta,
  mean,
  pairedComparison,
  quantileSorted,
  ranksDescending,
  sampleSd,
  studentTCdf,
  studentTQuantile,
} from './stats';
export type { Interval, PairedComparison } from './stats';
export { aggregateSweep } from './aggregate';
export type {
  AggregateOptions,
  Comparison,
  JobFailure,
  SensitivityRow,
  SensitivityTable,
  SetSummary,
  TuneSummary,
} from './aggregate';
export { renderHtml, renderMarkdown, sensitivitySvg, tuneDocument, writeTuneReports } from './report';
export type { TuneDocument, TuneDocumentOptions, WrittenReports } from './report';
export { SweepProgress, formatDuration, progressLine } from './progress';
export type { ProgressCounts, ProgressStream, SweepProgressOptions } from './progress';
export { testJob, testJobMetrics } from './test-job';
export { machineFacts, runSweep } from './tune';
export type { RunSweepOptions, SweepOutcome, SweepRunner } from './tune';

// One case, its metrics and the evaluate command.
export {
  evaluateCommand,
  evaluate,
  lookupEngine,
  EVALUATE_DEFAULTS,
  BOT_NAMES,
  BASELINES,
  DEFAULT_CASE,
  caseKey,
  parseCaseKey,
  caseSource,
  rankBySeed,
  pairedRecord,
  bootstrapMeanInterval,
  ProgressBar,
  markdownTable,
  fmtNum,
  caseMetrics,
  feesCad,
  METRIC_COLUMNS,
  startCaseSim,
  takeSnapshot,
  runBotCase,
  runDoNothingCase,
  metricsOf,
  caseConfig,
  reportDirFor,
  buildReport,
  renderMarkdown as renderEvaluateMarkdown,
  machineInfo,
  ThreadMemorySampler,
  growth,
} from './evaluate';
export type {
  EvaluateDeps,
  EvaluateOutcome,
  BotName,
  EvaluateSettings,
  CaseKey,
  CaseSource,
  RankSummary,
  PairedRecord,
  CaseMetrics,
  BySource,
  CaseSim,
  CaseSimOptions,
  CaseSnapshot,
  ExchangeOrder,
  SimAccount,
  CaseOptions,
  CaseRun,
  StartBot,
  EvaluateReport,
  BotResults,
  ThreadMemory,
} from './evaluate';
export { NaiveTenderBot, tenderFitsLimits } from './bots/naive';
export { startNaiveBot } from './bots/naive-start';
export type { NaiveBotOptions } from './bots/naive';
export { ReferenceBot, ReferenceEngine, referencePollMs, startReferenceBot, etfEdges } from './bots/reference';
export type { ReferenceBotOptions, ReferenceBotResult } from './bots/reference';
export {
  runChaos,
  chaosTable,
  chaosFailures,
  writeChaosJson,
  runChecks,
  CHECK_NAMES,
  SCENARIOS,
  CI_SCENARIOS,
  pickScenarios,
  WorkerSpy,
} from './chaos';
export type { ChaosOptions, ChaosCase, Check, FaultScenario, FaultContext } from './chaos';
// The case job of sweeps, and the tune / worker / merge commands.
export {
  JOB_MODULE,
  JOB_BOTS,
  validParamKeys,
  caseSettings,
  caseJob,
  makeCaseJob,
  processWarmThreads,
  closeWarmThreads,
  runCaseJob,
  buildId,
  evaluateThroughJobs,
  EVALUATE_JOBS_FILE,
  mergeEvaluateOutputs,
  TUNE_DEFAULTS,
  tuneCaseKey,
  tuneCommand,
  workerCommand,
  mergeCommand,
} from './tune/index';
export type { CaseJobOptions, CommandIo, MergeSettings, TuneSettings } from './tune/index';
