import {
  basketFairValue,
  computeHidingVolume,
  DEFAULT_TENDER_PARAMS,
  processTenderOrder,
  watchForTenders,
  type TenderParams,
} from '../src';
import { makeContext, makeSnapshot, makeTender, LEGS_2020 } from '../src/testing';
import { computeOptimalVolume, normalQuantile } from '@ritc/quant';

// These tests are about valuing the RITC unwind alone (no hold/hedge/unwind plan choice).
const P: TenderParams = { ...DEFAULT_TENDER_PARAMS, ...LEGS_2020.tender, closeOutFree: false };

describe('tender valuation', () => {
  // Default books: RITC 24.98/25.02 (mid 25.00, half-spread 0.02), BULL 9.98/10.02, BEAR 14.98/15.02,
  // USD 0.9999/1.0001 → basket value 25.00 USD. Depth: 10 levels of 10,000 one cent apart.
  test('a BUY tender well below the mid is accepted; the edge is anchor − price − execution − impact', () => {
    const ctx = makeContext({ depth: 'auto' });
    const v = processTenderOrder(makeTender({ quantity: 20_000, price: 24.8 }), ctx, P);
    // 20,000 in 3 × (1 + 4) children, large = 5/9 of a third = 3,704 shares: the walk stays at the bid.
    // execution = half-spread 0.02 + fee 0.02 + walk 0; permanent impact 1e-6·20,000/2 = 0.01.
    expect(v.anchor).toBeCloseTo(25.0, 10);
    expect(v.executionCostPerShare).toBeCloseTo(0.04, 10);
    expect(v.impactPerShare).toBeCloseTo(0.01, 12);
    expect(v.edgePerShare).toBeCloseTo(25.0 - 24.8 - 0.04 - 0.01, 10);
    expect(v.accept).toBe(true);
    expect(v.price).toBe(24.8);
    expect(v.unwindAction).toBe('SELL');
    expect(v.m).toBe(-20_000);
    // For the report: dumping all 20,000 now walks two levels (24.98, 24.97) and pays the fee.
    expect(v.dumpNetPrice).toBeCloseTo(24.975 - 0.02, 10);
  });

  test('a large child that walks the book is charged its walk beyond the touch', () => {
    // 54,000 → large child 54,000·5/27 = 10,000; with 2,000-share levels it walks five of them:
    // VWAP 24.96, 0.02 beyond the bid.
    const thin = {
      RITC: {
        bids: Array.from(
          { length: 10 },
          (_, i) => [Math.round((24.98 - i * 0.01) * 100) / 100, 2000] as [number, number],
        ),
        asks: [[25.02, 2000]] as Array<[number, number]>,
      },
    };
    const ctx = makeContext({ depth: thin });
    const v = processTenderOrder(makeTender({ quantity: 54_000, price: 24.5 }), ctx, P);
    expect(v.executionCostPerShare).toBeCloseTo(0.02 + 0.02 + 0.02, 10);
  });

  test('a tender priced at the touch is declined: spread, fees and impact eat the premium', () => {
    const v = processTenderOrder(makeTender({ quantity: 50_000, price: 24.97 }), makeContext({ depth: 'auto' }), P);
    expect(v.accept).toBe(false);
    expect(v.reason).toMatch(/edge -0\.0350 USD\/share < 0.01/);
  });

  test('a SELL tender is valued against buying back above the mid', () => {
    const ctx = makeContext({ depth: 'auto' });
    const good = processTenderOrder(makeTender({ action: 'SELL', quantity: 10_000, price: 25.2 }), ctx, P);
    expect(good.unwindAction).toBe('BUY');
    expect(good.edgePerShare).toBeCloseTo(25.2 - 25.0 - 0.04 - 0.005, 10);
    expect(good.accept).toBe(true);
    const bad = processTenderOrder(makeTender({ action: 'SELL', quantity: 10_000, price: 25.03 }), ctx, P);
    expect(bad.accept).toBe(false);
  });

  test('the basket anchors the value: a rich ETF does not flatter a BUY tender, a cheap one helps by half the gap', () => {
    // RITC 25.28/25.32 (mid 25.30) over a basket of 25.00: a BUY tender at 25.15 looks 0.15 under the mid...
    const rich = makeContext({ depth: 'auto', books: { RITC: [25.28, 25.32] } });
    const v = processTenderOrder(makeTender({ quantity: 10_000, price: 25.15 }), rich, P);
    expect(v.basketValue).toBeCloseTo(25.0, 10);
    expect(v.anchor).toBeCloseTo(25.0, 10);
    expect(v.accept).toBe(false);
    // ...and is worth it when the basket is ignored.
    expect(
      processTenderOrder(makeTender({ quantity: 10_000, price: 25.15 }), rich, { ...P, anchorToBasket: false }).accept,
    ).toBe(true);
    // RITC 24.78/24.82 (mid 24.80) under the basket: half of the 0.20 gap is credited.
    const cheap = makeContext({ depth: 'auto', books: { RITC: [24.78, 24.82] } });
    const c = processTenderOrder(makeTender({ quantity: 10_000, price: 24.75 }), cheap, P);
    expect(c.anchor).toBeCloseTo(24.9, 10);
    expect(c.edgePerShare).toBeCloseTo(24.9 - 24.75 - 0.04 - 0.005, 10);
    expect(c.accept).toBe(true);
    // The same for a SELL tender mirrored: RITC cheap is a gap against us (anchor = basket, full).
    const s = processTenderOrder(makeTender({ action: 'SELL', quantity: 10_000, price: 24.9 }), cheap, P);
    expect(s.anchor).toBeCloseTo(25.0, 10);
    expect(s.accept).toBe(false);
  });

  test('passive fills credited by expectedPassiveShare', () => {
    const ctx = makeContext({ depth: 'auto' });
    const v = processTenderOrder(makeTender({ quantity: 20_000, price: 24.95 }), ctx, {
      ...P,
      expectedPassiveShare: 0.5,
    });
    // ½·(0.02 + 0.02) − ½·(0.02 + rebate 0.01) = 0.005
    expect(v.executionCostPerShare).toBeCloseTo(0.005, 10);
    expect(v.accept).toBe(true);
    expect(processTenderOrder(makeTender({ quantity: 20_000, price: 24.95 }), ctx, P).accept).toBe(false);
  });

  test('limit breach: declined with the reason (RITC weight 2)', () => {
    const ctx = makeContext({ depth: 'auto', positions: { RITC: { TENDER: 50_000 } } }); // net 100,000 of 200,000
    const v = processTenderOrder(makeTender({ quantity: 50_000, price: 24.5 }), ctx, P);
    expect(v.accept).toBe(false);
    expect(v.reason).toMatch(/limits/);
  });

  test('too late in the heat to unwind: declined on time', () => {
    // 50,000 → 15 children × 4 ticks = 60 ticks (the volume, 10,000 a tick, would allow 10); at tick
    // 240 only 300 − 10 − 240 = 50 are left.
    const late = processTenderOrder(
      makeTender({ quantity: 50_000, price: 24.5, expires: 250 }),
      makeContext({ tick: 240, depth: 'auto', snapshots: { RITC: { sigmaPerBucket: null, volume: 2_400_000 } } }),
      P,
    );
    expect(late.accept).toBe(false);
    expect(late.reason).toMatch(/time: the unwind needs ≈ 60 ticks .* 50 left/);
    // The market's volume can be the binding constraint: 200,000 shares in 100 ticks = 2,000 a tick, and
    // 50,000 at 50% participation need 100,000 → 50 ticks; at tick 200 there are 90.
    const ok = processTenderOrder(
      makeTender({ quantity: 50_000, price: 24.5, expires: 210 }),
      makeContext({ tick: 200, depth: 'auto', snapshots: { RITC: { sigmaPerBucket: null, volume: 400_000 } } }),
      P,
    );
    expect(ok.accept).toBe(true);
    const slow = processTenderOrder(
      makeTender({ quantity: 50_000, price: 24.5, expires: 210 }),
      makeContext({ tick: 200, depth: 'auto', snapshots: { RITC: { sigmaPerBucket: null, volume: 100_000 } } }),
      P,
    );
    expect(slow.reason).toMatch(/time: the unwind needs ≈ 200 ticks/);
  });

  test('expired, wrong ticker, flow against the unwind, unusable book', () => {
    const ctx = makeContext({ tick: 120, depth: 'auto' });
    expect(processTenderOrder(makeTender({ expires: 110, price: 24 }), ctx, P).reason).toMatch(/expired/);
    expect(processTenderOrder(makeTender({ ticker: 'BULL', price: 9 }), ctx, P).reason).toMatch(/only RITC/);
    const selling = makeContext({ depth: 'auto', snapshots: { RITC: { signedImbalance: -0.8 } } });
    expect(processTenderOrder(makeTender({ price: 24.5 }), selling, P).reason).toMatch(/flow imbalance/);
    const stale = makeContext({
      snapshots: { RITC: { flags: { stale: true, empty: false, oneSided: false, inactive: false } } },
    });
    expect(processTenderOrder(makeTender({ price: 24 }), stale, P).reason).toMatch(/no usable RITC book/);
  });

  test('non-fixed tenders get a bid on the grid that leaves the required edge', () => {
    const v = processTenderOrder(
      makeTender({ is_fixed_bid: false, price: null, quantity: 10_000 }),
      makeContext({ depth: 'auto' }),
      P,
    );
    expect(v.accept).toBe(true);
    // anchor 25.00 − execution 0.04 − impact 0.005 − edge 0.01 = 24.945 → floor 24.94
    expect(v.price).toBe(24.94);
  });

  test('basketFairValue: Σ stock mids over the FX mid; null when a leg is unusable', () => {
    const ctx = makeContext({ books: { USD: [1.2499, 1.2501] } });
    expect(basketFairValue(ctx, P)).toBeCloseTo(25 / 1.25, 10);
    const stale = makeContext({
      snapshots: { BEAR: { flags: { stale: true, empty: false, oneSided: false, inactive: false } } },
    });
    expect(basketFairValue(stale, P)).toBeNull();
  });
});

