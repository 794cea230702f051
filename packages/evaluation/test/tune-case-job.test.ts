// The case job's mapping of dotted parameters onto the engine's settings, and its case keys.
import { DEFAULT_MM_PARAMS } from '@ritc/strategies';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { caseKey, caseSource, parseCaseKey } from '../src/evaluate/case-source';
import { caseMetricsOf, caseSettings, evaluateJobs, jobMetricsOf, validParamKeys } from '../src/tune/index';

test('strategy parameters go to their strategy, run settings to the run', () => {
  expect(
    caseSettings('engine', {
      'mm.quoteSize': 3000,
      'arb.minProfitPerUnit': 0.1,
      'tender.minEdgePerShare': 0.02,
      'engine.strategies': 'arb,tender',
      'engine.riskAversion': 0.01,
      'engine.pollDelayMs': 7,
    }),
  ).toEqual({
    strategies: ['arb', 'tender'],
    riskAversion: 0.01,
    pollDelayMs: 7,
    params: { mm: { quoteSize: 3000 }, arb: { minProfitPerUnit: 0.1 }, tender: { minEdgePerShare: 0.02 } },
  });
  expect(caseSettings('engine', {})).toEqual({});
  expect(caseSettings('naive', { 'engine.pollDelayMs': 20 })).toEqual({ pollDelayMs: 20 });
});

test('every key of the strategies defaults is valid for the engine, none for the reference bot', () => {
  const keys = validParamKeys('engine');
  for (const k of Object.keys(DEFAULT_MM_PARAMS)) expect(keys).toContain(`mm.${k}`);
  expect(keys).toContain('arb.minProfitPerUnit');
  expect(validParamKeys('reference')).toEqual([]);
  expect(() => caseSettings('reference', { 'mm.quoteSize': 1 })).toThrow(
    /reference bot has no parameter mm\.quoteSize \(it takes none\)/,
  );
  expect(() => caseSettings('engine', { 'arb.minProfitPerUnit': -1 })).toThrow(/minProfitPerUnit must be ≥ 0/);
  expect(() => caseSettings('engine', { 'engine.strategies': 'mm,foo' })).toThrow(/engine\.strategies/);
  expect(() => caseSettings('robot', {})).toThrow(/unknown bot "robot"/);
});

test('case keys carry the case, its ticks, tick length and clock', () => {
  expect(caseKey({ name: 'ritc-2020', ticks: 300, tickMs: 50 })).toBe('ritc-2020@300x50ms');
  expect(caseKey({ name: 'ritc-2020', ticks: 300, tickMs: 50, clock: 'wall', minTickMs: null })).toBe(
    'ritc-2020@300x50ms',
  );
  expect(parseCaseKey('cases/a@b.json@60x10ms')).toEqual({
    name: 'cases/a@b.json',
    ticks: 60,
    tickMs: 10,
    clock: 'wall',
    minTickMs: null,
  });
  const virtual = { name: 'ritc-2026-mm@2', ticks: 300, tickMs: 200, clock: 'virtual' as const, minTickMs: null };
  expect(caseKey(virtual)).toBe('ritc-2026-mm@2@300x200ms+virtual');
  expect(parseCaseKey(caseKey(virtual))).toEqual(virtual);
  const withMin = { ...virtual, minTickMs: 5 };
  expect(caseKey(withMin)).toBe('ritc-2026-mm@2@300x200ms+virtual,min5ms');
  expect(parseCaseKey(caseKey(withMin))).toEqual(withMin);
  expect(() => parseCaseKey('ritc-2020')).toThrow(/expected NAME@TICKSxMSms/);
  expect(() => parseCaseKey('ritc-2020@300x50ms+virtua')).toThrow(/expected NAME@TICKSxMSms/);
});

test('a case name is the default case, a shipped case, a case file or a scenario file', () => {
  expect(caseSource('ritc-2020')).toEqual({});
  expect(caseSource('ritc-2026-mm')).toEqual({ case: 'ritc-2026-mm' });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'case-source-'));
  try {
    fs.writeFileSync(path.join(dir, 'scenario.json'), JSON.stringify({ tenders: { enabled: false } }));
    expect(caseSource('scenario.json', dir)).toEqual({ scenario: { tenders: { enabled: false } } });
    fs.writeFileSync(path.join(dir, 'broken-case.json'), JSON.stringify({ securities: [] }));
    expect(() => caseSource('broken-case.json', dir)).toThrow(/--case broken-case\.json/);
    expect(() => caseSource('no-such-case', dir)).toThrow(/not a shipped case/);
    fs.writeFileSync(path.join(dir, 'list.json'), '[1]');
    expect(() => caseSource('list.json', dir)).toThrow(/must hold a JSON object/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('metrics round-trip between a job and the evaluate report', () => {
  const m = {
    seed: 3,
    bot: 'engine',
    pnl: 12.5,
    pnlMarketMaking: 1,
    pnlArbitrage: 2,
    pnlTender: 9.5,
    pnlOther: 0,
    fees: 0.5,
    rebates: 0.25,
    fines: 0,
    limitBreachTicks: 0,
    limitRefusals: 1,
    riskEvents: 0,
    tendersOffered: 2,
    tendersAccepted: 1,
    orders: 40,
    rateLimited: 0,
    openOrdersAtExit: 0,
    wallMs: 1234,
  };
  const job = jobMetricsOf(m);
  expect(job).not.toHaveProperty('seed');
  expect(caseMetricsOf('engine', 3, job)).toEqual(m);
  expect(() => caseMetricsOf('engine', 3, { pnl: 1 })).toThrow(/has no pnlMarketMaking/);
});

test("evaluate's cases as jobs: seeds outer, bots inner, settings as parameters", () => {
  const jobs = evaluateJobs(
    {
      seeds: [1, 2],
      tickMs: 50,
      ticks: 300,
      strategies: ['arb'],
      bots: ['engine', 'naive', 'nothing'],
      pollDelayMs: 9,
    },
    'b1',
  );
  expect(jobs.map((j) => `${j.seed}:${j.bot}`)).toEqual([
    '1:engine',
    '1:naive',
    '1:nothing',
    '2:engine',
    '2:naive',
    '2:nothing',
  ]);
  expect(jobs[0]?.params).toEqual({ 'engine.strategies': 'arb', 'engine.pollDelayMs': 9 });
  expect(jobs[1]?.params).toEqual({ 'engine.pollDelayMs': 9 });
  expect(jobs[2]?.params).toEqual({});
  expect(jobs.every((j) => j.case === 'ritc-2020@300x50ms' && j.build === 'b1')).toBe(true);
  const defaults = evaluateJobs(
    {
      seeds: [1],
      tickMs: 50,
      ticks: 300,
      strategies: ['mm', 'arb', 'tender', 'stat'],
      bots: ['engine'],
      pollDelayMs: null,
    },
    'b1',
  );
  expect(defaults[0]?.params).toEqual({});
  const virtual = evaluateJobs(
    {
      seeds: [4],
      case: 'ritc-2026-mm',
      tickMs: 200,
      ticks: 60,
      clock: 'virtual',
      minTickMs: null,
      strategies: ['mm', 'arb', 'tender', 'stat'],
      bots: ['engine', 'reference'],
      pollDelayMs: null,
    },
    'b1',
  );
  expect(virtual.map((j) => j.case)).toEqual(['ritc-2026-mm@60x200ms+virtual', 'ritc-2026-mm@60x200ms+virtual']);
});
