export { evaluateCommand, evaluate, lookupEngine, type EvaluateDeps, type EvaluateOutcome } from './evaluate';
export { EVALUATE_DEFAULTS, BOT_NAMES, BASELINES, type BotName, type EvaluateSettings } from './settings';
export { DEFAULT_CASE, caseKey, parseCaseKey, caseSource, type CaseKey, type CaseSource } from './case-source';
export { parseSeeds, MAX_SEED, MAX_SEEDS } from './seeds';
export { describe, pairedDifferences, type Describe } from './stats';
export {
  rankBySeed,
  pairedRecord,
  bootstrapMeanInterval,
  tQuantile975,
  type RankSummary,
  type SeedRanks,
  type PairedRecord,
} from './ranking';
export { ProgressBar, type ProgressOptions, type ProgressStream } from './progress';
export { markdownTable, fmtNum } from './table';
export { caseMetrics, feesCad, bySourceFromSummary, METRIC_COLUMNS, type CaseMetrics, type BySource } from './metrics';
export {
  startCaseSim,
  takeSnapshot,
  type CaseSim,
  type CaseSimOptions,
  type CaseSnapshot,
  type ExchangeOrder,
  type SimAccount,
} from './sim-case';
export {
  runBotCase,
  runDoNothingCase,
  metricsOf,
  caseConfig,
  reportDirFor,
  type CaseOptions,
  type CaseRun,
  type StartBot,
} from './runner';
export {
  buildReport,
  renderMarkdown,
  botTable,
  comparisonTable,
  comparisons,
  pairedRecords,
  rankTable,
  recordTable,
  statsOf,
  machineInfo,
  compactSeeds,
  type EvaluateReport,
  type BotResults,
  type Comparison,
} from './report';
export { NaiveTenderBot, tenderFitsLimits, type NaiveBotOptions } from '../bots/naive';
export { startNaiveBot } from '../bots/naive-start';
export {
  ReferenceBot,
  ReferenceEngine,
  referencePollMs,
  startReferenceBot,
  etfEdges,
  type ReferenceBotOptions,
  type ReferenceBotResult,
} from '../bots/reference';
export { ThreadMemorySampler, growth, type ThreadMemory } from './thread-memory';
