import { DEFAULT_TENDER_PARAMS, initialTenderMemory, runTenderStrategy, type TenderParams } from '../src';
import { fittingShares, headroomGain, headroomValue } from '../src/tender/headroom';
import { makeContext, makeTender } from '../src/testing';

// Mean-variance plans: a hold worth less than nothing is declined (against the field it may be held).
const P: TenderParams = {
  ...DEFAULT_TENDER_PARAMS,
  ticker: 'RITC',
  basket: ['BULL', 'BEAR'],
  fx: 'USD',
  planObjective: 'meanVariance',
};

describe('the value of headroom', () => {
  test('E[N·1{N ≤ h}] for N uniform on [a, b]', () => {
    expect(fittingShares(5_000, 10_000, 100_000)).toBe(0);
    // Every size fits: the mean size.
    expect(fittingShares(150_000, 10_000, 100_000)).toBeCloseTo(55_000, 6);
    // Half the range fits: ∫ from 10,000 to 55,000 of n dn / 90,000.
    expect(fittingShares(55_000, 10_000, 100_000)).toBeCloseTo((55_000 ** 2 - 10_000 ** 2) / 180_000, 6);
  });

  test('a position toward zero is worth more; a flip to the same distance the other way is worth the same', () => {
    const base = { tendersLeft: 3, edgePerShare: 0.07, sizeMin: 10_000, sizeMax: 100_000 };
    // 90,000 long of a 100,000 limit: 10,000 to buy, 190,000 to sell.
    const at90 = { ...base, buyRoom: 10_000, sellRoom: 190_000 };
    expect(headroomValue(at90)).toBeCloseTo(3 * 0.07 * 0.5 * 55_000, 6);
    const toward = headroomGain(at90, -60_000);
    expect(toward).toBeCloseTo(3 * 0.07 * 0.5 * fittingShares(70_000, 10_000, 100_000), 6);
    expect(toward).toBeGreaterThan(2_000);
    const at30 = { ...base, buyRoom: 70_000, sellRoom: 130_000 };
    expect(headroomGain(at30, -60_000)).toBeCloseTo(0, 6);
  });
});

describe('an opposite tender held for the headroom it frees', () => {
  // 90,000 RITC held long (the net limit leaves 10,000); a SELL a little under the basket value (25.00).
  const held = { ...initialTenderMemory(), holdShares: 90_000 };
  const sellAt = (price: number, tick = 100) =>
    makeContext({
      tick,
      depth: 'auto',
      positions: { RITC: { TENDER: 90_000 } },
      tenders: [makeTender({ tender_id: 5, action: 'SELL', quantity: 60_000, price, tick, expires: tick + 6 })],
      memory: held,
    });

  test('a small loss on the hold is outweighed by the headroom freed, early in the heat', () => {
    const off = runTenderStrategy(sellAt(24.97), { ...P, tenderRatePerTick: 0 });
    expect(off.tenders).toEqual([expect.objectContaining({ tenderId: 5, accept: false })]);
    const out = runTenderStrategy(sellAt(24.97), P);
    expect(out.tenders).toEqual([expect.objectContaining({ tenderId: 5, accept: true, holdToClose: true })]);
    expect(out.tenders?.[0]?.reason).toMatch(/HOLD for the headroom it frees: hold -1800 CAD/);
    expect(out.memory.holdShares).toBe(30_000);
  });

  test('not when the loss is larger than the headroom is worth, nor with few ticks left', () => {
    expect(runTenderStrategy(sellAt(24.9), P).tenders).toEqual([expect.objectContaining({ accept: false })]);
    expect(runTenderStrategy(sellAt(24.97, 280), P).tenders).toEqual([expect.objectContaining({ accept: false })]);
  });
});
