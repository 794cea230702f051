import type { News, RitApi } from '@ritc/rit-client';
import { buildCaseDescription, type CaseAnswers } from './build';
import type { CaseDescription } from './types';

/**
 * Reads the case from the server. /news is optional: a server without it (or one that fails it)
 * still gives a description, without announced terms.
 */
export async function fetchCaseAnswers(api: RitApi): Promise<CaseAnswers> {
  const [c, securities, limits, news] = await Promise.all([
    api.getCase(),
    api.getSecurities(),
    api.getLimits(),
    api.getNews().catch((): News[] => []),
  ]);
  return { case: c, securities, limits, news };
}

export async function fetchCaseDescription(api: RitApi): Promise<CaseDescription> {
  return buildCaseDescription(await fetchCaseAnswers(api));
}
