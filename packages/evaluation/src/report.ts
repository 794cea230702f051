// The sweep's outputs: tune.json (every job with its parameters, seed, case and result, plus the
// summary), tune.md, and tune.html (self-contained: inline CSS and one inline SVG chart per parameter,
// nothing fetched from anywhere).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AggregateOptions, SetSummary, SensitivityTable, TuneSummary, aggregateSweep } from './aggregate';
import { JobResult } from './job';
import { Shard, TUNE_FORMAT, TuneJobRecord, toRecord } from './shard';
import { ParamAxis, SearchSpec } from './sweep';

export interface TuneDocument {
  format: typeof TUNE_FORMAT;
  build: string;
  createdAt: string;
  /** Set when this output is one shard of a sweep. */
  shard: Shard | null;
  sweep: { axes: ParamAxis[]; seeds: number[]; search: SearchSpec } | null;
  /** Free-form facts about where it ran (host, cores, Node version, workers). */
  machine: Record<string, string | number>;
  summary: TuneSummary;
  jobs: TuneJobRecord[];
}

export interface TuneDocumentOptions extends AggregateOptions {
  build: string;
  shard?: Shard | null;
  sweep?: TuneDocument['sweep'];
  machine?: Record<string, string | number>;
  createdAt?: Date;
}

export function tuneDocument(results: readonly JobResult[], o: TuneDocumentOptions): TuneDocument {
  const agg: AggregateOptions = { ...o };
  if (o.axes === undefined && o.sweep) agg.axes = o.sweep.axes;
  const summary = aggregateSweep(results, agg);
  const seen = new Set<string>();
  const jobs: TuneJobRecord[] = [];
  for (const r of results) {
    if (seen.has(r.id)) continue;
    seen.add(r.id);
    jobs.push(toRecord(r));
  }
  jobs.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    format: TUNE_FORMAT,
    build: o.build,
    createdAt: (o.createdAt ?? new Date()).toISOString(),
    shard: o.shard ?? null,
    sweep: o.sweep ?? null,
    machine: o.machine ?? {},
    summary,
    jobs,
  };
}

const fmt = (x: number | null | undefined, digits = 2): string =>
  x === null || x === undefined
    ? '—'
    : x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function setLabel(s: TuneSummary, key: string | null): string {
  return key === null ? '—' : (s.sets.find((x) => x.key === key)?.label ?? key);
}

function comparisonLines(s: TuneSummary): string[] {
  const c = s.comparison;
  if (c === null) {
    return [s.defaults === null ? 'No defaults set in this sweep.' : 'The defaults set is the best set.'];
  }
  const pct = Math.round(c.level * 100);
  return [
    `Best (by mean rank): ${setLabel(s, c.best)} − defaults, paired over ${c.n} seeds:`,
    `mean difference ${fmt(c.mean)} (sd ${fmt(c.sd)}, t ${fmt(c.t)}); ` +
      `${pct}% paired-t interval ${c.tInterval ? `[${fmt(c.tInterval.lo)}, ${fmt(c.tInterval.hi)}]` : '—'}; ` +
      `${pct}% bootstrap interval (${c.resamples} resamples) ` +
      `${c.bootstrapInterval ? `[${fmt(c.bootstrapInterval.lo)}, ${fmt(c.bootstrapInterval.hi)}]` : '—'}`,
  ];
}

function mdTable(head: string[], rows: string[][]): string[] {
  return [
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ];
}

function setRow(x: SetSummary, i: number): string[] {
  return [String(i + 1), x.label, fmt(x.meanRank), fmt(x.meanPnl), fmt(x.sdPnl), String(x.n), String(x.failed)];
}

const SET_HEAD = ['#', 'set', 'mean rank', 'mean P&L', 'sd', 'seeds', 'failed'];
const SENS_HEAD = ['value', 'sets', 'mean P&L', 'mean rank'];
const sensRows = (t: SensitivityTable) =>
  t.rows.map((r) => [String(r.value), String(r.sets), fmt(r.meanPnl), fmt(r.meanRank)]);

