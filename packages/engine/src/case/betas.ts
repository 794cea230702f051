import type { CaseDescription } from './types';

/** The index the stocks' betas refer to: a security of type INDEX that does not trade. */
export function referenceIndex(d: CaseDescription): string | null {
  return d.tickers.find((t) => d.securities[t]!.type === 'INDEX' && !d.securities[t]!.isTradeable) ?? null;
}

function escapeTicker(t: string): string {
  return t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The betas the case gives traders in words: in a news item or a description that speaks of betas,
 * the number right after a tradeable stock's ticker ("AAA 0.8", "BBB: 1.0", "CCC beta 1.3"). A stock
 * the text gives no number for is left out.
 */
export function announcedBetas(d: CaseDescription): Record<string, number> {
  const texts = [...d.news.text, ...d.tickers.map((t) => d.securities[t]!.description)].filter((x) =>
    /\bbetas?\b/i.test(x),
  );
  const out: Record<string, number> = {};
  for (const t of d.tickers) {
    const s = d.securities[t]!;
    if (s.type !== 'STOCK' || !s.isTradeable) continue;
    const re = new RegExp(
      `\\b${escapeTicker(t)}\\b\\s*(?:beta)?\\s*(?:[:=]|is|of)?\\s*\\(?\\s*(-?[0-9]+(?:\\.[0-9]+)?)`,
      'i',
    );
    for (const x of texts) {
      const m = re.exec(x);
      const b = m ? Number(m[1]) : NaN;
      if (Number.isFinite(b) && b !== 0) {
        out[t] = b;
        break;
      }
    }
  }
  return out;
}
