import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CASES_DIR, CaseFileError, caseNames, listCases, loadCase, parseCase, readCaseFile } from '../src/cases/load';
import { caseJsonSchema } from '../src/cases/schema';
import { caseConfig, defaultConfig } from '../src/config';

const SCHEMA_FILE = join(CASES_DIR, 'case.schema.json');

function errorOf(fn: () => unknown): CaseFileError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CaseFileError) return e;
    throw e;
  }
  throw new Error('expected a CaseFileError');
}

const base = (): Record<string, unknown> => JSON.parse(readFileSync(join(CASES_DIR, 'ritc-2020-etf.json'), 'utf8'));

describe('case files', () => {
  test('case.schema.json is the exported schema (UPDATE_CASE_SCHEMA=1 rewrites it)', () => {
    const want = caseJsonSchema();
    if (process.env.UPDATE_CASE_SCHEMA === '1') writeFileSync(SCHEMA_FILE, `${JSON.stringify(want, null, 2)}\n`);
    const have: unknown = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8'));
    expect(have).toEqual(want);
  });

  test('every shipped case validates and has a one-line description', () => {
    const names = caseNames();
    expect(names).toContain('ritc-2020-etf');
    for (const { name, description } of listCases()) {
      expect(description).not.toMatch(/\n/);
      expect(loadCase(name).name).toBe(name);
      expect(caseConfig(loadCase(name)).caseId).toBe(name);
    }
  });

  test('the default config is the 2020 case file', () => {
    const c = defaultConfig();
    expect(c.caseId).toBe('ritc-2020-etf');
    expect(c.securities.map((s) => s.ticker)).toEqual(['CAD', 'USD', 'BULL', 'BEAR', 'RITC']);
    expect(Object.keys(c.fundamentals)).toEqual(['USD', 'BULL', 'BEAR']);
    expect(c.securities.find((s) => s.ticker === 'RITC')?.maxPrice).toBe(250);
  });

  test('a bad file names the file, the path and the problem, one line each, all at once', () => {
    const j = base();
    const secs = j.securities as Record<string, unknown>[];
    const bull = secs[2];
    if (bull === undefined) throw new Error('fixture');
    bull.startPrice = -3;
    bull.quotedDecimals = 7;
    delete j.tenders;
    j.clock = { periods: 1, ticksPerPeriod: 'x', tickMs: 1000 };
    const e = errorOf(() => parseCase(j, 'my-case.json'));
    const lines = e.message.split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(4);
    for (const l of lines) expect(l).toMatch(/^my-case\.json: /);
    expect(e.message).toMatch(/my-case\.json: securities\[2\]\.startPrice: .*>0/);
    expect(e.message).toMatch(/securities\[2\]\.quotedDecimals: /);
    expect(e.message).toMatch(/my-case\.json: tenders: /);
    expect(e.message).toMatch(/clock\.ticksPerPeriod: .*number/);
  });

  test('cross-references: unknown tickers, a missing ETF section, unknown groups', () => {
    const j = base();
    const limits = j.limits as { groups: { weights: Record<string, number> }[] };
    const g = limits.groups[0];
    if (g === undefined) throw new Error('fixture');
    g.weights.NOPE = 1;
    delete j.etf;
    j.scoring = { rule: 'pnl', minuteEndPenalty: { ticksPerMinute: 60, perShareOverLimit: 1, group: 'X' } };
    (j.agents as { noise: Record<string, unknown> }).noise.CAD = { ordersPerTick: 1, sizeMin: 1, sizeMax: 2 };
    const e = errorOf(() => parseCase(j, 'x.json'));
    expect(e.message).toMatch(/x\.json: limits\.groups\[0\]\.weights\.NOPE: unknown ticker NOPE/);
    expect(e.message).toMatch(/x\.json: etf: .*needs the etf section/);
    expect(e.message).toMatch(/scoring\.minuteEndPenalty\.group: unknown limit group X/);
    expect(e.message).toMatch(/agents\.noise\.CAD: CAD is not tradeable/);
  });

  test('parts of the format not simulated yet are refused, not ignored', () => {
    const j = base();
    (j.processes as Record<string, unknown>).RITC = {
      kind: 'deal',
      dealPrice: 30,
      standalonePrice: 20,
      startProbability: 0.5,
      probabilityVolPerTick: 0.01,
    };
    const e = errorOf(() => parseCase(j, 'n.json'));
    expect(e.message).toMatch(
      /n\.json: processes\.RITC\.kind: 'deal' is described by the case format but not simulated yet/,
    );
  });

  test('unknown fields, bad enums and unreadable files are reported', () => {
    const j = base();
    j.extra = 1;
    (j.closeOut as Record<string, unknown>).etf = 'whatever';
    const e = errorOf(() => parseCase(j, 'y.json'));
    expect(e.message).toMatch(/y\.json: \(top level\): .*extra/);
    expect(e.message).toMatch(/y\.json: closeOut\.etf: /);
    expect(errorOf(() => readCaseFile('/nonexistent/z.json')).message).toMatch(/z\.json: \(top level\): cannot read/);
    expect(errorOf(() => loadCase('no-such-case')).message).toMatch(/no such case .*ritc-2020-etf/);
  });
});
