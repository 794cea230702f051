/**
 * Loading case files: JSON text -> validated CaseFile (schema plus cross-references) -> SimConfig.
 * Every problem is reported as one line naming the file, the JSON path and the problem; all the
 * problems of a file are reported at once.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { z } from 'zod';
import { CaseFileSchema, type CaseFile } from './schema';

/** Directory of the shipped case files (packages/sim/cases, beside src/ and dist/). */
export const CASES_DIR = resolve(__dirname, '..', '..', 'cases');
export const DEFAULT_CASE = 'ritc-2020-etf';

export interface CaseIssue {
  path: string;
  message: string;
}

export class CaseFileError extends Error {
  constructor(
    readonly file: string,
    readonly issues: CaseIssue[],
  ) {
    super(issues.map((i) => `${file}: ${i.path === '' ? '(top level)' : i.path}: ${i.message}`).join('\n'));
    this.name = 'CaseFileError';
  }
}

/** `a.b[2].c` from a zod path. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else {
      const s = String(p);
      out += /^[A-Za-z_$][\w$]*$/.test(s) ? (out === '' ? s : `.${s}`) : `[${JSON.stringify(s)}]`;
    }
  }
  return out;
}

function zodIssues(err: z.ZodError): CaseIssue[] {
  return err.issues.map((i) => ({ path: formatPath(i.path), message: i.message }));
}

/** Cross-reference checks the schema alone cannot express (tickers that must exist, ranges, the base currency). */
export function crossCheck(c: CaseFile): CaseIssue[] {
  const out: CaseIssue[] = [];
  const bad = (path: string, message: string): void => void out.push({ path, message });
  const byTicker = new Map<string, number>();
  c.securities.forEach((s, i) => {
    if (byTicker.has(s.ticker)) bad(`securities[${i}].ticker`, `duplicate ticker ${s.ticker}`);
    byTicker.set(s.ticker, i);
  });
  const sec = (t: string): CaseFile['securities'][number] | undefined => {
    const i = byTicker.get(t);
    return i === undefined ? undefined : c.securities[i];
  };
  const known = [...byTicker.keys()].join(', ');
  const needTicker = (path: string, t: string, what = 'ticker'): void => {
    if (!byTicker.has(t)) bad(path, `unknown ${what} ${t} (securities: ${known})`);
  };
  const base = sec('CAD');
  if (base === undefined || base.type !== 'CURRENCY' || base.currency !== 'CAD')
    bad('securities', 'the base currency CAD (type CURRENCY, currency CAD) is required');
  c.securities.forEach((s, i) => {
    const p = `securities[${i}]`;
    const cur = sec(s.currency);
    if (cur === undefined) needTicker(`${p}.currency`, s.currency, 'currency');
    else if (cur.type !== 'CURRENCY') bad(`${p}.currency`, `${s.currency} is not a CURRENCY`);
    if (s.minPrice > s.maxPrice) bad(`${p}.minPrice`, `minPrice ${s.minPrice} is above maxPrice ${s.maxPrice}`);
    if (s.startPrice < s.minPrice || s.startPrice > s.maxPrice)
      bad(`${p}.startPrice`, `startPrice ${s.startPrice} is outside [minPrice, maxPrice]`);
    if (s.minTradeSize > s.maxTradeSize) bad(`${p}.minTradeSize`, 'minTradeSize is above maxTradeSize');
    for (const [j, u] of (s.underlying ?? []).entries()) needTicker(`${p}.underlying[${j}]`, u);
    for (const t of Object.keys(s.composition ?? {})) needTicker(`${p}.composition.${t}`, t);
    if (s.venueOf !== undefined) {
      const v = sec(s.venueOf);
      if (v === undefined) needTicker(`${p}.venueOf`, s.venueOf);
      else if (v.venueOf !== undefined) bad(`${p}.venueOf`, `${s.venueOf} is itself a venue of ${v.venueOf}`);
      else if (v.currency !== s.currency) bad(`${p}.venueOf`, `${s.venueOf} is quoted in another currency`);
    }
  });
  c.limits.groups.forEach((g, i) => {
    for (const t of Object.keys(g.weights)) {
      needTicker(`limits.groups[${i}].weights.${t}`, t);
      const primary = sec(t)?.venueOf;
      if (primary !== undefined)
        bad(
          `limits.groups[${i}].weights.${t}`,
          `${t} is a venue of ${primary}: its position and weight are ${primary}'s`,
        );
    }
  });
  const groupNames = new Set(c.limits.groups.map((g) => g.name));
  if (c.limits.cashGroup) groupNames.add('LIMIT-CASH');
  c.limits.changes.forEach((ch, i) => {
    if (!groupNames.has(ch.group))
      bad(`limits.changes[${i}].group`, `unknown limit group ${ch.group} (groups: ${[...groupNames].join(', ')})`);
    if (ch.atTick >= c.clock.ticksPerPeriod) bad(`limits.changes[${i}].atTick`, 'is after the end of the case');
  });
  const drivenBy = new Map<string, string>();
  for (const [t, p] of Object.entries(c.processes)) {
    const path = `processes.${t}`;
    const s = sec(t);
    if (s === undefined) {
      needTicker(path, t);
      continue;
    }
    if (p.kind === 'randomWalk') {
      if (p.jumpMin > p.jumpMax) bad(`${path}.jumpMin`, 'jumpMin is above jumpMax');
      if (p.leadMinTicks > p.leadMaxTicks) bad(`${path}.leadMinTicks`, 'leadMinTicks is above leadMaxTicks');
    } else if (p.kind === 'basket') {
      if (s.composition === undefined) bad(path, `a basket process needs securities ${t}.composition`);
    } else if (p.kind === 'index') {
      if (s.isTradeable) bad(`securities[${byTicker.get(t) ?? 0}].isTradeable`, `the index ${t} is not tradeable`);
      for (const b of Object.keys(p.betas)) {
        needTicker(`${path}.betas.${b}`, b);
        if (c.processes[b] !== undefined)
          bad(`${path}.betas.${b}`, `${b} is driven by the index ${t}; remove processes.${b}`);
        else if ((drivenBy.get(b) ?? t) !== t) bad(`${path}.betas.${b}`, `${b} is driven by two indices`);
        drivenBy.set(b, t);
      }
    } else if (p.kind === 'option') {
      needTicker(`${path}.underlying`, p.underlying);
      if (c.processes[p.underlying]?.kind !== 'randomWalk')
        bad(
          `${path}.underlying`,
          `the underlying ${p.underlying} needs a randomWalk process (its volatility prices the option)`,
        );
      if (s.type !== 'OPTION') bad(path, `an option process needs securities ${t}.type OPTION`);
      if (p.expiryTick < c.clock.ticksPerPeriod)
        bad(`${path}.expiryTick`, 'an option expires at or after the end of the case');
    }
  }
  const agentTicker = (path: string, t: string): void => {
    const s = sec(t);
    if (s === undefined) needTicker(path, t);
    else if (!s.isTradeable) bad(path, `${t} is not tradeable (it has no order book)`);
    else if (c.processes[t] === undefined && c.processes[s.venueOf ?? ''] === undefined && !drivenBy.has(t))
      bad(path, `${t} has no price process (add processes.${t})`);
  };
  c.agents.dealers.forEach((d, i) => agentTicker(`agents.dealers[${i}].ticker`, d.ticker));
  for (const [t, lp] of Object.entries(c.agents.lp)) {
    agentTicker(`agents.lp.${t}`, t);
    if (lp.sizeMin > lp.sizeMax) bad(`agents.lp.${t}.sizeMin`, 'sizeMin is above sizeMax');
  }
  for (const [t, n] of Object.entries(c.agents.noise)) {
    agentTicker(`agents.noise.${t}`, t);
    if (n.sizeMin > n.sizeMax) bad(`agents.noise.${t}.sizeMin`, 'sizeMin is above sizeMax');
  }
  const etfs = c.securities.filter((s) => s.composition !== undefined);
  if (etfs.length > 0 && c.etf === undefined) bad('etf', 'a case with an ETF (a composition) needs the etf section');
  if (c.agents.arb !== null && etfs.length === 0)
    bad('agents.arb', 'an ETF arbitrageur needs a security with a composition');
  const t = c.tenders;
  if (t.countMin > t.countMax) bad('tenders.countMin', 'countMin is above countMax');
  if (t.sizeMin > t.sizeMax) bad('tenders.sizeMin', 'sizeMin is above sizeMax');
  if (t.offsetMin > t.offsetMax) bad('tenders.offsetMin', 'offsetMin is above offsetMax');
  t.tickers.forEach((x, i) => agentTicker(`tenders.tickers[${i}]`, x));
  if (t.enabled && t.tickers.length === 0 && !c.securities.some((s) => s.isTradeable && s.type !== 'CURRENCY'))
    bad('tenders.tickers', 'no tradeable security to tender');
  if (c.converters.enabled && etfs.length === 0 && c.converters.apiEnabled)
    bad('converters', 'converters need an ETF (a security with a composition)');
  c.news.forEach((n, i) => {
    if (n.atTick >= c.clock.ticksPerPeriod) bad(`news[${i}].atTick`, 'is after the end of the case');
  });
  // Parts of the format the market model does not simulate yet: refused rather than silently ignored.
  const notYet = 'is described by the case format but not simulated yet';
  for (const [t, p] of Object.entries(c.processes))
    if (p.kind === 'deal') bad(`processes.${t}.kind`, `'${p.kind}' ${notYet}`);
  if (t.rivalImproveMin > t.rivalImproveMax) bad('tenders.rivalImproveMin', 'rivalImproveMin is above rivalImproveMax');
  c.heats.forEach((h, i) => {
    for (const [from, to] of Object.entries(h.tickers)) {
      needTicker(`heats[${i}].tickers.${from}`, from);
      if (sec(from)?.type === 'CURRENCY') bad(`heats[${i}].tickers.${from}`, 'a currency keeps its ticker');
      if (byTicker.has(to) && h.tickers[to] === undefined)
        bad(`heats[${i}].tickers.${from}`, `${to} is already a ticker of the case`);
    }
  });
  const mep = c.scoring.minuteEndPenalty;
  if (mep !== undefined && !groupNames.has(mep.group))
    bad('scoring.minuteEndPenalty.group', `unknown limit group ${mep.group}`);
  const dl = c.scoring.deltaLimit;
  if (dl !== undefined) {
    needTicker('scoring.deltaLimit.underlying', dl.underlying);
    if (c.scoring.rule !== 'penalizedPnl') bad('scoring.rule', "a deltaLimit needs rule 'penalizedPnl'");
  }
  if (mep !== undefined && c.scoring.rule !== 'penalizedPnl')
    bad('scoring.rule', "a minuteEndPenalty needs rule 'penalizedPnl'");
  return out;
}

