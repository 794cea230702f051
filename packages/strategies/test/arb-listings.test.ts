import {
  DEFAULT_ARB_PARAMS,
  getSpread,
  holdCandidates,
  listingsOf,
  searchForArbitrage,
  unitsWithinCap,
  validateArbitrageParams,
  type ArbitrageParams,
} from '../src';
import { makeContext, type ContextOptions } from '../src/testing';
import type { StrategyContext } from '../src';

import { BOOKS, SECURITIES } from './fixtures/two-listings';

function ctxOf(opts: ContextOptions = {}): StrategyContext {
  return makeContext({ ...opts, securities: SECURITIES, books: { ...BOOKS, ...(opts.books ?? {}) } });
}

/** The same context a moment later: every leg has published a new snapshot; `memory` carried over. */
function published(ctx: StrategyContext, memory: unknown): StrategyContext {
  const snapshots = Object.fromEntries(
    Object.entries(ctx.snapshots).map(([t, s]) => [t, { ...s, monoMs: s.monoMs + 20 }]),
  ) as StrategyContext['snapshots'];
  return { ...ctx, snapshots, memory };
}

/** Two decisions: the first sees the signal, the second (every leg published again) trades it. */
function confirmed(ctx: StrategyContext, params: ArbitrageParams) {
  const first = searchForArbitrage(ctx, params);
  expect(first.orders).toHaveLength(0);
  return searchForArbitrage(published(ctx, first.memory), params);
}

const orderList = (out: ReturnType<typeof searchForArbitrage>) =>
  out.orders.map((o) => [o.ticker, o.action, o.quantity]);

// RITU primary (foreign currency), RITC a further listing with no FX leg, as the case assignment gives them.
const P: ArbitrageParams = {
  ...DEFAULT_ARB_PARAMS,
  etf: 'RITU',
  stocks: ['BULL', 'BEAR'],
  fx: 'USD',
  listings: ['RITC'],
  listingFx: [''],
};
// One listing quoted in its basket's currency, alone.
const CAD_ONLY: ArbitrageParams = { ...DEFAULT_ARB_PARAMS, etf: 'RITC', stocks: ['BULL', 'BEAR'], fx: '' };

describe('an ETF quoted in its basket currency (fx "")', () => {
  test('the spread converts at 1: no FX snapshot is needed and the ETF fee is not converted', () => {
    const ctx = ctxOf({ books: { RITC: [25.3, 25.34] } });
    delete ctx.snapshots.USD;
    const s = getSpread(ctx.snapshots, { beta: 1, alpha: 0 }, { legs: CAD_ONLY, securities: ctx.securities })!;
    expect(s).not.toBeNull();
    expect(s.fxBid).toBe(1);
    expect(s.fxAsk).toBe(1);
    // Sell RITC at 25.30, buy BULL and BEAR at their asks (25.04); buy at 25.34 against the bids (24.96).
    expect(s.sellExec).toBeCloseTo(0.26, 12);
    expect(s.buyExec).toBeCloseTo(0.38, 12);
    expect(s.feesPerUnit).toBeCloseTo(0.06, 12);
    expect(s.mid).toBeCloseTo(0.32, 12);
  });

  test('held to the close: sells the rich ETF against the basket, with no FX order', () => {
    const out = confirmed(ctxOf({ books: { RITC: [25.3, 25.34] } }), CAD_ONLY);
    expect(orderList(out)).toEqual([
      ['RITC', 'SELL', 5_000],
      ['BULL', 'BUY', 5_000],
      ['BEAR', 'BUY', 5_000],
    ]);
  });

  test('params: fx may be empty; listingFx needs one entry per listing, and keeps a blank from a command line', () => {
    expect(validateArbitrageParams({ etf: 'RITC', stocks: ['BULL', 'BEAR'], fx: '' }).fx).toBe('');
    expect(() => validateArbitrageParams({ ...P, listingFx: [] })).toThrow(/one FX security/);
    const cli = validateArbitrageParams({
      etf: 'RITU',
      stocks: 'BULL,BEAR',
      fx: 'USD',
      listings: 'RITC,RITX',
      listingFx: ',USD',
    });
    expect(cli.listings).toEqual(['RITC', 'RITX']);
    expect(cli.listingFx).toEqual(['', 'USD']);
    expect(listingsOf(cli)).toEqual([
      { etf: 'RITU', fx: 'USD' },
      { etf: 'RITC', fx: '' },
      { etf: 'RITX', fx: 'USD' },
    ]);
  });
});

