/** evaluate.json and evaluate.md: per-seed tables, mean / sd / t over seeds, comparisons. */
import * as os from 'node:os';
import type { SimClock } from '@ritc/runner';
import { pairedRecord, rankBySeed, type PairedRecord, type RankSummary } from './ranking';
import { describe, pairedDifferences, type Describe } from './stats';
import { METRIC_COLUMNS, type CaseMetrics } from './metrics';
import { fmtNum, markdownTable } from './table';

export interface BotResults {
  bot: string;
  cases: CaseMetrics[];
  /** Cases that could not be run (the bot or the harness failed), with the reason. */
  failures: { seed: number; error: string }[];
}

export interface Comparison {
  bot: string;
  baseline: string;
  metric: 'pnl';
  /** Paired differences bot − baseline over the seeds both completed. */
  diff: Describe;
}

export interface EvaluateReport {
  version: 1;
  startedAt: string;
  endedAt: string;
  settings: {
    seeds: number[];
    /** The case (absent in reports of builds that always ran the default case). */
    case?: string;
    tickMs: number;
    ticks: number;
    /** The simulator's clock (absent: wall) and, on the virtual clock, its shortest tick (null: default). */
    clock?: SimClock;
    minTickMs?: number | null;
    strategies: string[];
    bots: string[];
    pollDelayMs: number | null;
    /** The bots traded each seed together, as traders of one simulator (absent: each alone). */
    heat?: boolean;
  };
  machine: { cpus: number; cpuModel: string; memoryGb: number; node: string; platform: string };
  bots: Record<string, { cases: CaseMetrics[]; failures: BotResults['failures']; stats: Record<string, Describe> }>;
  comparisons: Comparison[];
  /** RITC's criterion: each seed's P&L ranked across the bots, ranks averaged (lower is better). */
  ranks: RankSummary;
  /** Each bot that is not a baseline against each baseline, paired by seed. */
  records: PairedRecord[];
  /** A heat evaluation: the simulator's ranking of the traders by nlv per seed. */
  heats?: { seed: number; ranking: { rank: number; trader_id: string; nlv: number }[] }[];
}

export function machineInfo(): EvaluateReport['machine'] {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
  };
}

export function statsOf(cases: CaseMetrics[]): Record<string, Describe> {
  const out: Record<string, Describe> = {};
  for (const c of METRIC_COLUMNS) out[c.key] = describe(cases.map((m) => m[c.key] as number));
  return out;
}

/** Each bot compared with each baseline on P&L, paired by seed. */
export function comparisons(results: BotResults[], baselines: readonly string[]): Comparison[] {
  const out: Comparison[] = [];
  for (const r of results) {
    if (baselines.includes(r.bot)) continue;
    for (const b of results.filter((x) => baselines.includes(x.bot))) {
      const seeds = r.cases.map((c) => c.seed).filter((s) => b.cases.some((c) => c.seed === s));
      const a = seeds.map((s) => r.cases.find((c) => c.seed === s)!.pnl);
      const bb = seeds.map((s) => b.cases.find((c) => c.seed === s)!.pnl);
      out.push({ bot: r.bot, baseline: b.bot, metric: 'pnl', diff: describe(pairedDifferences(a, bb)) });
    }
  }
  // Baselines against each other too (naive vs do-nothing says whether naive is worth anything).
  for (let i = 0; i < results.length; i++) {
    for (let j = i + 1; j < results.length; j++) {
      const [x, y] = [results[i]!, results[j]!];
      if (!baselines.includes(x.bot) || !baselines.includes(y.bot)) continue;
      const seeds = x.cases.map((c) => c.seed).filter((s) => y.cases.some((c) => c.seed === s));
      const a = seeds.map((s) => x.cases.find((c) => c.seed === s)!.pnl);
      const b = seeds.map((s) => y.cases.find((c) => c.seed === s)!.pnl);
      out.push({ bot: x.bot, baseline: y.bot, metric: 'pnl', diff: describe(pairedDifferences(a, b)) });
    }
  }
  return out;
}

function pnlBySeed(r: BotResults): Map<number, number> {
  return new Map(r.cases.map((c) => [c.seed, c.pnl]));
}

/** Every non-baseline bot's paired record against each baseline. */
export function pairedRecords(results: BotResults[], baselines: readonly string[]): PairedRecord[] {
  const out: PairedRecord[] = [];
  for (const r of results) {
    if (baselines.includes(r.bot)) continue;
    for (const b of results) {
      if (baselines.includes(b.bot)) out.push(pairedRecord(r.bot, pnlBySeed(r), b.bot, pnlBySeed(b)));
    }
  }
  return out;
}

export function buildReport(o: {
  results: BotResults[];
  baselines: readonly string[];
  settings: EvaluateReport['settings'];
  startedAt: Date;
  endedAt: Date;
  heats?: EvaluateReport['heats'];
}): EvaluateReport {
  const bots: EvaluateReport['bots'] = {};
  for (const r of o.results) bots[r.bot] = { cases: r.cases, failures: r.failures, stats: statsOf(r.cases) };
  return {
    version: 1,
    startedAt: o.startedAt.toISOString(),
    endedAt: o.endedAt.toISOString(),
    settings: o.settings,
    machine: machineInfo(),
    bots,
    comparisons: comparisons(o.results, o.baselines),
    ranks: rankBySeed(Object.fromEntries(o.results.map((r) => [r.bot, pnlBySeed(r)]))),
    records: pairedRecords(o.results, o.baselines),
    ...(o.heats !== undefined ? { heats: o.heats } : {}),
  };
}

