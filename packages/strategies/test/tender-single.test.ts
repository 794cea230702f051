import { DEFAULT_TENDER_PARAMS, runTenderStrategy, type TenderParams } from '../src';
import { chooseAuctionBid, isWinnerTakeAll, rivalWinProbability } from '../src/tender/auction';
import { isSingleTender, processSingleTender } from '../src/tender/single';
import { readTenderMemory } from '../src/tender/memory';
import { makeContext, makeTender } from '../src/testing';

// No ETF: BULL and BEAR tendered on their own (test data; the default books are BULL 9.98/10.02,
// BEAR 14.98/15.02, depth 10 levels of 10,000 one cent apart, fee 0.02, rebate 0.01).
const P: TenderParams = {
  ...DEFAULT_TENDER_PARAMS,
  ticker: '',
  basket: [],
  fx: '',
  singles: ['BULL', 'BEAR'],
  singleUnwind: 'paced',
  auctionBid: 'minimumEdge',
};

describe('single-security tender valuation', () => {
  test('a BUY tender under the mid: edge = mid − price − execution − impact, accepted and unwound', () => {
    const ctx = makeContext({ depth: 'auto' });
    const v = processSingleTender(makeTender({ ticker: 'BULL', quantity: 20_000, price: 9.8 }), ctx, P);
    // Largest child 3,704 stays at the bid: execution = half-spread 0.02 + fee 0.02; impact 1e-6·20,000/2.
    expect(v.anchor).toBeCloseTo(10, 10);
    expect(v.executionCostPerShare).toBeCloseTo(0.04, 10);
    expect(v.impactPerShare).toBeCloseTo(0.01, 12);
    expect(v.edgePerShare).toBeCloseTo(10 - 9.8 - 0.05, 10);
    expect(v.accept).toBe(true);
    expect(v.plan).toBe('UNWIND');
    expect(v.unwindAction).toBe('SELL');
  });

  test("singleUnwind 'dump': valued at the walk of the whole size less the fee, unwound in max-size market orders", () => {
    const D: TenderParams = { ...P, singleUnwind: 'dump' };
    const t = makeTender({ ticker: 'BULL', quantity: 20_000, price: 9.8 });
    const v = processSingleTender(t, makeContext({ depth: 'auto' }), D);
    // 20,000 walks 9.98 and 9.97 (10,000 each): 9.975, less the 0.02 fee.
    expect(v.unwindNetPrice).toBeCloseTo(9.955, 10);
    expect(v.edgePerShare).toBeCloseTo(0.155, 10);
    expect(v.accept).toBe(true);
    const out = runTenderStrategy(makeContext({ depth: 'auto', positions: { BULL: { TENDER: 20_000 } } }), D);
    expect(out.orders).toEqual([
      expect.objectContaining({ ticker: 'BULL', type: 'MARKET', action: 'SELL', quantity: 10_000 }),
    ]);
  });

  test('a SELL tender is valued against buying back; one at the touch is declined', () => {
    const ctx = makeContext({ depth: 'auto' });
    const good = processSingleTender(
      makeTender({ ticker: 'BEAR', action: 'SELL', quantity: 10_000, price: 15.2 }),
      ctx,
      P,
    );
    expect(good.edgePerShare).toBeCloseTo(15.2 - 15 - 0.04 - 0.005, 10);
    expect(good.accept).toBe(true);
    const bad = processSingleTender(
      makeTender({ ticker: 'BEAR', action: 'SELL', quantity: 10_000, price: 15.03 }),
      ctx,
      P,
    );
    expect(bad.accept).toBe(false);
    expect(bad.reason).toMatch(/^edge -0\.0150/);
  });

  test('a thin book charges the largest child its walk', () => {
    const thin = {
      BULL: {
        bids: Array.from(
          { length: 10 },
          (_, i) => [Math.round((9.98 - i * 0.01) * 100) / 100, 2000] as [number, number],
        ),
        asks: [[10.02, 2000]] as Array<[number, number]>,
      },
    };
    // 54,000 → largest child 10,000 walks five 2,000 levels: VWAP 9.96, 0.02 beyond the bid.
    const v = processSingleTender(
      makeTender({ ticker: 'BULL', quantity: 54_000, price: 9.5 }),
      makeContext({ depth: thin }),
      P,
    );
    expect(v.executionCostPerShare).toBeCloseTo(0.06, 10);
  });

  test('limits: a tender over the net headroom is declined (weights from the case)', () => {
    const ctx = makeContext({ depth: 'auto', positions: { BEAR: { MARKET_MAKER: 120_000 } } });
    // Net limit 200,000 × 0.9 = 180,000: 60,000 more of BULL would take the net to 180,000 — 70,000 does not fit.
    const v = processSingleTender(makeTender({ ticker: 'BULL', quantity: 70_000, price: 9.5 }), ctx, P);
    expect(v.accept).toBe(false);
    expect(v.reason).toMatch(/^limits: 70000 shares exceed the headroom of 60000/);
    expect(processSingleTender(makeTender({ ticker: 'BULL', quantity: 60_000, price: 9.5 }), ctx, P).accept).toBe(true);
  });

  test('an auction tender is bid at the best price for the institution that leaves the minimum edge', () => {
    const ctx = makeContext({ depth: 'auto' });
    const t = makeTender({
      ticker: 'BULL',
      quantity: 20_000,
      is_fixed_bid: false,
      price: null,
      caption: 'competitive auction',
    });
    const v = processSingleTender(t, ctx, P);
    // unwind 10 − 0.05 = 9.95; less the minimum edge 0.01 → 9.94.
    expect(v.price).toBe(9.94);
    expect(v.edgePerShare).toBeCloseTo(0.01, 10);
    expect(v.accept).toBe(true);
  });

  test("auctionBid 'expectedEdge' shades an auction bid against the reserve model; winner-take-all always shades", () => {
    const ctx = makeContext({ depth: 'auto' });
    const t = makeTender({ ticker: 'BULL', quantity: 20_000, is_fixed_bid: false, price: null, caption: 'auction' });
    // P(clear at p) = (0.25 − (9.98 − p)) / 0.25 against an unwind of 9.95: P·edge peaks at 9.84.
    expect(processSingleTender(t, ctx, { ...P, auctionBid: 'expectedEdge' }).price).toBe(9.84);
    const wta = { ...t, caption: 'in a winner-take-all auction' };
    expect(processSingleTender(wta, ctx, P).price).toBe(9.84);
  });

  test('only tickers in singles that are neither the ETF nor a basket leg are single tenders', () => {
    expect(isSingleTender({ ticker: 'BULL' }, P)).toBe(true);
    expect(isSingleTender({ ticker: 'RITC' }, P)).toBe(false);
    expect(isSingleTender({ ticker: 'BULL' }, { ...P, basket: ['BULL'] })).toBe(false);
  });
});