export function renderMarkdown(doc: TuneDocument): string {
  const s = doc.summary;
  const out: string[] = [
    '# Parameter sweep',
    '',
    `Build ${doc.build} · ${s.jobs} jobs (${s.ok} ok, ${s.failed} failed) · ${s.sets.length} sets × ${s.heats} seeds · metric \`${s.metric}\`` +
      (doc.shard ? ` · shard ${doc.shard.k}/${doc.shard.n}` : ''),
  ];
  const machine = Object.entries(doc.machine);
  if (machine.length > 0) out.push('', `Machine: ${machine.map(([k, v]) => `${k} ${v}`).join(' · ')}`);
  out.push(
    '',
    '## Sets, best first (RITC rank criterion: mean over seeds of the rank by P&L, lower is better)',
    '',
    ...mdTable(SET_HEAD, s.sets.map(setRow)),
    '',
    `Best by mean P&L: ${setLabel(s, s.bestByPnl)}`,
    '',
    '## Best set against the defaults',
    '',
    ...comparisonLines(s),
  );
  for (const t of s.sensitivity) {
    out.push('', `## Sensitivity: ${t.key}`, '', ...mdTable(SENS_HEAD, sensRows(t)));
  }
  if (s.failures.length > 0) {
    out.push('', '## Failed jobs', '');
    out.push(
      ...mdTable(
        ['set', 'case', 'seed', 'error'],
        s.failures.map((f) => [f.set, f.case, String(f.seed), f.error.replace(/\|/g, '\\|')]),
      ),
    );
  }
  return `${out.join('\n')}\n`;
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function htmlTable(head: string[], rows: string[][]): string {
  const th = head.map((h) => `<th>${esc(h)}</th>`).join('');
  const trs = rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${th}</tr></thead><tbody>\n${trs}\n</tbody></table>`;
}

/** Mean P&L per value of one parameter: points joined by a line, values along the x axis. */
export function sensitivitySvg(t: SensitivityTable, width = 520, height = 240): string {
  const pad = { l: 70, r: 16, t: 16, b: 44 };
  const pts = t.rows.map((r, i) => ({ i, v: r.meanPnl, label: String(r.value) }));
  const ys = pts.map((p) => p.v).filter((v): v is number => v !== null);
  const lo = ys.length > 0 ? Math.min(...ys) : 0;
  const hi = ys.length > 0 ? Math.max(...ys) : 1;
  const span = hi - lo || Math.max(1, Math.abs(hi));
  const y0 = lo - span * 0.1;
  const y1 = hi + span * 0.1;
  const n = Math.max(1, pts.length);
  const px = (i: number) => pad.l + ((i + 0.5) / n) * (width - pad.l - pad.r);
  const py = (v: number) => pad.t + (1 - (v - y0) / (y1 - y0)) * (height - pad.t - pad.b);
  const f = (x: number) => x.toFixed(1);
  const line = pts
    .filter((p) => p.v !== null)
    .map((p) => `${f(px(p.i))},${f(py(p.v ?? 0))}`)
    .join(' ');
  const parts: string[] = [
    `<svg class="chart" role="img" aria-label="${esc(`mean P&L by ${t.key}`)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<rect x="${pad.l}" y="${pad.t}" width="${width - pad.l - pad.r}" height="${height - pad.t - pad.b}" fill="#fafafa" stroke="#ccc"/>`,
  ];
  for (const v of [y0 + (y1 - y0) * 0.1, (y0 + y1) / 2, y1 - (y1 - y0) * 0.1]) {
    parts.push(
      `<line x1="${pad.l}" x2="${width - pad.r}" y1="${f(py(v))}" y2="${f(py(v))}" stroke="#eee"/>`,
      `<text x="${pad.l - 6}" y="${f(py(v) + 4)}" text-anchor="end" font-size="11">${esc(fmt(v, 0))}</text>`,
    );
  }
  if (line !== '') parts.push(`<polyline points="${line}" fill="none" stroke="#1f77b4" stroke-width="2"/>`);
  for (const p of pts) {
    if (p.v !== null) {
      parts.push(
        `<circle cx="${f(px(p.i))}" cy="${f(py(p.v))}" r="4" fill="#1f77b4"><title>${esc(`${t.key}=${p.label}: ${fmt(p.v)}`)}</title></circle>`,
      );
    }
    parts.push(
      `<text x="${f(px(p.i))}" y="${height - pad.b + 16}" text-anchor="middle" font-size="11">${esc(p.label)}</text>`,
    );
  }
  parts.push(
    `<text x="${(pad.l + width - pad.r) / 2}" y="${height - 6}" text-anchor="middle" font-size="12">${esc(t.key)}</text>`,
    `<text x="14" y="${(pad.t + height - pad.b) / 2}" text-anchor="middle" font-size="12" transform="rotate(-90 14 ${(pad.t + height - pad.b) / 2})">mean P&amp;L</text>`,
    '</svg>',
  );
  return parts.join('\n');
}