describe('hiding volume (OEH)', () => {
  test('uses the UNWIND sign, v_B = buy fraction, z_λ negative', () => {
    const snap = makeSnapshot('RITC', 24.98, 25.02, {
      buyFraction: 0.45,
      sigmaPerBucket: 0.03,
      bucketVolume: 5000,
      longRunSigma: 0.02,
    });
    const S = normalQuantile(0.995) * 0.02;
    const z = -normalQuantile(0.95);
    expect(z).toBeLessThan(0);
    const sell = computeHidingVolume(-20_000, snap, P);
    expect(sell).toBeCloseTo(computeOptimalVolume(-20_000, 1, 0.45, 0.03, 5000, S, z, 1e-6), 6);
    expect(sell!).toBeGreaterThanOrEqual(20_000);
    // The sign matters (the original bot passed the TENDER's sign): a buy differs from a sell...
    const buy = computeHidingVolume(20_000, snap, P)!;
    expect(Math.abs(sell! - buy)).toBeGreaterThan(100);
    // ...and mirrors it under v_B → 1 − v_B (the model's symmetry).
    const mirrored = computeHidingVolume(20_000, { ...snap, buyFraction: 0.55 }, P)!;
    expect(mirrored).toBeCloseTo(sell!, 6);
    expect(computeHidingVolume(-20_000, makeSnapshot('RITC', 1, 2, { sigmaPerBucket: null }), P)).toBeNull();
  });
});

describe('watchForTenders', () => {
  test('answers each tender once, soonest expiry first, accepted tenders reserve limit room', () => {
    const limits = [{ name: 'L', gross: 0, net: 0, grossLimit: 300_000, netLimit: 60_000 }];
    const t1 = makeTender({ tender_id: 1, quantity: 20_000, price: 24.6, expires: 110 });
    const t2 = makeTender({ tender_id: 2, quantity: 20_000, price: 24.6, expires: 105 });
    const ctx = makeContext({ depth: 'auto', tenders: [t1, t2], limits });
    const out = watchForTenders(ctx, { ...P, limitFraction: 1 });
    // Tender 2 expires first: accepted (40,000 net); tender 1 would make 80,000 > 60,000.
    expect(out.tenders!.map((a) => [a.tenderId, a.accept])).toEqual([
      [2, true],
      [1, false],
    ]);
    expect(out.tenders?.[0]?.price).toBe(24.6);
    expect(out.tenders?.[1]?.reason).toMatch(/limits/);
    const again = watchForTenders({ ...ctx, memory: out.memory }, P);
    expect(again.tenders).toEqual([]);
  });
});
