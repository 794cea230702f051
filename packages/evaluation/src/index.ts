// @ritc/evaluation — parameter sweeps and evaluations that scale past one machine: the job model, sweep
// specifications, local and sharded runs, a BullMQ queue with sandboxed workers, and the sweep report.
// The thing that runs one case is injected as a JobFunction (or a module path exporting one).
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
export { parseWorkerArgs } from './worker-main';
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
