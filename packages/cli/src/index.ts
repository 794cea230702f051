// @ritc/cli — the command line: it parses flags and calls @ritc/runner (`run`) and @ritc/evaluation
// (`evaluate`, `tune`, `worker`, `merge`).
export { runCli, type CliDeps } from './cli';
export { parseRunArgs, flagsToInput, HELP, OPTIONS, type ParsedArgs, type RunCommand } from './args';
export { parseEvaluateArgs, EVALUATE_HELP, type ParsedEvaluate } from './evaluate-args';
export { parseTuneArgs, TUNE_HELP, type ParsedTune } from './tune-args';
export { caseFlags, CASE_HELP, type CaseFlags } from './case-flags';
export {
  summarizeProfile,
  readProfileDir,
  formatProfileSummary,
  profileSummaryMain,
  type CpuProfile,
  type ThreadProfileSummary,
  type FunctionSelfTime,
} from './profile-summary';
