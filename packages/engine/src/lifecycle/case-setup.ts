import { STRATEGY_KINDS, type StrategyKind } from '@ritc/strategies';
import { assignStrategies, describeAssignment, type AssignmentPlan, type EtfLegs } from '../case/assign';
import { buildCaseDescription, type CaseAnswers } from '../case/build';
import { resolveSpecs } from '../case/specs';
import type { CaseDescription } from '../case/types';
import type { EngineEvent } from '../events';
import type { EngineLogger } from '../runtime/logger';
import type { StrategySpec } from './coordinator';

/** What the engine trades in this case: read once at start-up, before any feed or strategy starts. */
export interface CaseSetup {
  description: CaseDescription;
  plan: AssignmentPlan;
  specs: StrategySpec[];
  legs: EtfLegs | null;
}

/** An empty set-up: nothing is traded until the case is read. */
export const NO_CASE: Omit<CaseSetup, 'description'> & { description: null } = {
  description: null,
  plan: { assignments: [], skipped: [], legs: null, fxTickers: [] },
  specs: [],
  legs: null,
};

/** The case description, the strategy assignment and the specs it gives; logs the assignment and emits the `case` event. */
export function setUpCase(
  answers: CaseAnswers,
  userSpecs: readonly StrategySpec[],
  log: EngineLogger,
  bus?: { emit(e: EngineEvent): void },
): CaseSetup {
  const description = buildCaseDescription(answers);
  const kinds = userSpecs
    .filter((s) => s.enabled !== false)
    .map((s) => s.kind)
    .filter((k): k is StrategyKind => STRATEGY_KINDS.includes(k));
  const plan = assignStrategies(description, kinds);
  const { specs, legs, disabled } = resolveSpecs(userSpecs, plan);
  log.info('case read', {
    thread: 'main',
    case: description.name,
    reportingCurrency: description.reportingCurrency,
    etfs: description.etfs,
    fx: description.fx,
    announcedLimits: description.news.limits.length,
  });
  for (const line of describeAssignment(plan)) log.info(`strategy assignment: ${line}`, { thread: 'main' });
  if (disabled.length)
    log.warn('strategies off: the case gives them nothing to trade', { thread: 'main', strategies: disabled });
  // Before any feed or strategy starts: readers of the events learn the case's currencies first.
  bus?.emit(caseEvent(description, Date.now()));
  return { description, plan, specs, legs };
}

/** The `case` event of a set-up: the currency facts the report and the dashboard value positions with. */
export function caseEvent(d: CaseDescription, t: number): Extract<EngineEvent, { type: 'case' }> {
  const securities: Extract<EngineEvent, { type: 'case' }>['securities'] = {};
  for (const [ticker, s] of Object.entries(d.securities)) {
    securities[ticker] = {
      currency: s.currency,
      fxTicker: s.fxTicker,
      isCurrency: s.isCurrency,
      quotedDecimals: s.quotedDecimals,
    };
  }
  return { type: 'case', t, name: d.name, reportingCurrency: d.reportingCurrency, securities };
}
