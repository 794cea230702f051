import { DEFAULT_CLOSE_OUT_PARAMS, decideCloseOut, validateCloseOutParams } from '../src';

describe('decideCloseOut: flatten before the close or leave it to the free close-out', () => {
  test('a position a few ticks before the close is held: crossing costs more than the risk left', () => {
    const d = decideCloseOut(
      { quantity: 20_000, price: 25, halfSpread: 0.02, fee: 0.02, fx: 1, ticksLeft: 4 },
      DEFAULT_CLOSE_OUT_PARAMS,
    );
    expect(d.flatten).toBe(false);
    expect(d.costCad).toBeCloseTo(800, 9);
    // ½ · 2e-7 · 20,000² · 4.9e-6 · 25² · 4 = 0.49 CAD
    expect(d.riskCad).toBeCloseTo(0.49, 9);
  });

  test('a risk-averse setting with many ticks left flattens', () => {
    const p = validateCloseOutParams({ riskAversion: 1e-3 });
    const d = decideCloseOut({ quantity: 20_000, price: 25, halfSpread: 0.02, fee: 0.02, fx: 1, ticksLeft: 100 }, p);
    expect(d.flatten).toBe(true);
  });

  test('when the close-out is not free, everything is flattened', () => {
    const p = validateCloseOutParams({ closeOutFree: false });
    const d = decideCloseOut({ quantity: 100, price: 10, halfSpread: 0.01, fee: 0.02, fx: 1, ticksLeft: 1 }, p);
    expect(d.flatten).toBe(true);
  });

  test('unknown cost (no book) flattens rather than guesses', () => {
    const d = decideCloseOut(
      { quantity: 100, price: NaN, halfSpread: 0.01, fee: 0.02, fx: 1, ticksLeft: 4 },
      DEFAULT_CLOSE_OUT_PARAMS,
    );
    expect(d.flatten).toBe(true);
  });

  test('bad parameters are refused', () => {
    expect(() => validateCloseOutParams({ riskAversion: -1 })).toThrow();
    expect(() => validateCloseOutParams({ nope: 1 })).toThrow();
  });
});
