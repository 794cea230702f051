import { DEFAULT_ARB_PARAMS, holdToCloseArbitrage, searchForArbitrage, type ArbitrageParams } from '../src';
import { makeContext, LEGS_2020 } from '../src/testing';
import type { StrategyContext } from '../src';

/** The same context a moment later: every leg has published a new snapshot; `memory` carried over. */
function withLegsPublished(ctx: StrategyContext, memory: unknown): StrategyContext {
  const snapshots = Object.fromEntries(
    Object.entries(ctx.snapshots).map(([t, s]) => [t, { ...s, monoMs: s.monoMs + 20 }]),
  ) as StrategyContext['snapshots'];
  return { ...ctx, snapshots, memory };
}

// Defaults: positions held to the free close-out, where RITC·USD − BULL − BEAR is exactly zero.
const P: ArbitrageParams = { ...DEFAULT_ARB_PARAMS, ...LEGS_2020.arbitrage };
const fees = 0.06; // RITC 0.02 USD at USD 1.00 + two stocks at 0.02 CAD

describe('the arbitrage held to the close-out', () => {
  test('sells units while the executable spread after fees locks in at least the minimum', () => {
    const d = holdToCloseArbitrage({
      live: { sellExec: 0.3, buyExec: -0.2, feesPerUnit: fees },
      units: 0,
      size: 5_000,
      maxUnits: 25_000,
      minProfit: 0.02,
    });
    expect(d.trade).toBe(-5_000);
    expect(d.profitPerUnit).toBeCloseTo(0.24, 12);
  });

  test('buys when the ETF is cheap, and a buy reduces a held short (the same decision)', () => {
    const live = { sellExec: -0.4, buyExec: -0.3, feesPerUnit: fees };
    expect(holdToCloseArbitrage({ live, units: 0, size: 5_000, maxUnits: 25_000, minProfit: 0.02 }).trade).toBe(5_000);
    expect(holdToCloseArbitrage({ live, units: -25_000, size: 5_000, maxUnits: 25_000, minProfit: 0.02 }).trade).toBe(
      5_000,
    );
  });

  test('no trade inside the costs, and none past the cap', () => {
    const inside = holdToCloseArbitrage({
      live: { sellExec: 0.07, buyExec: -0.02, feesPerUnit: fees },
      units: 0,
      size: 5_000,
      maxUnits: 25_000,
      minProfit: 0.02,
    });
    expect(inside.trade).toBe(0);
    const capped = holdToCloseArbitrage({
      live: { sellExec: 0.3, buyExec: -0.2, feesPerUnit: fees },
      units: -25_000,
      size: 5_000,
      maxUnits: 25_000,
      minProfit: 0.02,
    });
    expect(capped.trade).toBe(0);
    expect(capped.reason).toMatch(/cap/);
  });

  test('searchForArbitrage: RITC rich → sell 5,000 RITC, buy 5,000 of each stock, sell the USD proceeds', () => {
    // RITC 25.30/25.34 against a basket of 25.00: selling a unit realises 25.30 − 25.02 ≈ 0.28 CAD.
    const ctx = makeContext({ books: { RITC: [25.3, 25.34] } });
    // First sight: wait until every leg has published again (a stale leg can fake the spread).
    const first = searchForArbitrage(ctx, P);
    expect(first.orders).toHaveLength(0);
    expect(first.memory.signal?.sign).toBe(-1);
    const out = searchForArbitrage(withLegsPublished(ctx, first.memory), P);
    const by = Object.fromEntries(out.orders.map((o) => [o.ticker, o]));
    expect(by.RITC).toMatchObject({ type: 'MARKET', action: 'SELL', quantity: 5_000 });
    expect(by.BULL).toMatchObject({ type: 'MARKET', action: 'BUY', quantity: 5_000 });
    expect(by.BEAR).toMatchObject({ type: 'MARKET', action: 'BUY', quantity: 5_000 });
    expect(by.USD).toMatchObject({ type: 'MARKET', action: 'SELL', quantity: Math.round(5_000 * 25.3) });
  });

  test('a spread shown by one stale leg is not traded: it is gone once that leg publishes', () => {
    // RITC has already moved down (it follows the basket) while BEAR's snapshot still shows 14.98/15.02.
    const stale = makeContext({ books: { RITC: [24.6, 24.62] } });
    const first = searchForArbitrage(stale, P);
    expect(first.orders).toHaveLength(0);
    expect(first.memory.signal?.sign).toBe(1);
    // Only RITC publishes again: still waiting.
    const ritcOnly = makeContext({
      books: { RITC: [24.6, 24.62] },
      snapshots: { RITC: { monoMs: stale.snapshots.RITC!.monoMs + 10 } },
      memory: first.memory,
    });
    const second = searchForArbitrage(ritcOnly, P);
    expect(second.orders).toHaveLength(0);
    expect(second.memory.signal).toEqual(first.memory.signal);
    // BEAR publishes its drop: the basket is at RITC's level, no edge, no trade, no signal left.
    const caughtUp = searchForArbitrage(
      withLegsPublished(makeContext({ books: { RITC: [24.6, 24.62], BEAR: [14.6, 14.64] } }), second.memory),
      P,
    );
    expect(caughtUp.orders).toHaveLength(0);
    expect(caughtUp.memory.signal).toBeNull();
  });

  test('a held position is not exited when the spread reverts, nor near the end', () => {
    const positions = { RITC: { ARBITRAGE: -5_000 }, BULL: { ARBITRAGE: 5_000 }, BEAR: { ARBITRAGE: 5_000 } };
    expect(searchForArbitrage(makeContext({ positions }), P).orders).toHaveLength(0);
    expect(searchForArbitrage(makeContext({ positions, tick: 295 }), P).orders).toHaveLength(0);
  });

  test('a stock leg that did not fill is matched to the ETF leg', () => {
    const positions = { RITC: { ARBITRAGE: -5_000 }, BULL: { ARBITRAGE: 5_000 }, BEAR: { ARBITRAGE: 2_000 } };
    const out = searchForArbitrage(makeContext({ positions }), P);
    expect(out.orders).toEqual([expect.objectContaining({ ticker: 'BEAR', action: 'BUY', quantity: 3_000 })]);
  });

  test('a trade back beside a held tender is sent when it leaves the limits no fuller (2020 seed 4)', () => {
    // Short 25,000 units next to a 66,000-share RITC tender: net 132,000 is over half the 200,000 net
    // limit (limitFraction 0.5). Buying units back leaves gross and net where they are.
    const positions = {
      RITC: { ARBITRAGE: -25_000, TENDER: 66_000 },
      BULL: { ARBITRAGE: 25_000 },
      BEAR: { ARBITRAGE: 25_000 },
    };
    const cheap = { RITC: [24.6, 24.62] as [number, number] };
    const first = searchForArbitrage(makeContext({ positions, books: cheap }), P);
    expect(first.memory.signal?.sign).toBe(1);
    const out = searchForArbitrage(withLegsPublished(makeContext({ positions, books: cheap }), first.memory), P);
    const by = Object.fromEntries(out.orders.map((o) => [o.ticker, o]));
    expect(by.RITC).toMatchObject({ action: 'BUY', quantity: 5_000 });
    expect(by.BULL).toMatchObject({ action: 'SELL', quantity: 5_000 });
    // Adding to the short in the same book would take room it does not have: refused.
    const rich = { RITC: [25.3, 25.34] as [number, number] };
    const sell1 = searchForArbitrage(makeContext({ positions, books: rich }), { ...P, holdMaxUnits: 50_000 });
    const sell = searchForArbitrage(withLegsPublished(makeContext({ positions, books: rich }), sell1.memory), {
      ...P,
      holdMaxUnits: 50_000,
    });
    expect(sell.orders).toHaveLength(0);
    expect(sell.notes.join(' ')).toMatch(/no limit headroom/);
  });
});