export function renderHtml(doc: TuneDocument): string {
  const s = doc.summary;
  const machine = Object.entries(doc.machine)
    .map(([k, v]) => `${k} ${v}`)
    .join(' · ');
  const body: string[] = [
    '<h1>Parameter sweep</h1>',
    `<p>Build ${esc(doc.build)} · ${s.jobs} jobs (${s.ok} ok, ${s.failed} failed) · ${s.sets.length} sets × ${s.heats} seeds · metric <code>${esc(s.metric)}</code>${doc.shard ? ` · shard ${doc.shard.k}/${doc.shard.n}` : ''}</p>`,
  ];
  if (machine !== '') body.push(`<p>Machine: ${esc(machine)}</p>`);
  body.push(
    '<h2>Sets, best first</h2>',
    '<p>RITC rank criterion: on each seed the sets are ranked by P&amp;L; the ranks are averaged (lower is better).</p>',
    htmlTable(SET_HEAD, s.sets.map(setRow)),
    `<p>Best by mean P&amp;L: ${esc(setLabel(s, s.bestByPnl))}</p>`,
    '<h2>Best set against the defaults</h2>',
    ...comparisonLines(s).map((l) => `<p>${esc(l)}</p>`),
  );
  for (const t of s.sensitivity) {
    body.push(`<h2>Sensitivity: ${esc(t.key)}</h2>`, sensitivitySvg(t), htmlTable(SENS_HEAD, sensRows(t)));
  }
  if (s.failures.length > 0) {
    body.push(
      '<h2>Failed jobs</h2>',
      htmlTable(
        ['set', 'case', 'seed', 'error'],
        s.failures.map((f) => [f.set, f.case, String(f.seed), f.error]),
      ),
    );
  }
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8"><title>Parameter sweep</title>',
    '<style>body{font:14px system-ui,sans-serif;margin:24px;color:#222}table{border-collapse:collapse;margin:8px 0}' +
      'th,td{border:1px solid #ddd;padding:3px 8px;text-align:right}th{background:#f3f3f3}td:nth-child(2){text-align:left}' +
      '.chart{display:block;margin:8px 0}</style>',
    '</head><body>',
    ...body,
    '</body></html>',
    '',
  ].join('\n');
}

export interface WrittenReports {
  json: string;
  md: string;
  html: string;
  doc: TuneDocument;
}

/** Writes tune.json, tune.md and tune.html into `dir` (created when missing). */
export function writeTuneReports(dir: string, results: readonly JobResult[], o: TuneDocumentOptions): WrittenReports {
  fs.mkdirSync(dir, { recursive: true });
  const doc = tuneDocument(results, o);
  const json = path.join(dir, 'tune.json');
  const md = path.join(dir, 'tune.md');
  const html = path.join(dir, 'tune.html');
  fs.writeFileSync(json, `${JSON.stringify(doc, null, 2)}\n`);
  fs.writeFileSync(md, renderMarkdown(doc));
  fs.writeFileSync(html, renderHtml(doc));
  return { json, md, html, doc };
}
