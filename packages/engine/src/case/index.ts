export type {
  AnnouncedLimit,
  AnnouncedPenalty,
  CaseDescription,
  CaseLimitGroup,
  CaseNewsTerms,
  CaseSecurity,
} from './types';
export { buildCaseDescription, basketWeights, type CaseAnswers } from './build';
export { parseCaseNews } from './news';
export { announcedBetas, referenceIndex } from './betas';
export {
  assignStrategies,
  describeAssignment,
  type AssignmentPlan,
  type EtfLegs,
  type SkippedAssignment,
  type StrategyAssignment,
} from './assign';
export { fetchCaseAnswers, fetchCaseDescription } from './fetch';
export { resolveSpecs, TICKER_PARAMS, type ResolvedSpecs } from './specs';
