import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Case, Limit, News, Security } from '@ritc/rit-client';
import {
  assignStrategies,
  basketWeights,
  buildCaseDescription,
  describeAssignment,
  announcedBetas,
  parseCaseNews,
  referenceIndex,
  resolveSpecs,
} from '../src/case';
import type { CaseAnswers } from '../src/case';

/** Answers a simulator gave to GET /case, /securities, /limits and /news for a shipped case. */
function answers(name: string): CaseAnswers & { securities: Security[] } {
  const file = path.join(__dirname, 'fixtures', 'cases', `${name}.json`);
  return JSON.parse(fs.readFileSync(file, 'utf8')) as {
    case: Case;
    securities: Security[];
    limits: Limit[];
    news: News[];
  };
}

const ALL = ['marketMaking', 'arbitrage', 'tender'] as const;

describe('buildCaseDescription', () => {
  it('2020 ETF case: RITC in USD over BULL + BEAR in CAD, USD converts, RITC counts twice', () => {
    const d = buildCaseDescription(answers('ritc-2020-etf'));
    expect(d.reportingCurrency).toBe('CAD');
    expect(d.tickers).toEqual(['CAD', 'USD', 'BULL', 'BEAR', 'RITC']);
    expect(d.etfs).toEqual(['RITC']);
    expect(d.fx).toEqual({ USD: 'USD' });
    const ritc = d.securities.RITC!;
    expect(ritc).toMatchObject({
      type: 'STOCK',
      isEtf: true,
      currency: 'USD',
      fxTicker: 'USD',
      composition: { BULL: 1, BEAR: 1 },
      tradingFee: 0.02,
      limitOrderRebate: 0.01,
      maxTradeSize: 10_000,
      quotedDecimals: 2,
    });
    expect(d.securities.BULL).toMatchObject({ isEtf: false, fxTicker: null, composition: null });
    expect(d.securities.USD).toMatchObject({ isCurrency: true, quotedDecimals: 4, maxTradeSize: 2_500_000 });
    expect(d.securities.CAD!.isTradeable).toBe(false);
    expect(d.limits).toEqual([
      {
        name: 'LIMIT-STOCK',
        grossLimit: 300_000,
        netLimit: 200_000,
        grossFine: 1,
        netFine: 1,
        members: { BULL: 1, BEAR: 1, RITC: 2 },
      },
    ]);
    expect(d.periods).toBe(1);
    expect(d.ticksPerPeriod).toBe(300);
    expect(d.enforcesLimits).toBe(true);
    expect(d.news.text[0]).toMatch(/Welcome/);
  });

  it('2024 ETF case: one ETF listed in CAD and in USD, new tickers', () => {
    const d = buildCaseDescription(answers('ritc-2024-etf'));
    expect(d.etfs).toEqual(['RITC', 'RITU']);
    expect(d.securities.RITC).toMatchObject({ currency: 'CAD', fxTicker: null, composition: { HAWK: 1, DOVE: 1 } });
    expect(d.securities.RITU).toMatchObject({ currency: 'USD', fxTicker: 'USD', composition: { HAWK: 1, DOVE: 1 } });
    expect(d.limits[0]!.members).toEqual({ HAWK: 1, DOVE: 1, RITC: 2, RITU: 2 });
  });

  it('an option lists an underlying but is no ETF; a delta limit and its penalty are read from news', () => {
    const d = buildCaseDescription(answers('volatility'));
    expect(d.etfs).toEqual([]);
    expect(d.securities.RTM50C).toMatchObject({ type: 'OPTION', isEtf: false, composition: null, tradingFee: 1 });
    expect(d.news.limits).toEqual([{ kind: 'delta', ticker: '', limit: 5000, newsId: 3 }]);
    expect(d.news.penalties).toEqual([{ perUnit: 0.01, currency: 'CAD', ticker: '', newsId: 3 }]);
    expect(d.news.text).toHaveLength(3);
  });

  it('is pure: the same answers give the same description', () => {
    const a = answers('ritc-2024-etf');
    expect(buildCaseDescription(a)).toEqual(buildCaseDescription(answers('ritc-2024-etf')));
  });
});

