import { ceilToTick, floorToTick, isOnGrid, maxAdditionalShares, roundToTick, fitsLimits, walkBook } from '../src';
import { makeContext } from '../src/testing';

describe('price grid', () => {
  test('floor/ceil/round on 2 and 4 decimals, robust to float noise', () => {
    expect(floorToTick(24.369999999, 2)).toBe(24.37);
    expect(floorToTick(24.3751, 2)).toBe(24.37);
    expect(ceilToTick(24.3701, 2)).toBe(24.38);
    expect(ceilToTick(0.1 + 0.2, 2)).toBe(0.3);
    expect(roundToTick(1.00015, 4)).toBe(1.0002);
    expect(isOnGrid(24.37, 2)).toBe(true);
    expect(isOnGrid(24.375, 2)).toBe(false);
  });
});

describe('limit headroom', () => {
  test('RITC counts twice: 100,000 net headroom is 50,000 RITC shares', () => {
    const ctx = makeContext({ positions: { BULL: { TENDER: 100_000 } } });
    // net 100,000 of 200,000: buying RITC adds 2 per share.
    expect(maxAdditionalShares(ctx, 'RITC', 'BUY')).toBe(50_000);
    expect(maxAdditionalShares(ctx, 'BULL', 'BUY')).toBe(100_000);
    // selling RITC reduces net first; gross (100,000 of 300,000) binds: 200,000/2.
    expect(maxAdditionalShares(ctx, 'RITC', 'SELL')).toBe(100_000);
    expect(maxAdditionalShares(ctx, 'USD', 'BUY')).toBe(Number.POSITIVE_INFINITY);
  });

  test('reducing a position frees gross before using it', () => {
    const ctx = makeContext({ positions: { RITC: { TENDER: 50_000 } } }); // gross 100,000, net 100,000
    // selling: first 50,000 shares reduce gross to 0, then 300,000 gross / 2 more and net 200,000/2.
    expect(maxAdditionalShares(ctx, 'RITC', 'SELL')).toBe(150_000);
    expect(fitsLimits(ctx, { RITC: -150_000 })).toBe(true);
    expect(fitsLimits(ctx, { RITC: -150_001 })).toBe(false);
    expect(maxAdditionalShares(ctx, 'RITC', 'BUY', { fraction: 0.5 })).toBe(0);
  });
});

describe('book walk', () => {
  test('VWAP over levels and conservative extrapolation past the visible depth', () => {
    const w = walkBook(
      [
        [25, 1000],
        [24.9, 1000],
      ],
      3000,
      -1,
    );
    expect(w.filled).toBe(2000);
    expect(w.vwap).toBeCloseTo(24.95, 10);
    expect(w.worst).toBe(24.9);
    // 1,000 extra at 24.9 − 0.1
    expect(w.vwapExtrapolated).toBeCloseTo((25000 + 24900 + 24800) / 3000, 10);
    expect(walkBook([], 10, 1).vwap).toBeNull();
  });
});