/** One bot's table: a row per seed, then mean, sd and t over seeds. */
export function botTable(name: string, b: EvaluateReport['bots'][string]): string {
  const head = ['seed', ...METRIC_COLUMNS.map((c) => c.label)];
  const rows = b.cases.map((m) => [
    String(m.seed),
    ...METRIC_COLUMNS.map((c) =>
      fmtNum(m[c.key] as number, c.key === 'tendersAccepted' || c.key === 'tendersOffered' ? 0 : c.digits),
    ),
  ]);
  for (const f of b.failures)
    rows.push([String(f.seed), `failed: ${f.error.slice(0, 60)}`, ...METRIC_COLUMNS.slice(1).map(() => '')]);
  const stat = (label: string, pick: (d: Describe) => number | null, digits: (d: number) => number) => [
    label,
    ...METRIC_COLUMNS.map((c) => fmtNum(pick(b.stats[c.key]!), digits(c.digits))),
  ];
  rows.push(
    stat(
      'mean',
      (d) => d.mean,
      (x) => x,
    ),
  );
  rows.push(
    stat(
      'sd',
      (d) => d.sd,
      (x) => x,
    ),
  );
  rows.push(
    stat(
      't',
      (d) => d.t,
      () => 2,
    ),
  );
  return `### ${name} (${b.cases.length} seeds${b.failures.length ? `, ${b.failures.length} failed` : ''})\n\n${markdownTable(head, rows)}`;
}

export function comparisonTable(cs: Comparison[]): string {
  const head = ['bot − baseline (P&L, CAD)', 'seeds', 'mean diff', 'sd', 't'];
  const rows = cs.map((c) => [
    `${c.bot} − ${c.baseline}`,
    String(c.diff.n),
    fmtNum(c.diff.mean),
    fmtNum(c.diff.sd),
    fmtNum(c.diff.t, 2),
  ]);
  return markdownTable(head, rows);
}

/** A row per seed with each bot's rank, then the average rank (RITC's criterion). */
export function rankTable(r: RankSummary, bots: readonly string[]): string {
  const head = ['seed', ...bots.map((b) => `${b} rank`)];
  const rows = r.perSeed.map((s) => [String(s.seed), ...bots.map((b) => fmtNum(s.ranks[b] ?? null, 1))]);
  rows.push(['average', ...bots.map((b) => fmtNum(r.averageRank[b] ?? null, 2))]);
  return markdownTable(head, rows);
}

function fmtInterval(i: [number, number] | null): string {
  return i === null ? '—' : `[${fmtNum(i[0])}, ${fmtNum(i[1])}]`;
}

/** Win rate, ratio of means and 95% intervals of the mean paired difference. */
export function recordTable(records: readonly PairedRecord[]): string {
  const head = [
    'bot vs baseline',
    'seeds',
    'wins',
    'win rate',
    'mean ratio',
    'mean diff',
    't',
    '95% t interval',
    '95% bootstrap',
  ];
  const rows = records.map((c) => [
    `${c.bot} vs ${c.baseline}`,
    String(c.seeds),
    fmtNum(c.wins, 1),
    c.winRate === null ? '—' : `${Math.round(c.winRate * 100)}%`,
    c.meanRatio === null ? '— (baseline mean ≤ 0)' : `${fmtNum(c.meanRatio, 2)}×`,
    fmtNum(c.diff.mean),
    fmtNum(c.diff.t, 2),
    fmtInterval(c.tInterval),
    fmtInterval(c.bootstrapInterval),
  ]);
  return markdownTable(head, rows);
}

export function renderMarkdown(r: EvaluateReport): string {
  const s = r.settings;
  const m = r.machine;
  const parts = [
    `## evaluate: ${s.seeds.length} seeds × ${s.ticks} ticks of ${s.tickMs} ms` +
      (s.clock === 'virtual' ? ' at most (virtual clock)' : '') +
      (s.case !== undefined ? ` · case ${s.case}` : ''),
    '',
    `Seeds ${compactSeeds(s.seeds)}; strategies ${s.strategies.join(',')}; bots ${s.bots.join(', ')}. ` +
      `Machine: ${m.cpus} × ${m.cpuModel}, ${m.memoryGb} GB, Node ${m.node}, ${m.platform}.`,
    ...(s.heat === true
      ? ['Heats: on each seed the trading bots were traders of one simulator, in the same market at once.']
      : []),
    "Money in CAD. P&L = the exchange's nlv at the end; by source as the bot attributes it. " +
      't = mean / (sd / √n) over seeds.',
    '',
  ];
  for (const [name, b] of Object.entries(r.bots)) parts.push(botTable(name, b), '');
  if (r.comparisons.length > 0) parts.push('### comparisons (paired by seed)', '', comparisonTable(r.comparisons), '');
  const bots = Object.keys(r.bots);
  if (bots.length > 1) {
    parts.push('### ranks per seed (1 = best P&L; RITC averages them)', '', rankTable(r.ranks, bots), '');
  }
  if (r.records.length > 0) parts.push('### paired record against each baseline', '', recordTable(r.records), '');
  return parts.join('\n');
}

/** 1,2,3,5 → "1-3,5". */
export function compactSeeds(seeds: readonly number[]): string {
  const out: string[] = [];
  for (let i = 0; i < seeds.length;) {
    let j = i;
    while (j + 1 < seeds.length && seeds[j + 1] === seeds[j]! + 1) j++;
    out.push(j > i ? `${seeds[i]}-${seeds[j]}` : String(seeds[i]));
    i = j + 1;
  }
  return out.join(',');
}