describe('basketWeights and parseCaseNews', () => {
  it('reads a number before each underlying, else 1', () => {
    expect(basketWeights(['AAA', 'BBB'], 'XETF: 2 AAA + 0.5 x BBB')).toEqual({ AAA: 2, BBB: 0.5 });
    expect(basketWeights(['AAA', 'BBB'], 'an ETF of AAA and BBB')).toEqual({ AAA: 1, BBB: 1 });
    // A ticker inside a longer ticker is not a match ("AA" in "AAA").
    expect(basketWeights(['AA'], '3 AAA')).toEqual({ AA: 1 });
  });

  it('a position limit and a per-share fine; a size "per contract" is not a penalty', () => {
    const n = (id: number, headline: string, body: string): News => ({
      news_id: id,
      period: 1,
      tick: 0,
      ticker: 'ALFA',
      headline,
      body,
    });
    const t = parseCaseNews([
      n(1, 'Position limit: 25,000 shares', 'You will be fined 0.05 CAD per share over the limit.'),
      n(2, 'Contract size', 'Options are 100 per contract.'),
    ]);
    expect(t.limits).toEqual([{ kind: 'position', ticker: 'ALFA', limit: 25_000, newsId: 1 }]);
    expect(t.penalties).toEqual([{ perUnit: 0.05, currency: 'CAD', ticker: 'ALFA', newsId: 1 }]);
  });
});