/** Validates parsed JSON as a case file; throws CaseFileError listing every problem. */
export function parseCase(json: unknown, file: string): CaseFile {
  const r = CaseFileSchema.safeParse(json);
  if (!r.success) throw new CaseFileError(file, zodIssues(r.error));
  const issues = crossCheck(r.data);
  if (issues.length > 0) throw new CaseFileError(file, issues);
  return r.data;
}

/** Reads and validates one case file. */
export function readCaseFile(file: string): CaseFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new CaseFileError(file, [
      { path: '', message: `cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` },
    ]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new CaseFileError(file, [{ path: '', message: `not valid JSON: ${(e as Error).message}` }]);
  }
  return parseCase(json, file);
}

/** Names of the shipped cases (files in CASES_DIR), sorted. */
export function caseNames(): string[] {
  return readdirSync(CASES_DIR)
    .filter((f) => f.endsWith('.json') && f !== 'case.schema.json')
    .map((f) => basename(f, '.json'))
    .sort();
}

/** A shipped case by name, or a file path (anything with a / or ending in .json). */
export function resolveCasePath(nameOrFile: string): string {
  if (nameOrFile.includes('/') || nameOrFile.includes('\\') || nameOrFile.endsWith('.json')) return nameOrFile;
  if (!caseNames().includes(nameOrFile))
    throw new CaseFileError(nameOrFile, [
      { path: '', message: `no such case (shipped cases: ${caseNames().join(', ')}; or give a file path)` },
    ]);
  return join(CASES_DIR, `${nameOrFile}.json`);
}