describe('the hold-to-close book over several listings', () => {
  const liveOf = (ctx: StrategyContext) =>
    listingsOf(P).map((l) =>
      getSpread(
        ctx.snapshots,
        { beta: 1, alpha: 0 },
        { legs: { ...P, etf: l.etf, fx: l.fx }, securities: ctx.securities },
      ),
    );

  test('the cross-listing edge: sell the rich listing at its bid, buy the other at its ask times the FX ask', () => {
    // RITC rich at 25.30/25.34 CAD; RITU at its fair 19.99/20.01 USD.
    const ctx = ctxOf({ books: { RITC: [25.3, 25.34] } });
    const c = Object.fromEntries(holdCandidates(ctx, listingsOf(P), P.stocks, liveOf(ctx)).map((x) => [x.key, x]));
    // 25.30 − 20.01 × 1.2501 − fees (0.02 CAD + 0.02 USD at the 1.25 mid).
    expect(c['RITC>RITU']!.profitPerUnit).toBeCloseTo(25.3 - 20.01 * 1.2501 - 0.02 - 0.025, 10);
    expect(c['RITC>RITU']!.legs).toEqual({ RITC: -1, RITU: 1 });
    // Buying RITU spends its ask in USD: bought back per unit.
    expect(c['RITC>RITU']!.quoteCash).toEqual({ USD: -20.01 });
    // The other way round loses the same gap.
    expect(c['RITU>RITC']!.profitPerUnit).toBeLessThan(-0.3);
    // RITC against the basket: 0.26 − 0.06, less than the pair.
    expect(c['RITC:basket:sell']!.profitPerUnit).toBeCloseTo(0.2, 10);
    expect(c['RITC:basket:sell']!.quoteCash).toEqual({});
    expect(c['RITC>RITU']!.profitPerUnit).toBeGreaterThan(c['RITC:basket:sell']!.profitPerUnit);
  });

  test('trades the pair (two legs and the FX hedge, the stocks untouched) when it pays most', () => {
    const out = confirmed(ctxOf({ books: { RITC: [25.3, 25.34] } }), P);
    expect(orderList(out)).toEqual([
      ['RITC', 'SELL', 5_000],
      ['RITU', 'BUY', 5_000],
      ['USD', 'BUY', Math.round(5_000 * 20.01)],
    ]);
    expect(out.metrics['arb.action']).toBe('sell RITC, buy RITU × 5000');
    expect(out.memory.expected?.positions).toEqual({ RITU: 5_000, RITC: -5_000, BULL: 0, BEAR: 0 });
  });

  test('trades the foreign listing against the basket and hedges its proceeds', () => {
    // RITU rich at 20.30/20.32 USD: 20.30 × 1.2499 − 25.04 − 0.065 ≈ 0.27 CAD a unit.
    const out = confirmed(ctxOf({ books: { RITU: [20.3, 20.32], RITC: [25.2, 25.22] } }), P);
    expect(orderList(out)).toEqual([
      ['RITU', 'SELL', 5_000],
      ['BULL', 'BUY', 5_000],
      ['BEAR', 'BUY', 5_000],
      ['USD', 'SELL', Math.round(5_000 * 20.3)],
    ]);
  });

  test('nothing when no trade clears the minimum; the signal of a trade that changed waits again', () => {
    expect(searchForArbitrage(ctxOf(), P).orders).toHaveLength(0);
    // The pair is seen first; when the next decision's best trade is another, it waits for its own legs.
    const first = searchForArbitrage(ctxOf({ books: { RITC: [25.3, 25.34] } }), P);
    expect(first.memory.signal?.key).toBe('RITC>RITU');
    const other = ctxOf({ books: { RITU: [20.3, 20.32], RITC: [25.2, 25.22] } });
    const second = searchForArbitrage(published(other, first.memory), P);
    expect(second.orders).toHaveLength(0);
    expect(second.memory.signal?.key).toBe('RITU:basket:sell');
  });

  test('the stock legs are kept at −(the ETF units of every listing); a pair needs none', () => {
    const pair = { RITC: { ARBITRAGE: -5_000 }, RITU: { ARBITRAGE: 5_000 } };
    expect(searchForArbitrage(ctxOf({ positions: pair }), P).orders).toHaveLength(0);
    const short = {
      RITC: { ARBITRAGE: -5_000 },
      RITU: { ARBITRAGE: -5_000 },
      BULL: { ARBITRAGE: 10_000 },
      BEAR: { ARBITRAGE: 7_000 },
    };
    expect(orderList(searchForArbitrage(ctxOf({ positions: short }), P))).toEqual([['BEAR', 'BUY', 3_000]]);
  });

  test('sizing: the book gross stays within holdMaxUnits basket units; a trade that shrinks it always may', () => {
    const ctx = ctxOf();
    // Gross of a basket unit: RITU 2 + BULL 1 + BEAR 1 = 4; 25,000 units = 100,000.
    const book = { RITU: 22_000, RITC: -22_000, BULL: 0, BEAR: 0 };
    // 88,000 held: a pair unit adds 4, so 3,000 more fit.
    expect(unitsWithinCap(ctx, book, { RITC: -1, RITU: 1 }, 5_000, 100_000)).toBe(3_000);
    // Above the cap, the pair back shrinks the book: the whole size.
    const full = { RITU: 30_000, RITC: -30_000, BULL: 0, BEAR: 0 };
    expect(unitsWithinCap(ctx, full, { RITC: 1, RITU: -1 }, 5_000, 100_000)).toBe(5_000);
    expect(unitsWithinCap(ctx, full, { RITC: -1, RITU: 1 }, 5_000, 100_000)).toBe(0);
  });

  test('at the cap the pair is not traded and says so; near the end nothing is traded', () => {
    const positions = { RITC: { ARBITRAGE: -25_000 }, RITU: { ARBITRAGE: 25_000 } };
    const rich = { RITC: [25.3, 25.34] as [number, number] };
    const out = searchForArbitrage(ctxOf({ positions, books: rich }), P);
    expect(out.orders).toHaveLength(0);
    expect(out.notes.join(' ')).toMatch(/sell RITC, buy RITU pays but the book is at its cap/);
    const late = ctxOf({ books: rich, tick: 290 });
    expect(searchForArbitrage(published(late, searchForArbitrage(late, P).memory), P).orders).toHaveLength(0);
  });
});
