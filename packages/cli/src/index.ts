// @ritc/cli — the command line: it parses flags and calls @ritc/runner (`run`) and @ritc/evaluation
// (`evaluate`, `tune`, `worker`, `merge`).
export { runCli, type CliDeps } from './cli';
export { parseRunArgs, flagsToInput, HELP, OPTIONS, type ParsedArgs, type RunCommand } from './args';
export {
  summarizeProfile,
  readProfileDir,
  formatProfileSummary,
  profileSummaryMain,
  type CpuProfile,
  type ThreadProfileSummary,
  type FunctionSelfTime,
} from './profile-summary';
