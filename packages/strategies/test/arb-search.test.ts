import {
  ARB_TAG_ENTRY,
  ARB_TAG_EXIT,
  DEFAULT_ARB_PARAMS,
  getSpread,
  mergeHistories,
  recordSample,
  runStrategyTask,
  searchForArbitrage,
  type ArbitrageMemory,
  type ArbitrageParams,
  type ArbModel,
} from '../src';
import { makeContext, type ContextOptions, LEGS_2020 } from '../src/testing';

// These tests are about the reversion mode (enter past Δ*, exit on reversion or a stop).
const P: ArbitrageParams = { ...DEFAULT_ARB_PARAMS, ...LEGS_2020.arbitrage, exitAt: 'reversion' };
const MODEL: ArbModel = {
  beta: 1,
  alpha: 0,
  structural: true,
  betaEstimated: null,
  alphaEstimated: null,
  cointStatistic: null,
  cointPValue: null,
  centre: 0,
  threshold: 0.15,
  slippage: 0.12,
  spreadStd: 0.1,
  samples: 100,
  calibratedTick: 100,
  notes: [],
};
const mem = (over: Partial<ArbitrageMemory> = {}): ArbitrageMemory => ({
  model: MODEL,
  position: null,
  lastOrderTick: null,
  samples: null,
  blocked: null,
  expected: null,
  signal: null,
  ...over,
});
const run = (opts: ContextOptions, params = P) => searchForArbitrage(makeContext({ tick: 101, ...opts }), params);

describe('executable spread', () => {
  test('sell = ETF bid × USD bid − stock asks; buy = ETF ask × USD ask − stock bids', () => {
    const ctx = makeContext({ books: { RITC: [20, 20.04], USD: [1.2499, 1.2501] } });
    const s = getSpread(
      ctx.snapshots,
      { beta: 1, alpha: 0 },
      { legs: LEGS_2020.arbitrage, securities: ctx.securities },
    )!;
    expect(s.sellExec).toBeCloseTo(20 * 1.2499 - 10.02 - 15.02, 10);
    expect(s.buyExec).toBeCloseTo(20.04 * 1.2501 - 9.98 - 14.98, 10);
    expect(s.mid).toBeCloseTo(20.02 * 1.25 - 25, 10);
    expect(s.feesPerUnit).toBeCloseTo(0.02 * 1.25 + 0.04, 12);
  });
});