describe('competitive tender bids', () => {
  const base = {
    side: 1 as const,
    unwindNetPrice: 9.95,
    minEdgePerShare: 0.01,
    touch: 9.98,
    quotedDecimals: 2,
    discountMin: -0.05,
    discountMax: 0.25,
  };

  test('winner-take-all is recognised by its caption', () => {
    expect(isWinnerTakeAll({ caption: 'in a winner-take-all auction: submit' })).toBe(true);
    expect(isWinnerTakeAll({ caption: 'in a competitive auction: submit' })).toBe(false);
  });

  test('P(win) falls linearly over the rival range', () => {
    expect(rivalWinProbability(-0.05, -0.05, 0.25)).toBe(1);
    expect(rivalWinProbability(0.1, -0.05, 0.25)).toBeCloseTo(0.5, 12);
    expect(rivalWinProbability(0.3, -0.05, 0.25)).toBe(0);
  });

  test('winner-take-all: the bid maximises P(win)·edge, shading below the minimum-edge price', () => {
    const bid = chooseAuctionBid({ ...base, shade: true })!;
    // P(p) = (0.25 − (9.98 − p)) / 0.30, edge 9.95 − p: the product peaks at p = (9.95 + 9.73) / 2 = 9.84.
    expect(bid.price).toBe(9.84);
    expect(bid.pWin).toBeCloseTo(0.11 / 0.3, 10);
    expect(bid.edgePerShare).toBeCloseTo(0.11, 10);
    for (const p of [9.94, 9.9, 9.8, 9.75]) {
      const w = rivalWinProbability(9.98 - p, -0.05, 0.25);
      expect(w * (9.95 - p)).toBeLessThanOrEqual(bid.pWin * bid.edgePerShare + 1e-12);
    }
  });

  test('winner-take-all for a SELL tender shades upwards from the minimum-edge price', () => {
    const bid = chooseAuctionBid({ ...base, side: -1, unwindNetPrice: 10.05, touch: 10.02, shade: true })!;
    expect(bid.price).toBe(10.16);
    expect(bid.edgePerShare).toBeCloseTo(-(10.05 - 10.16), 10);
  });

  test('an auction bids the minimum-edge price; no positive price → null', () => {
    expect(chooseAuctionBid({ ...base, shade: false })).toEqual({
      price: 9.94,
      pWin: 1,
      edgePerShare: expect.closeTo(0.01, 10),
    });
    expect(chooseAuctionBid({ ...base, unwindNetPrice: 0.005, shade: false })).toBeNull();
  });
});

describe('single-security tenders in the strategy step', () => {
  test('a BULL tender is answered by the single path and its TENDER position unwound in BULL', () => {
    const t = makeTender({ ticker: 'BULL', quantity: 20_000, price: 9.8 });
    const out = runTenderStrategy(makeContext({ depth: 'auto', tenders: [t] }), P);
    expect(out.tenders).toEqual([expect.objectContaining({ tenderId: 1, accept: true, price: 9.8 })]);
    const later = runTenderStrategy(
      makeContext({ depth: 'auto', positions: { BULL: { TENDER: 20_000 } }, memory: out.memory }),
      P,
    );
    expect(later.orders).toHaveLength(1);
    expect(later.orders[0]).toMatchObject({ ticker: 'BULL', action: 'SELL', source: 'TENDER' });
    expect(readTenderMemory(later.memory).singles.BULL?.schedule?.base).toBe(20_000);
  });

  test('the ETF path still declines a tender on a ticker it does not handle when singles is empty', () => {
    const t = makeTender({ ticker: 'BULL', quantity: 20_000, price: 9.8 });
    const out = runTenderStrategy(makeContext({ depth: 'auto', tenders: [t] }), { ...P, singles: [] });
    expect(out.tenders).toEqual([expect.objectContaining({ accept: false })]);
  });
});
