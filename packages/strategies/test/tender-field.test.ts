import { choosePlanAgainstField, type TenderPlanInput } from '../src';

// A BUY tender of 50,000 at 25.02 with the basket worth 25.00 USD: 2 cents a share worse than nothing
// held to the close (−1,000 CAD), 150 ticks left: the field (which holds every tender) carries a path
// of sd √(50,000² × 0.0016 × 150) ≈ 24,500 CAD that we would give up by declining.
const base: TenderPlanInput = {
  side: 1,
  quantity: 50_000,
  price: 25.02,
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
const field = { edgeCad: 9_800, noiseSdCad: 8_600 };

describe('choosePlanAgainstField: the best chance of finishing the heat ahead of a field that holds', () => {
  test('a slightly bad tender is still held: declining swaps a small sure loss for a coin flip', () => {
    const r = choosePlanAgainstField(base, field);
    expect(r.plan).toBe('HOLD');
    const hold = r.scores.find((s) => s.plan === 'HOLD');
    const decline = r.scores.find((s) => s.plan === 'DECLINE');
    // Φ((9,800 − 1,000) / 8,600) against Φ(9,800 / √(8,600² + 6e8)).
    expect(hold?.pAhead).toBeCloseTo(0.8469, 3);
    expect(decline?.pAhead).toBeCloseTo(0.6471, 3);
    expect(hold?.trackingVarianceCad2).toBe(0);
    expect(decline?.trackingVarianceCad2).toBeCloseTo(6e8, 0);
  });

  test('a tender bad enough to cost our whole edge is declined', () => {
    const r = choosePlanAgainstField({ ...base, price: 25.4 }, field);
    expect(r.plan).toBeNull();
    expect(r.reason).toMatch(/DECLINE against the field/);
  });

  test('with no edge over the field, a tender worth less than nothing is not held', () => {
    const r = choosePlanAgainstField(base, { edgeCad: 0, noiseSdCad: 8_600 });
    expect(r.plan).not.toBe('HOLD');
  });
});