describe('searchForArbitrage', () => {
  test('RITC rich on executable prices: SHORT 1:1:1 entry plus the USD hedge', () => {
    const out = run({ books: { RITC: [25.4, 25.42] }, memory: mem() });
    expect(out.orders).toEqual([
      { ticker: 'RITC', type: 'MARKET', action: 'SELL', quantity: 5000, source: 'ARBITRAGE', tag: ARB_TAG_ENTRY },
      { ticker: 'BULL', type: 'MARKET', action: 'BUY', quantity: 5000, source: 'ARBITRAGE', tag: ARB_TAG_ENTRY },
      { ticker: 'BEAR', type: 'MARKET', action: 'BUY', quantity: 5000, source: 'ARBITRAGE', tag: ARB_TAG_ENTRY },
      // sold 5,000 RITC at 25.40 USD → 127,000 USD to sell for CAD
      { ticker: 'USD', type: 'MARKET', action: 'SELL', quantity: 127_000, source: 'ARBITRAGE', tag: ARB_TAG_ENTRY },
    ]);
    expect(out.memory.position).toMatchObject({ direction: 'SHORT', units: 5000, entryTick: 101 });
  });

  test('RITC cheap: LONG entry, buying the ETF and USD, selling the stocks', () => {
    const out = run({ books: { RITC: [24.6, 24.62] }, memory: mem() });
    expect(out.orders.map((o) => [o.ticker, o.action])).toEqual([
      ['RITC', 'BUY'],
      ['BULL', 'SELL'],
      ['BEAR', 'SELL'],
      ['USD', 'BUY'],
    ]);
  });

  test('mid spread past Δ* but not profitable on executable prices after fees: no entry', () => {
    // Mid spread 0.2 > Δ* 0.15, but a 0.2-wide RITC book eats the edge.
    const out = run({ books: { RITC: [25.1, 25.3] }, memory: mem() });
    expect(out.orders).toHaveLength(0);
    expect(out.notes.join(' ')).toMatch(/executable profit/);
  });

  test('inside the threshold: nothing', () => {
    expect(run({ books: { RITC: [25.05, 25.07] }, memory: mem() }).orders).toHaveLength(0);
  });

  const open = {
    direction: 'SHORT' as const,
    units: 5000,
    entryTick: 101,
    entryExec: 0.36,
    entryMid: 0.41,
    threshold: 0.15,
  };
  // After the SHORT entry: +127,000 USD from the ETF sale, −127,000 USD hedged away → USD flat.
  const held = {
    RITC: { ARBITRAGE: -5000 },
    BULL: { ARBITRAGE: 5000 },
    BEAR: { ARBITRAGE: 5000 },
    USD: { ARBITRAGE: 0 },
  };

  test('exit on reversion: flatten every ARBITRAGE leg, the USD hedge including the USD the ETF exit moves', () => {
    const out = run({ tick: 110, positions: held, memory: mem({ position: open, lastOrderTick: 101 }) });
    // Buying back 5,000 RITC at the 25.02 ask spends 125,100 USD: buy them, so USD ends flat.
    expect(out.orders.map((o) => [o.ticker, o.action, o.quantity, o.tag])).toEqual([
      ['RITC', 'BUY', 5000, ARB_TAG_EXIT],
      ['BULL', 'SELL', 5000, ARB_TAG_EXIT],
      ['BEAR', 'SELL', 5000, ARB_TAG_EXIT],
      ['USD', 'BUY', 125_100, ARB_TAG_EXIT],
    ]);
    expect(out.memory.position).toBeNull();
    // A LONG exit sells 5,000 at the 24.98 bid: 124,900 USD come in, plus 300 left over from entry.
    const long = {
      direction: 'LONG' as const,
      units: 5000,
      entryTick: 101,
      entryExec: -0.36,
      entryMid: -0.41,
      threshold: 0.15,
    };
    const heldLong = {
      RITC: { ARBITRAGE: 5000 },
      BULL: { ARBITRAGE: -5000 },
      BEAR: { ARBITRAGE: -5000 },
      USD: { ARBITRAGE: 300 },
    };
    const exitLong = run({ tick: 110, positions: heldLong, memory: mem({ position: long, lastOrderTick: 101 }) });
    expect(exitLong.orders.map((o) => [o.ticker, o.action, o.quantity])).toEqual([
      ['RITC', 'SELL', 5000],
      ['BULL', 'BUY', 5000],
      ['BEAR', 'BUY', 5000],
      ['USD', 'SELL', 125_200],
    ]);
  });

  test('hold while the spread stays away from the centre; stop when it runs away, on the loss limit and the time stop', () => {
    const still = run({
      tick: 110,
      books: { RITC: [25.3, 25.32] },
      positions: held,
      memory: mem({ position: open, lastOrderTick: 101 }),
    });
    expect(still.orders).toHaveLength(0);
    // Entered at 0.41; 0.65 is 0.24 further (< 0.3): held. 0.75 is 0.34 further: stopped.
    expect(
      run({
        tick: 110,
        books: { RITC: [25.64, 25.66] },
        positions: held,
        memory: mem({ position: open, lastOrderTick: 101 }),
      }).orders,
    ).toHaveLength(0);
    const ran = run({
      tick: 110,
      books: { RITC: [25.74, 25.76] },
      positions: held,
      memory: mem({ position: open, lastOrderTick: 101 }),
    });
    expect(ran.notes.join(' ')).toMatch(/spread ran away/);
    expect(ran.orders).toHaveLength(4);
    expect(ran.memory.blocked).toBe('SHORT');
    const blown = run(
      {
        tick: 110,
        books: { RITC: [26.2, 26.22] },
        positions: held,
        memory: mem({ position: open, lastOrderTick: 101 }),
      },
      { ...P, stopWideningCad: 5, lossLimitCad: 3000 },
    );
    expect(blown.notes.join(' ')).toMatch(/loss limit/);
    expect(blown.orders).toHaveLength(4);
    const old = run({
      tick: 170,
      books: { RITC: [25.3, 25.32] },
      positions: held,
      memory: mem({ position: open, lastOrderTick: 101 }),
    });
    expect(old.notes.join(' ')).toMatch(/time stop/);
  });

  test('cooldown, own working orders and residual legs', () => {
    expect(run({ books: { RITC: [25.4, 25.42] }, memory: mem({ lastOrderTick: 101 }) }).orders).toHaveLength(0);
    const residual = run({ positions: { BULL: { ARBITRAGE: 300 } }, memory: mem() });
    expect(residual.orders).toEqual([
      expect.objectContaining({ ticker: 'BULL', action: 'SELL', quantity: 300, tag: ARB_TAG_EXIT }),
    ]);
  });

  test('recalibrates on schedule from the history; keeps the old model when calibration fails', () => {
    const stale = { ...MODEL, calibratedTick: 80 };
    const out = run({ tick: 100, memory: mem({ model: stale }) }); // no history, one own sample → calibration fails
    expect(out.memory.model).toEqual(stale);
    expect(out.notes.join(' ')).toMatch(/calibration: 1 clean samples < 30/);
  });

  test('after a stop the same side is not re-entered until the spread came back inside Δ*', () => {
    const blocked = mem({ blocked: 'SHORT' });
    const again = run({ books: { RITC: [25.4, 25.42] }, memory: blocked });
    expect(again.orders).toHaveLength(0);
    expect(again.notes.join(' ')).toMatch(/blocked after a stop/);
    // Back inside (spread 0.06 < 0.15): unblocked; the next dislocation is traded.
    const inside = run({ books: { RITC: [25.05, 25.07] }, memory: blocked });
    expect(inside.memory.blocked).toBeNull();
    expect(run({ books: { RITC: [25.4, 25.42] }, memory: inside.memory }).orders).toHaveLength(4);
    // The opposite side is never blocked.
    expect(run({ books: { RITC: [24.6, 24.62] }, memory: blocked }).orders).toHaveLength(4);
  });

  test('expected profit counts the exit band and both ways of costs; minProfitPerUnit gates', () => {
    // Spread 0.41 (mid), sellExec 25.4·0.9999 − 25.04 = 0.35746; residual 0.25·0.15; fees 0.06 in, 0.06 + slippage/2 out.
    const out = run({ books: { RITC: [25.4, 25.42] }, memory: mem() });
    expect(out.metrics['arb.expectedProfitPerUnit']).toBeCloseTo(
      25.4 * 0.9999 - 25.04 - 0.0375 - 0.06 - (0.06 + 0.06),
      4,
    );
    expect(
      run({ books: { RITC: [25.4, 25.42] }, memory: mem() }, { ...P, minProfitPerUnit: 0.15 }).orders,
    ).toHaveLength(0);
  });

  test('no new entry in the last lastEntryBeforeEndTicks of the heat', () => {
    const late = run({ tick: 265, books: { RITC: [25.4, 25.42] }, memory: mem() });
    expect(late.orders).toHaveLength(0);
    expect(late.notes.join(' ')).toMatch(/too close to the end/);
  });

  test('its own per-tick samples calibrate a model without the coordinator history', () => {
    // 40 decisions on consecutive ticks with a mean-reverting RITC mispricing: no ctx.history at all.
    let memory: unknown = null;
    let m = 0;
    for (let k = 0; k < 40; k++) {
      m = 0.5 * m + (k % 3 === 0 ? 0.03 : -0.02);
      const mid = 25 + m;
      const out = searchForArbitrage(
        makeContext({
          tick: 50 + k,
          books: { RITC: [Math.round((mid - 0.01) * 100) / 100, Math.round((mid + 0.01) * 100) / 100] },
          snapshots: { RITC: { tick: 50 + k } },
          memory,
        }),
        P,
      );
      memory = out.memory;
    }
    const mm = memory as ArbitrageMemory;
    expect(mm.samples!.tick).toHaveLength(40);
    expect(mm.model).not.toBeNull();
    expect(mm.model!.samples).toBeGreaterThanOrEqual(30);
  });

  test('after sending, waits until the legs show the orders (they may sit in the engine queue), at most orderConfirmMs', () => {
    const entered = run({ books: { RITC: [25.4, 25.42] }, memory: mem() });
    expect(entered.orders).toHaveLength(4);
    const m = entered.memory;
    expect(m.expected!.positions).toEqual({ RITC: -5000, BULL: 5000, BEAR: 5000 });
    // Two ticks later nothing shows yet: no second entry and no "residual" flattening.
    const queued = run({ tick: 103, books: { RITC: [25.4, 25.42] }, memory: m });
    expect(queued.orders).toHaveLength(0);
    expect(queued.notes.join(' ')).toMatch(/waiting for the last orders/);
    // The fills arrived: the position is held (no exit yet at 0.41).
    const filled = run({
      tick: 103,
      books: { RITC: [25.4, 25.42] },
      positions: { RITC: { ARBITRAGE: -5000 }, BULL: { ARBITRAGE: 5000 }, BEAR: { ARBITRAGE: 5000 } },
      memory: m,
    });
    expect(filled.memory.expected).toBeNull();
    expect(filled.orders).toHaveLength(0);
    // Only BULL filled and the wait ran out: the position is worked from what is there (exit, flattening BULL).
    const ctx = makeContext({
      tick: 103,
      books: { RITC: [25.4, 25.42] },
      positions: { BULL: { ARBITRAGE: 5000 } },
      memory: m,
    });
    const late = searchForArbitrage(
      {
        ...ctx,
        nowMs: ctx.nowMs + 6000,
        snapshots: Object.fromEntries(
          Object.entries(ctx.snapshots).map(([k, v]) => [k, { ...v, monoMs: v.monoMs + 6000 }]),
        ),
      },
      P,
    );
    expect(late.notes.join(' ')).toMatch(/did not fill as sent/);
    expect(late.orders.filter((o) => o.ticker !== 'USD').map((o) => [o.ticker, o.action, o.quantity])).toEqual([
      ['BULL', 'SELL', 5000],
    ]);
  });

  test('before any model: the structural relation at the fallback threshold', () => {
    const none = mem({ model: null });
    // Spread 0.51 ≥ 0.4: entered without a calibrated model.
    const big = run({ books: { RITC: [25.5, 25.52] }, memory: none });
    expect(big.orders.map((o) => [o.ticker, o.action])).toEqual([
      ['RITC', 'SELL'],
      ['BULL', 'BUY'],
      ['BEAR', 'BUY'],
      ['USD', 'SELL'],
    ]);
    expect(big.metrics['arb.threshold']).toBeCloseTo(0.4, 10);
    // Spread 0.31 would pass a calibrated 0.15 but not the fallback.
    expect(run({ books: { RITC: [25.3, 25.32] }, memory: none }).orders).toHaveLength(0);
    expect(
      run({ books: { RITC: [25.5, 25.52] }, memory: none }, { ...P, fallbackThresholdCad: 0 }).orders,
    ).toHaveLength(0);
  });

  test('the engine-wide riskAversion key is accepted (it failed every decision with STRAT_UNKNOWN_PARAM)', () => {
    const ctx = makeContext({ params: { ...LEGS_2020.arbitrage, riskAversion: 0.005 } });
    const r = runStrategyTask({ kind: 'arbitrage', context: ctx, deadlineMs: Number.POSITIVE_INFINITY });
    expect(r.metrics?.error).toBeUndefined();
  });

  test('entry size shrinks to fit the limits', () => {
    const limits = [{ name: 'L', gross: 285_000, net: 0, grossLimit: 300_000, netLimit: 200_000 }];
    const out = run({ books: { RITC: [25.4, 25.42] }, memory: mem(), limits }, { ...P, limitFraction: 1 });
    // 1:1:1 adds 4 gross per unit: 15,000 / 4 = 3,750 → halving from 5,000 gives 2,500.
    expect(out.orders[0]?.quantity).toBe(2500);
  });
});

