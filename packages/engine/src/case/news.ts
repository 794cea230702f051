import type { News } from '@ritc/rit-client';
import type { AnnouncedLimit, AnnouncedPenalty, CaseNewsTerms } from './types';

const LIMIT_RE = /\b(position|delta|gross|net|trading)\s+limits?\b[^0-9±]*[±]?\s*([0-9][0-9,]*(?:\.[0-9]+)?)/gi;
// A charge needs a word saying so: "× 100 per contract" is a size, "costs 0.01 CAD per unit" a penalty.
const PENALTY_RE =
  /\b(?:costs?|penalty|penalised|fined?|charged?)\b[^0-9.]{0,24}([0-9]+(?:\.[0-9]+)?)\s*([A-Z]{3})?\s+per\s+(?:unit|share|contract)/gi;

function num(s: string): number {
  return Number(s.replace(/,/g, ''));
}

/**
 * Limits and penalties announced by news, as far as a plain reading finds them; every item's text
 * is kept, so what the reading misses is still there for a person or a later parser.
 */
export function parseCaseNews(news: readonly News[]): CaseNewsTerms {
  const limits: AnnouncedLimit[] = [];
  const penalties: AnnouncedPenalty[] = [];
  const text: string[] = [];
  for (const n of news) {
    const all = `${n.headline}. ${n.body}`;
    text.push(all);
    const seen = new Set<string>();
    for (const m of all.matchAll(LIMIT_RE)) {
      const kind = m[1]!.toLowerCase();
      const limit = num(m[2]!);
      const key = `${kind}:${limit}`;
      if (!Number.isFinite(limit) || seen.has(key)) continue;
      seen.add(key);
      limits.push({ kind, ticker: n.ticker, limit, newsId: n.news_id });
    }
    for (const m of all.matchAll(PENALTY_RE)) {
      const perUnit = Number(m[1]);
      if (Number.isFinite(perUnit))
        penalties.push({ perUnit, currency: m[2] ?? '', ticker: n.ticker, newsId: n.news_id });
    }
  }
  return { limits, penalties, text };
}