describe('assignStrategies', () => {
  it('2020: every strategy on RITC/BULL/BEAR/USD, the market maker on the three shares', () => {
    const plan = assignStrategies(buildCaseDescription(answers('ritc-2020-etf')), ALL);
    expect(plan.legs).toEqual({ etf: 'RITC', basket: ['BULL', 'BEAR'], fx: 'USD' });
    expect(plan.fxTickers).toEqual(['USD']);
    expect(plan.skipped).toEqual([]);
    const by = Object.fromEntries(plan.assignments.map((a) => [a.kind, a.params]));
    expect(by.arbitrage).toEqual({ etf: 'RITC', stocks: ['BULL', 'BEAR'], fx: 'USD' });
    // BULL and BEAR are the ETF's basket (its hedge legs): no single-security tenders in this case.
    expect(by.tender).toEqual({ ticker: 'RITC', basket: ['BULL', 'BEAR'], fx: 'USD', singles: [] });
    expect(by.marketMaking).toEqual({
      tickers: ['BULL', 'BEAR', 'RITC'],
      etf: 'RITC',
      basket: ['BULL', 'BEAR'],
      fx: 'USD',
    });
    expect(describeAssignment(plan)).toEqual([
      'marketMaking: BULL,BEAR,RITC',
      'arbitrage: RITC,BULL,BEAR,USD',
      'tender: RITC,BULL,BEAR,USD',
    ]);
  });

  it('2024: both listings are arbitraged, the USD one primary, the CAD one with no FX leg', () => {
    const plan = assignStrategies(buildCaseDescription(answers('ritc-2024-etf')), ['arbitrage', 'marketMaking']);
    expect(plan.legs).toEqual({ etf: 'RITU', basket: ['HAWK', 'DOVE'], fx: 'USD' });
    expect(plan.skipped).toEqual([]);
    const arb = plan.assignments.find((a) => a.kind === 'arbitrage')!;
    // One instance over the basket: RITU against it, RITC against it, and the RITC/RITU pair.
    expect(arb.params).toEqual({
      etf: 'RITU',
      stocks: ['HAWK', 'DOVE'],
      fx: 'USD',
      listings: ['RITC'],
      listingFx: [''],
    });
    expect(arb.tickers).toEqual(['RITU', 'HAWK', 'DOVE', 'USD', 'RITC']);
    expect(plan.assignments.find((a) => a.kind === 'marketMaking')!.tickers).toEqual(['HAWK', 'DOVE', 'RITC', 'RITU']);
  });

  it('2024: an ETF on another basket is skipped with its reason, the listings of the primary kept', () => {
    const a = answers('ritc-2024-etf');
    const ritc = a.securities.find((s) => s.ticker === 'RITC')!;
    // The same fund listed a third time, and one over HAWK and another stock (not the primary's basket).
    a.securities.push({ ...ritc, ticker: 'RITX' }, { ...ritc, ticker: 'HAWX' });
    const d = buildCaseDescription(a);
    d.securities.OWL = { ...d.securities.HAWK!, ticker: 'OWL' };
    d.securities.HAWX = { ...d.securities.HAWX!, composition: { HAWK: 1, OWL: 1 } };
    const plan = assignStrategies(d, ['arbitrage']);
    expect(plan.assignments[0]!.params).toMatchObject({ etf: 'RITU', listings: ['RITC', 'RITX'], listingFx: ['', ''] });
    expect(plan.skipped).toEqual([
      { kind: 'arbitrage', ticker: 'HAWX', reason: expect.stringMatching(/one basket per run/) },
    ]);
  });

  it('no ETF: the ETF strategies are skipped; options are not quoted; a negative rebate is not quoted', () => {
    const a = answers('volatility');
    const rtm = a.securities.find((s) => s.ticker === 'RTM')!;
    a.securities.push({ ...rtm, ticker: 'SMMR', trading_fee: -0.005, limit_order_rebate: -0.01 });
    const plan = assignStrategies(buildCaseDescription(a), ALL);
    expect(plan.legs).toBeNull();
    expect(plan.assignments.map((x) => [x.kind, x.tickers])).toEqual([
      ['marketMaking', ['RTM']],
      ['tender', ['RTM', 'SMMR']],
    ]);
    expect(plan.assignments[0]!.params).toEqual({ tickers: ['RTM'], etf: '', basket: [], fx: '' });
    // Tenders on the index and the stock are taken on their own; the options are left out.
    expect(plan.assignments[1]!.params).toEqual({ singles: ['RTM', 'SMMR'] });
    const reasons = plan.skipped.map((s) => `${s.kind}:${s.ticker}`);
    expect(reasons).toEqual(['marketMaking:RTM50C', 'marketMaking:RTM50P', 'marketMaking:SMMR', 'arbitrage:*']);
  });

  it('single-stock tender cases (two stocks, no ETF): every tradeable stock takes tenders on its own', () => {
    const a = answers('volatility');
    const rtm = a.securities.find((s) => s.ticker === 'RTM')!;
    const cad = a.securities.find((s) => s.ticker === 'CAD')!;
    a.securities = [cad, { ...rtm, ticker: 'CRZY' }, { ...rtm, ticker: 'TAME' }];
    const plan = assignStrategies(buildCaseDescription(a), ['tender']);
    expect(plan.assignments).toEqual([
      { kind: 'tender', tickers: ['CRZY', 'TAME'], params: { singles: ['CRZY', 'TAME'] } },
    ]);
    expect(describeAssignment(plan)).toEqual(['tender: CRZY,TAME']);
  });

  it('2024: tenders on both listings go down the ETF path (no single-security tenders)', () => {
    const plan = assignStrategies(buildCaseDescription(answers('ritc-2024-etf')), ['tender']);
    expect(plan.assignments[0]!.params).toEqual({
      ticker: 'RITU',
      basket: ['HAWK', 'DOVE'],
      fx: 'USD',
      singles: [],
      // The same basket listed again: the tender plan weighs its own risk there (params/tender.ts).
      otherListings: ['RITC'],
      // ... and RITC's tenders are valued against the basket in CAD and hedged with it.
      listings: ['RITC'],
      listingFx: [''],
    });
    expect(plan.assignments[0]!.tickers).toEqual(['RITU', 'HAWK', 'DOVE', 'USD', 'RITC']);
    expect(plan.skipped).toEqual([]);
  });
});

