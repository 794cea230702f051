export {
  JOB_MODULE,
  JOB_BOTS,
  validParamKeys,
  caseSettings,
  jobMetricsOf,
  caseMetricsOf,
  runCaseJob,
  makeCaseJob,
  caseJob,
  processWarmThreads,
  closeWarmThreads,
  type JobBot,
  type CaseSettings,
  type CaseJobOptions,
} from './case-job';
export { buildId } from './build-id';
export {
  EVALUATE_JOBS_FILE,
  reportSettings,
  evaluateJobs,
  botResultsOf,
  evaluateThroughJobs,
  mergeEvaluateOutputs,
  type EvaluateJobsDocument,
  type EvaluateJobsDeps,
} from './evaluate-jobs';
export {
  TUNE_DEFAULTS,
  tuneCaseKey,
  tuneCommand,
  workerCommand,
  mergeCommand,
  type CommandIo,
  type MergeSettings,
  type TuneSettings,
} from './tune';