const cache = new Map<string, CaseFile>();

/**
 * Loads a case by name or path (shipped cases are parsed once and cloned per use). `NAME@N` (or
 * `FILE@N`) is heat N of a case with heats: every listed ticker renamed, in keys, values and texts.
 */
export function loadCase(nameOrFile: string): CaseFile {
  const h = /^(.+)@(\d+)$/.exec(nameOrFile);
  const file = resolveCasePath(h?.[1] ?? nameOrFile);
  let c = cache.get(file);
  if (c === undefined) {
    c = readCaseFile(file);
    if (file.startsWith(CASES_DIR)) cache.set(file, c);
  }
  if (h === null) return structuredClone(c);
  const n = Number(h[2]);
  const heat = c.heats[n - 1];
  if (heat === undefined)
    throw new CaseFileError(file, [
      {
        path: 'heats',
        message: `no heat ${n} (the case has ${c.heats.length} heat${c.heats.length === 1 ? '' : 's'})`,
      },
    ]);
  return renameTickers(c, heat.tickers, `${file}@${n}`, n);
}

/** The case with tickers renamed wherever they appear as a whole word, validated again. */
function renameTickers(c: CaseFile, map: Record<string, string>, label: string, n: number): CaseFile {
  let text = JSON.stringify({ ...c, heats: [] });
  for (const [from, to] of Object.entries(map)) {
    const esc = from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    text = text.replace(new RegExp(`(?<![A-Za-z0-9_.-])${esc}(?![A-Za-z0-9_])`, 'g'), to);
  }
  const out = parseCase(JSON.parse(text), label);
  out.title = `${out.title} (heat ${n})`;
  return out;
}

/** One line per shipped case: name and description. */
export function listCases(): { name: string; description: string }[] {
  return caseNames().map((name) => ({ name, description: loadCase(name).description }));
}
