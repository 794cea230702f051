import { computeHidingVolume, DEFAULT_TENDER_PARAMS, processTenderOrder, watchForTenders, type TenderParams } from '../src';
import { makeContext, makeSnapshot, makeTender } from '../src/testing';
import { computeOptimalVolume, normalQuantile } from '@ritc/quant';

const P: TenderParams = { ...DEFAULT_TENDER_PARAMS, basket: ['BULL', 'BEAR'] };

describe('tender valuation', () => {
  test('a BUY tender well below the bids is accepted, valued on the depth walk net of fees and impact', () => {
    const ctx = makeContext({ depth: 'auto' });
    const v = processTenderOrder(makeTender({ quantity: 20_000, price: 24.8 }), ctx, P);
    // Bids 24.98 and 24.97 with 10,000 each → VWAP 24.975, minus fee 0.02, minus impact 1e-6·20,000/2.
    expect(v.ritcNetPrice).toBeCloseTo(24.955, 10);
    expect(v.impactPerShare).toBeCloseTo(0.01, 12);
    expect(v.edgePerShare).toBeCloseTo(24.955 - 24.8 - 0.01, 10);
    expect(v.accept).toBe(true);
    expect(v.price).toBe(24.8);
    expect(v.unwindAction).toBe('SELL');
    expect(v.m).toBe(-20_000);
  });

  test('a tender priced at the touch is declined: walking the book and fees eat the premium', () => {
    const v = processTenderOrder(makeTender({ quantity: 50_000, price: 24.97 }), makeContext({ depth: 'auto' }), P);
    expect(v.accept).toBe(false);
    expect(v.reason).toMatch(/edge .* ≤ 0.01/);
  });

  test('a SELL tender is valued against lifting the asks', () => {
    const ctx = makeContext({ depth: 'auto' });
    const good = processTenderOrder(makeTender({ action: 'SELL', quantity: 10_000, price: 25.2 }), ctx, P);
    expect(good.unwindAction).toBe('BUY');
    expect(good.ritcNetPrice).toBeCloseTo(25.02 + 0.02, 10);
    expect(good.accept).toBe(true);
    const bad = processTenderOrder(makeTender({ action: 'SELL', quantity: 10_000, price: 25.03 }), ctx, P);
    expect(bad.accept).toBe(false);
  });

  test('the basket route is used when it is worth more than the ETF book', () => {
    // RITC bids depressed; BULL + BEAR still 25 CAD at USD 1.
    const ctx = makeContext({ depth: 'auto', books: { RITC: [24.7, 24.74] } });
    const v = processTenderOrder(makeTender({ quantity: 10_000, price: 24.6 }), ctx, P);
    expect(v.route).toBe('BASKET');
    // (9.98 + 14.98 − 0.04) / 1.0001
    expect(v.basketNetPrice).toBeCloseTo((9.98 + 14.98 - 0.04) / 1.0001, 10);
    expect(v.accept).toBe(true);
    const ritcOnly = processTenderOrder(makeTender({ quantity: 10_000, price: 24.6 }), ctx, { ...P, allowBasketRoute: false });
    expect(ritcOnly.route).toBe('RITC');
  });

  test('limit breach: declined with the reason (RITC weight 2)', () => {
    const ctx = makeContext({ depth: 'auto', positions: { RITC: { TENDER: 50_000 } } }); // net 100,000 of 200,000
    const v = processTenderOrder(makeTender({ quantity: 50_000, price: 24.5 }), ctx, P);
    expect(v.accept).toBe(false);
    expect(v.reason).toMatch(/limits/);
  });

  test('expired, wrong ticker, flow against the unwind, unusable book', () => {
    const ctx = makeContext({ tick: 120, depth: 'auto' });
    expect(processTenderOrder(makeTender({ expires: 110, price: 24 }), ctx, P).reason).toMatch(/expired/);
    expect(processTenderOrder(makeTender({ ticker: 'BULL', price: 9 }), ctx, P).reason).toMatch(/only RITC/);
    const selling = makeContext({ depth: 'auto', snapshots: { RITC: { signedImbalance: -0.8 } } });
    expect(processTenderOrder(makeTender({ price: 24.5 }), selling, P).reason).toMatch(/flow imbalance/);
    const stale = makeContext({ snapshots: { RITC: { flags: { stale: true, empty: false, oneSided: false, inactive: false } } } });
    expect(processTenderOrder(makeTender({ price: 24 }), stale, P).reason).toMatch(/no usable RITC book/);
  });

  test('non-fixed tenders get a bid on the grid that leaves the required edge', () => {
    const v = processTenderOrder(makeTender({ is_fixed_bid: false, price: null, quantity: 10_000 }), makeContext({ depth: 'auto' }), P);
    expect(v.accept).toBe(true);
    // unwind 24.98 − 0.02 = 24.96; minus impact 0.005 and edge 0.01 → 24.945 → floor 24.94
    expect(v.price).toBe(24.94);
  });
});

describe('hiding volume (OEH)', () => {
  test('uses the UNWIND sign, v_B = buy fraction, z_λ negative', () => {
    const snap = makeSnapshot('RITC', 24.98, 25.02, { buyFraction: 0.45, sigmaPerBucket: 0.03, bucketVolume: 5000, longRunSigma: 0.02 });
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
    expect(out.tenders!.map((a) => [a.tenderId, a.accept])).toEqual([[2, true], [1, false]]);
    expect(out.tenders![0].price).toBe(24.6);
    expect(out.tenders![1].reason).toMatch(/limits/);
    const again = watchForTenders({ ...ctx, memory: out.memory }, P);
    expect(again.tenders).toEqual([]);
  });
});
