/**
 * The parts of the case format added for the wider case library: their bad uses are refused with
 * one line naming the file and the path, and the pieces behave as documented (Black–Scholes, venue
 * positions and limits, the index process, several ETF listings).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CASES_DIR, CaseFileError, parseCase } from '../src/cases/load';
import { Exchange, configForCase, type SimConfig } from '../src';
import { blackScholes, normCdf } from '../src/market/black-scholes';

const file = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(CASES_DIR, `${name}.json`), 'utf8')) as Record<string, unknown>;
const messageOf = (j: unknown, name: string): string => {
  try {
    parseCase(j, name);
  } catch (e) {
    if (e instanceof CaseFileError) return e.message;
    throw e;
  }
  throw new Error('expected a CaseFileError');
};
const manual = (name: string, seed = 1): Exchange => {
  const c: SimConfig = configForCase(name);
  c.clock = 'manual';
  c.seed = seed;
  return new Exchange(c);
};

describe('bad uses of the new parts are refused, one line each', () => {
  test('an index whose stock also has its own process, a tradeable index, an option on a non-random-walk', () => {
    const j = file('ritcx-stat-arb');
    const procs = j.processes as Record<string, unknown>;
    procs.AAA = { kind: 'basket' };
    const secs = j.securities as Record<string, unknown>[];
    const ix = secs.find((s) => s.ticker === 'RTXI');
    if (ix === undefined) throw new Error('fixture');
    ix.isTradeable = true;
    const m = messageOf(j, 'sa.json');
    expect(m).toMatch(
      /^sa\.json: processes\.RTXI\.betas\.AAA: AAA is driven by the index RTXI; remove processes\.AAA$/m,
    );
    expect(m).toMatch(/^sa\.json: securities\[4\]\.isTradeable: the index RTXI is not tradeable$/m);

    const v = file('volatility');
    (v.processes as Record<string, Record<string, unknown>>).RTM40C = {
      kind: 'option',
      underlying: 'RTM40P',
      putCall: 'CALL',
      strike: 40,
      expiryTick: 300,
    };
    expect(messageOf(v, 'vol.json')).toMatch(
      /^vol\.json: processes\.RTM40C\.underlying: the underlying RTM40P needs a randomWalk process/m,
    );
  });

  test('a venue in a limit group, a heat that collides with a ticker, a delta limit on plain P&L', () => {
    const a = file('algo1');
    const groups = (a.limits as { groups: { weights: Record<string, number> }[] }).groups;
    const g = groups[0];
    if (g === undefined) throw new Error('fixture');
    g.weights.CRZY_A = 1;
    a.heats = [{ tickers: { CRZY_M: 'CRZY_A' } }];
    expect(messageOf(a, 'a1.json')).toMatch(
      /^a1\.json: limits\.groups\[0\]\.weights\.CRZY_A: CRZY_A is a venue of CRZY_M: its position and weight are CRZY_M's$/m,
    );
    expect(messageOf(a, 'a1.json')).toMatch(/^a1\.json: heats\[0\]\.tickers\.CRZY_M: CRZY_A is already a ticker/m);
    const v = file('volatility');
    v.scoring = { rule: 'pnl', deltaLimit: { underlying: 'NOPE', limit: 1, penaltyPerUnitPerTick: 1 } };
    const m = messageOf(v, 'v.json');
    expect(m).toMatch(/^v\.json: scoring\.deltaLimit\.underlying: unknown ticker NOPE/m);
    expect(m).toMatch(/^v\.json: scoring\.rule: a deltaLimit needs rule 'penalizedPnl'$/m);
  });
});

describe('Black–Scholes', () => {
  test('a known value, put–call parity, deltas and the expiry limit', () => {
    expect(normCdf(0)).toBeCloseTo(0.5, 7);
    expect(normCdf(1.96)).toBeCloseTo(0.975, 4);
    // S = 100, K = 100, one year, 20% volatility, 5% rate: the textbook call value 10.4506.
    const c = blackScholes('CALL', 100, 100, 1, 0.2, 0.05);
    const p = blackScholes('PUT', 100, 100, 1, 0.2, 0.05);
    expect(c.price).toBeCloseTo(10.4506, 3);
    expect(c.price - p.price).toBeCloseTo(100 - 100 * Math.exp(-0.05), 6);
    expect(c.delta - p.delta).toBeCloseTo(1, 7);
    expect(blackScholes('CALL', 55, 50, 0, 0.3, 0).price).toBe(5);
    expect(blackScholes('PUT', 55, 50, 0, 0.3, 0)).toEqual({ price: 0, delta: 0 });
  });
});

describe('the market model of the new cases', () => {
  test('venues share one position and one limit', () => {
    const ex = manual('algo1');
    const m = ex.meta('CRZY_M');
    const a = ex.meta('CRZY_A');
    ex.submitOrder(ex.user, { ticker: 'CRZY_A', type: 'MARKET', action: 'BUY', quantity: 10_000 });
    expect(ex.user.position(m)).toBe(10_000);
    expect(ex.user.position(a)).toBe(10_000);
    ex.submitOrder(ex.user, { ticker: 'CRZY_M', type: 'MARKET', action: 'BUY', quantity: 10_000 });
    expect(ex.user.position(m)).toBe(20_000);
    // 20,000 held on a 25,000 limit: 6,000 more on either venue is refused.
    expect(() => ex.submitOrder(ex.user, { ticker: 'CRZY_A', type: 'MARKET', action: 'BUY', quantity: 6000 })).toThrow(
      /LIMIT-CRZY: .*CRZY_A counts 1/,
    );
    ex.submitOrder(ex.user, { ticker: 'CRZY_A', type: 'MARKET', action: 'SELL', quantity: 10_000 });
    ex.submitOrder(ex.user, { ticker: 'CRZY_M', type: 'MARKET', action: 'SELL', quantity: 10_000 });
    expect(ex.user.position(m)).toBe(0);
    while (ex.status !== 'STOPPED') ex.step();
    expect(ex.nlv(ex.user)).toBeLessThan(0); // four taker trades across the spread
    expect(ex.nlv(ex.user)).toBeGreaterThan(-5000);
  });

  test("in the worst case, open orders on every venue count on the primary's limit", () => {
    const c: SimConfig = configForCase('algo1');
    c.clock = 'manual';
    c.limits.restingOrders = 'worstCase';
    const ex = new Exchange(c);
    ex.submitOrder(ex.user, { ticker: 'CRZY_M', type: 'LIMIT', action: 'BUY', quantity: 10_000, price: 5 });
    ex.submitOrder(ex.user, { ticker: 'CRZY_A', type: 'LIMIT', action: 'BUY', quantity: 10_000, price: 5 });
    expect(() =>
      ex.submitOrder(ex.user, { ticker: 'CRZY_A', type: 'LIMIT', action: 'BUY', quantity: 6000, price: 5 }),
    ).toThrow(/gross limit 25000 would be exceeded \(worst case 26000/);
    ex.submitOrder(ex.user, { ticker: 'CRZY_M', type: 'LIMIT', action: 'BUY', quantity: 5000, price: 5 });
  });

  test('the index moves its stocks through their betas; its last price is its value', () => {
    const ex = manual('ritcx-stat-arb', 3);
    const f = ex.market.fundamentals;
    const ix = ex.meta('RTXI');
    for (let i = 0; i < 100; i++) ex.step();
    const level = f.get('RTXI');
    expect(level).not.toBe(1000);
    expect((ex.lastInt[ix.idx] ?? NaN) / ix.scale).toBeCloseTo(level, 2);
    // Each stock's log move is beta × the index's log move plus a residual of a few percent at most.
    for (const [t, beta] of [
      ['AAA', 0.8],
      ['BBB', 1],
      ['CCC', 1.3],
    ] as const) {
      const resid = Math.log(f.get(t) / ex.meta(t).cfg.startPrice) - beta * Math.log(level / 1000);
      expect(Math.abs(resid)).toBeLessThan(0.05);
    }
  });

  test('an ETF listed twice: each listing quotes near its basket in its own currency, each has converters', () => {
    const ex = manual('ritc-2024-etf');
    for (let i = 0; i < 30; i++) ex.step();
    const ritc = ex.meta('RITC');
    const ritu = ex.meta('RITU');
    expect(Math.abs(ex.mid(ritc.idx) - ex.basketMid(ritc))).toBeLessThan(1);
    expect(Math.abs(ex.mid(ritu.idx) - ex.basketMid(ritu))).toBeLessThan(1);
    expect(ex.basketMid(ritc) / ex.basketMid(ritu)).toBeCloseTo(ex.mid(ex.meta('USD').idx), 2);
    expect(ex.converters.assets.map((a) => a.ticker)).toEqual([
      'RITC-Creation',
      'RITC-Redemption',
      'RITU-Creation',
      'RITU-Redemption',
    ]);
  });

  test('option quotes follow Black–Scholes at the volatility of 15 ticks before; the delta limit is penalised', () => {
    const ex = manual('volatility');
    const f = ex.market.fundamentals;
    for (let i = 0; i < 80; i++) ex.step();
    // Tick 80: the true volatility is week 2's 35%, the quotes still price week 1's 20%.
    const s = f.get('RTM');
    const years = (300 - 80) / 3600;
    expect(f.get('RTM50C')).toBeCloseTo(blackScholes('CALL', s, 50, years, 0.2, 0).price, 3);
    for (let i = 0; i < 15; i++) ex.step();
    const s2 = f.get('RTM50C');
    expect(s2).toBeCloseTo(blackScholes('CALL', f.get('RTM'), 50, (300 - 95) / 3600, 0.35, 0).price, 3);
    expect(f.optionDelta('RTM50C')).toBeGreaterThan(0);
    expect(f.optionDelta('RTM50P')).toBeLessThan(0);
    // 10,000 RTM shares: 5,000 over the delta limit, 0.01 a unit a tick.
    ex.submitOrder(ex.user, { ticker: 'RTM', type: 'MARKET', action: 'BUY', quantity: 10_000 });
    const before = ex.user.penalty;
    ex.step();
    expect(ex.user.penalty - before).toBeCloseTo(50, 6);
    expect(ex.score(ex.user)).toBeCloseTo(ex.nlv(ex.user) - ex.user.penalty, 6);
  });
});
