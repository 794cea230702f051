import { chooseTenderPlan, type TenderPlanInput } from '../src';

// A BUY tender of 50,000 at 24.90 with the basket worth 25.00 USD (10 cents of edge held to the
// close), 4 cents less through the basket's touches and fees, 5 cents less through the RITC unwind.
const base: TenderPlanInput = {
  side: 1,
  quantity: 50_000,
  price: 24.9,
  fx: 1,
  basketValue: 25.0,
  basketNetPrice: 24.96,
  unwindNetPrice: 24.95,
  ticksLeft: 150,
  unwindTicks: 40,
  variancePerTick: 0.0016,
  riskAversion: 2e-7,
  minEdgePerShare: 0.01,
  hedgeFits: true,
};

describe('chooseTenderPlan: hold, hedge or unwind by expected value and variance', () => {
  test('small risk aversion: held to the free close-out, its EV and variance as stated', () => {
    const p = chooseTenderPlan(base);
    expect(p.plan).toBe('HOLD');
    const hold = p.scores.find((s) => s.plan === 'HOLD');
    expect(hold?.edgePerShare).toBeCloseTo(0.1, 12);
    expect(hold?.evCad).toBeCloseTo(5_000, 6);
    // 50,000² × 0.0016 × 150 = 6e8 CAD²; the penalty ½·2e-7·6e8 = 60 CAD.
    expect(hold?.varianceCad2).toBeCloseTo(6e8, 0);
    expect(hold?.score).toBeCloseTo(5_000 - 60, 6);
  });

  test('high risk aversion: the basket hedge locks the edge in with no variance left', () => {
    const p = chooseTenderPlan({ ...base, riskAversion: 1e-5 });
    expect(p.plan).toBe('HEDGE');
    const hedge = p.scores.find((s) => s.plan === 'HEDGE');
    expect(hedge?.varianceCad2).toBe(0);
    expect(hedge?.evCad).toBeCloseTo(0.06 * 50_000, 6);
  });

  test('a hedge that would breach the limits is not a choice: the unwind (a third of the risk) wins', () => {
    const p = chooseTenderPlan({ ...base, riskAversion: 1e-5, hedgeFits: false });
    expect(p.scores.some((s) => s.plan === 'HEDGE')).toBe(false);
    expect(p.plan).toBe('UNWIND');
  });

  test('a SELL tender below the basket value loses on every plan: declined', () => {
    const p = chooseTenderPlan({ ...base, side: -1, price: 24.95, basketNetPrice: 25.04, unwindNetPrice: 25.05 });
    expect(p.plan).toBeNull();
    expect(p.reason).toMatch(/no plan pays/);
  });

  test('the minimum edge applies to the chosen plan', () => {
    const p = chooseTenderPlan({ ...base, price: 24.995, minEdgePerShare: 0.01 });
    expect(p.plan).toBeNull();
  });

  test('nothing to value (no basket, no books): declined with a reason', () => {
    const p = chooseTenderPlan({ ...base, basketValue: null, basketNetPrice: null, unwindNetPrice: null });
    expect(p.plan).toBeNull();
    expect(p.scores).toHaveLength(0);
    expect(p.reason).toMatch(/no plan can be valued/);
  });
});