describe('stat arb assignment', () => {
  it('ritcx-stat-arb: the betas come from the welcome text; the index is the non-tradeable RTXI', () => {
    const d = buildCaseDescription(answers('ritcx-stat-arb'));
    expect(referenceIndex(d)).toBe('RTXI');
    expect(announcedBetas(d)).toEqual({ AAA: 0.8, BBB: 1.0, CCC: 1.3 });
    const plan = assignStrategies(d, [...ALL, 'statArb']);
    const stat = plan.assignments.find((a) => a.kind === 'statArb');
    expect(stat).toEqual({
      kind: 'statArb',
      tickers: ['AAA', 'BBB', 'CCC', 'RTXI'],
      params: { tickers: ['AAA', 'BBB', 'CCC'], betas: [0.8, 1.0, 1.3] },
      detail: 'betas 0.8/1/1.3',
    });
    expect(describeAssignment(plan)).toContain('statArb: AAA,BBB,CCC,RTXI (betas 0.8/1/1.3)');
  });

  it('text without betas leaves them to the strategy; one stock, or an ETF case, give no stat arb', () => {
    const a = answers('ritcx-stat-arb');
    a.news = a.news!.map((n) => ({ ...n, body: 'Each stock moves with the index.' }));
    const noBetas = assignStrategies(buildCaseDescription(a), ['statArb']);
    expect(noBetas.assignments[0]!.params).toEqual({ tickers: ['AAA', 'BBB', 'CCC'], betas: [] });
    expect(describeAssignment(noBetas)).toEqual(['statArb: AAA,BBB,CCC,RTXI (betas estimated from the stocks)']);
    a.securities = a.securities.filter((x) => x.ticker !== 'BBB' && x.ticker !== 'CCC');
    const oneStock = assignStrategies(buildCaseDescription(a), ['statArb']);
    expect(oneStock.assignments).toEqual([]);
    expect(oneStock.skipped[0]!.reason).toMatch(/1 tradeable stock\(s\) to trade against RTXI/);
    const etf = assignStrategies(buildCaseDescription(answers('ritc-2020-etf')), ['statArb']);
    expect(etf.assignments).toEqual([]);
    expect(etf.skipped).toEqual([{ kind: 'statArb', ticker: '*', reason: 'the case lists no non-tradeable index' }]);
  });

  it('a user value of the stocks or betas wins over the case', () => {
    const plan = assignStrategies(buildCaseDescription(answers('ritcx-stat-arb')), ['statArb']);
    const r = resolveSpecs([{ kind: 'statArb', params: { betas: [1, 1, 1] } }], plan);
    expect(r.specs[0]!.params).toEqual({ tickers: ['AAA', 'BBB', 'CCC'], betas: [1, 1, 1] });
  });
});

describe('resolveSpecs', () => {
  const plan2020 = () => assignStrategies(buildCaseDescription(answers('ritc-2020-etf')), ALL);

  it("fills the ticker parameters from the case; a spec's own value wins", () => {
    const r = resolveSpecs(
      [
        { kind: 'marketMaking', params: { tickers: ['BULL'], quoteSize: 500 } },
        { kind: 'arbitrage', enabled: true },
      ],
      plan2020(),
    );
    expect(r.specs[0]!.params).toEqual({
      tickers: ['BULL'],
      quoteSize: 500,
      etf: 'RITC',
      basket: ['BULL', 'BEAR'],
      fx: 'USD',
    });
    expect(r.specs[1]!.params).toEqual({ etf: 'RITC', stocks: ['BULL', 'BEAR'], fx: 'USD' });
    expect(r.legs).toEqual({ etf: 'RITC', basket: ['BULL', 'BEAR'], fx: 'USD' });
    expect(r.disabled).toEqual([]);
  });

  it('2024: the further listings come with the case primary, and are dropped when a spec names its own ETF', () => {
    const plan = assignStrategies(buildCaseDescription(answers('ritc-2024-etf')), ALL);
    const r = resolveSpecs(
      [
        { kind: 'arbitrage', enabled: true },
        { kind: 'tender', params: { ticker: 'RITC', fx: '' } },
      ],
      plan,
    );
    expect(r.specs[0]!.params).toMatchObject({ etf: 'RITU', listings: ['RITC'], listingFx: [''] });
    // Naming RITC as the tender's ETF: it is the only listing tendered down the ETF path.
    expect(r.specs[1]!.params).toMatchObject({ ticker: 'RITC', fx: '', otherListings: ['RITU'] });
    expect(r.specs[1]!.params).not.toHaveProperty('listings');
    expect(r.specs[1]!.params).not.toHaveProperty('listingFx');
    expect(r.legs).toEqual({ etf: 'RITU', basket: ['HAWK', 'DOVE'], fx: 'USD' });
  });

  it('a strategy the case gives nothing is turned off, unless its parameters name its tickers', () => {
    const plan = assignStrategies(buildCaseDescription(answers('volatility')), ALL);
    const r = resolveSpecs(
      [
        { kind: 'arbitrage' },
        { kind: 'tender', params: { ticker: 'RTM', basket: ['RTM'], fx: '' } },
        { kind: 'marketMaking', enabled: false },
      ],
      plan,
    );
    expect(r.disabled).toEqual(['arbitrage']);
    expect(r.specs.map((s) => s.enabled)).toEqual([false, undefined, false]);
    expect(r.legs).toEqual({ etf: 'RTM', basket: ['RTM'], fx: '' });
  });
});
