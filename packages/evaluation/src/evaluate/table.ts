/** Markdown pipe tables (readable in a terminal, pasteable into the README as they are). */

/** First column left-aligned, the others right-aligned unless `align` says otherwise. */
export function markdownTable(head: string[], rows: string[][], align?: ('l' | 'r')[]): string {
  const al = head.map((_, i) => align?.[i] ?? (i === 0 ? 'l' : 'r'));
  const w = head.map((h, i) => Math.max(h.length, 3, ...rows.map((r) => (r[i] ?? '').length)));
  const cell = (s: string, i: number) => (al[i] === 'l' ? s.padEnd(w[i]!) : s.padStart(w[i]!));
  const line = (r: string[]) => `| ${head.map((_, i) => cell(r[i] ?? '', i)).join(' | ')} |`;
  const rule = `|${w.map((x, i) => (al[i] === 'l' ? ':' + '-'.repeat(x + 1) : '-'.repeat(x + 1) + ':')).join('|')}|`;
  return [line(head), rule, ...rows.map(line)].join('\n');
}

/** A number with `digits` decimals and thousands separators; '—' for null/NaN. */
export function fmtNum(v: number | null | undefined, digits = 0): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  return v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}