describe('arbitrage history', () => {
  test('recordSample: one row per new tick with every leg usable, capped', () => {
    const tickers = ['RITC', 'USD', 'BULL', 'BEAR'];
    let h = recordSample(null, makeContext({ tick: 5 }), tickers, 5, 3, 2000);
    h = recordSample(h, makeContext({ tick: 5 }), tickers, 5, 3, 2000); // same tick: ignored
    expect(h.tick).toEqual([5]);
    expect(h.mid.RITC).toEqual([25]);
    expect(h.spread.RITC?.[0]).toBeCloseTo(0.04, 10);
    const stale = makeContext({
      tick: 6,
      snapshots: { BULL: { flags: { stale: true, empty: false, oneSided: false, inactive: false } } },
    });
    expect(recordSample(h, stale, tickers, 6, 3, 2000).tick).toEqual([5]);
    for (const t of [6, 7, 8]) h = recordSample(h, makeContext({ tick: t }), tickers, t, 3, 2000);
    expect(h.tick).toEqual([6, 7, 8]);
    expect(h.mid.BEAR).toHaveLength(3);
  });

  test('mergeHistories: the coordinator history reduced to its last sample per tick, own samples win', () => {
    const tickers = ['RITC'];
    const coord = { tick: [1, 1, 2, 3], mid: { RITC: [10, 11, 12, 13] }, spread: { RITC: [0.1, 0.1, 0.1, 0.1] } };
    const own = { tick: [3, 4], mid: { RITC: [30, 40] }, spread: { RITC: [0.2, 0.2] } };
    const m = mergeHistories(coord, own, tickers, 10);
    expect(m.tick).toEqual([1, 2, 3, 4]);
    expect(m.mid.RITC).toEqual([11, 12, 30, 40]);
    expect(mergeHistories(coord, own, tickers, 2).tick).toEqual([3, 4]);
    expect(mergeHistories(undefined, null, tickers, 5).tick).toEqual([]);
  });
});
