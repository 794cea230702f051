import {
  basketVariancePerTick,
  DEFAULT_TENDER_PARAMS,
  legVariancePerTick,
  planObjectiveOf,
  processTenderOrder,
  sharpeRiskAversion,
  type TenderParams,
} from '../src';
import { makeContext, makeTender, LEGS_2020 } from '../src/testing';

const P: TenderParams = { ...DEFAULT_TENDER_PARAMS, ...LEGS_2020.tender };
const PRIOR = { relativeVariancePerTick: 4.9e-6, variancePriorTicks: 125 };
// No live σ yet: the prior alone (mid² × relative variance) decides.
const NO_SIGMA = { longRunSigma: null, sigmaMidPerTick: null };

describe('legVariancePerTick: a prior scaled by the price, giving way to the live σ', () => {
  test('without a live σ the prior is mid² × the relative variance', () => {
    expect(legVariancePerTick(20, null, 50, PRIOR)).toBeCloseTo(400 * 4.9e-6, 12);
  });

  test('after as many ticks as the prior weighs, prior and live count half each', () => {
    expect(legVariancePerTick(20, 0.1, 125, PRIOR)).toBeCloseTo((400 * 4.9e-6 + 0.01) / 2, 12);
  });

  test('the live σ takes over as the case goes on; without a price only the live σ is left', () => {
    const late = legVariancePerTick(20, 0.1, 100_000, PRIOR)!;
    expect(Math.abs(late - 0.01)).toBeLessThan(2e-5);
    expect(legVariancePerTick(Number.NaN, 0.1, 10, PRIOR)).toBeCloseTo(0.01, 12);
    expect(legVariancePerTick(Number.NaN, null, 10, PRIOR)).toBeNull();
  });
});

describe('basketVariancePerTick: from the case, not one case constant', () => {
  test('stocks at twice the price carry four times the variance', () => {
    const snapshots = { BULL: NO_SIGMA, BEAR: NO_SIGMA };
    const low = basketVariancePerTick(makeContext({ snapshots }), P)!;
    const high = basketVariancePerTick(
      makeContext({ snapshots, books: { BULL: [19.98, 20.02], BEAR: [29.98, 30.02] } }),
      P,
    )!;
    expect(low).toBeCloseTo((100 + 225) * 4.9e-6, 10);
    expect(high / low).toBeCloseTo(4, 6);
  });

  test('a leg without a usable book gives no variance', () => {
    const ctx = makeContext({
      snapshots: { BEAR: { flags: { stale: true, empty: false, oneSided: false, inactive: false } } },
    });
    expect(basketVariancePerTick(ctx, P)).toBeNull();
  });
});

describe('the plan objective and its risk aversion', () => {
  test('γ = μ / σ² of the rest of the heat, 0 when there is nothing to protect', () => {
    expect(sharpeRiskAversion(9_800, 8_600)).toBeCloseTo(9_800 / 8_600 ** 2, 15);
    expect(sharpeRiskAversion(-1, 8_600)).toBe(0);
    expect(sharpeRiskAversion(9_800, 0)).toBe(0);
  });

  test("'auto' beats the field with one listing and weighs our own risk with two", () => {
    expect(planObjectiveOf({ planObjective: 'auto', otherListings: [] })).toBe('beatField');
    expect(planObjectiveOf({ planObjective: 'auto', otherListings: ['XETF'] })).toBe('meanVariance');
    expect(planObjectiveOf({ planObjective: 'beatField', otherListings: ['XETF'] })).toBe('beatField');
    expect(planObjectiveOf({ planObjective: 'meanVariance', otherListings: [] })).toBe('meanVariance');
  });

  test('a large tender far from the close is held against the field, not at our own risk', () => {
    // Stocks at 20 and 30: the basket is 50.00 USD. A SELL of 68,000 at 50.04 is 4 cents a share
    // over the basket (2,720 CAD held to the close) with 244 ticks of a path of sd ≈ 85,000 CAD.
    const ctx = makeContext({
      depth: 'auto',
      tick: 56,
      books: { BULL: [19.98, 20.02], BEAR: [29.98, 30.02], RITC: [49.98, 50.02] },
      snapshots: { BULL: NO_SIGMA, BEAR: NO_SIGMA },
    });
    const tender = makeTender({ action: 'SELL', quantity: 68_000, price: 50.04, tick: 56, expires: 62 });
    const field = processTenderOrder(tender, ctx, P);
    expect(field.accept).toBe(true);
    expect(field.plan).toBe('HOLD');
    const own = processTenderOrder(tender, ctx, { ...P, otherListings: ['XETF'] });
    expect(own.plan).not.toBe('HOLD');
    expect(own.reason).toMatch(/meanVariance/);
  });
});
