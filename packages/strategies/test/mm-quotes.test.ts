import {
  computeMaxViableSpread,
  computeQuote,
  DEFAULT_MM_PARAMS,
  isOnGrid,
  minHalfWidth,
  type QuoteInput,
} from '../src';
import { makeSnapshot, LEGS_2020 } from '../src/testing';

const Z_0005 = 2.5758293035489004; // Φ⁻¹(0.995): the z of riskAversion 0.005
const P = { ...DEFAULT_MM_PARAMS, ...LEGS_2020.marketMaking };
const base: QuoteInput = {
  bestBid: 9.98,
  bestAsk: 10.02,
  quotedDecimals: 2,
  tradingFee: 0.02,
  limitOrderRebate: 0.01,
  maxViableSpread: 0.2,
  vpin: 0.4,
  signedImbalance: 0,
  inventory: 0,
  sigmaPerTick: 0.02,
  ticksLeft: 200,
};

describe('max viable spread', () => {
  test('z(1 − ra) × long-run σ × √horizon, the long-run σ preferred', () => {
    const s = makeSnapshot('BULL', 9.98, 10.02, { longRunSigma: 0.05, sigmaMidPerTick: 0.01 });
    expect(computeMaxViableSpread(s, 0.005)).toBeCloseTo(Z_0005 * 0.05, 12);
    expect(computeMaxViableSpread(s, 0.005, 4)).toBeCloseTo(2 * Z_0005 * 0.05, 12);
    // golden value: σ = 0.05 → Φ⁻¹(0.995) · 0.05 = 0.12879146517744502
    expect(computeMaxViableSpread(s, 0.005)).toBeCloseTo(0.12879146517744502, 9);
    expect(
      computeMaxViableSpread(makeSnapshot('BULL', 9.98, 10.02, { longRunSigma: null, sigmaMidPerTick: 0.01 }), 0.005),
    ).toBeCloseTo(Z_0005 * 0.01, 12);
    expect(
      computeMaxViableSpread(makeSnapshot('BULL', 9.98, 10.02, { longRunSigma: null, sigmaMidPerTick: null }), 0.005),
    ).toBeNull();
  });
});

describe('quote computation', () => {
  test('width = VPIN × max spread on each side, rounded outwards to the grid', () => {
    const q = computeQuote(base, P);
    expect(q.halfWidth).toBeCloseTo(0.08, 12);
    expect(q.bid).toBe(9.92);
    expect(q.ask).toBe(10.08);
  });

  test('VPIN floor and the one-tick minimum (no fee floor: offsets are passive)', () => {
    expect(minHalfWidth(2, 1)).toBeCloseTo(0.01, 12);
    expect(minHalfWidth(2, 3)).toBeCloseTo(0.03, 12);
    const q = computeQuote({ ...base, vpin: 0.01, maxViableSpread: 0.02 }, P);
    expect(q.halfWidth).toBeCloseTo(0.01, 12); // 0.25 (floor) × 0.02 = 0.005 < one tick
    const wide = computeQuote({ ...base, vpin: 0.01, maxViableSpread: 0.2 }, P);
    expect(wide.halfWidth).toBeCloseTo(0.25 * 0.2, 12);
  });

  test('buyers dominating raise BOTH quotes (the ask moves away from the mid)', () => {
    const flat = computeQuote(base, P);
    const buy = computeQuote({ ...base, signedImbalance: 0.6 }, P);
    const sell = computeQuote({ ...base, signedImbalance: -0.6 }, P);
    expect(buy.bid).toBeGreaterThan(flat.bid);
    expect(buy.ask).toBeGreaterThan(flat.ask);
    expect(buy.ask - 10).toBeGreaterThan(10 - buy.bid);
    expect(sell.bid).toBeLessThan(flat.bid);
    expect(sell.ask).toBeLessThan(flat.ask);
  });

  test('long inventory lowers both quotes (linear and Avellaneda–Stoikov)', () => {
    const flat = computeQuote(base, P);
    const long = computeQuote({ ...base, inventory: 5000 }, P);
    expect(long.bid).toBeLessThan(flat.bid);
    expect(long.ask).toBeLessThan(flat.ask);
    const as = computeQuote({ ...base, inventory: 5000 }, { ...P, inventorySkew: 'avellanedaStoikov' });
    // r − mid = −q γ σ² (T − t) = −5000 × 2e-4 × 0.0004 × 200 = −0.08
    expect(as.inventoryShift).toBeCloseTo(-0.08, 12);
    const short = computeQuote({ ...base, inventory: -5000 }, { ...P, inventorySkew: 'avellanedaStoikov' });
    expect(short.bid).toBeGreaterThan(flat.bid);
  });

  test('quotes never cross the opposite touch and stay on the grid', () => {
    const q = computeQuote(
      { ...base, signedImbalance: 1, inventory: -20_000, maxViableSpread: 0.01, vpin: 1 },
      { ...P, imbalanceSkew: 2 },
    );
    expect(q.bid).toBeLessThanOrEqual(10.01);
    expect(q.ask).toBeGreaterThanOrEqual(9.99);
    expect(isOnGrid(q.bid, 2) && isOnGrid(q.ask, 2)).toBe(true);
    expect(q.ask).toBeGreaterThan(q.bid);
  });
});

describe('quote placement against the market touch', () => {
  const narrowModel: QuoteInput = { ...base, bestBid: 9.97, bestAsk: 10.03, maxViableSpread: 0.02, vpin: 0.3 };

  test('a tight model quotes one tick inside the touch, not at the mid', () => {
    const q = computeQuote(narrowModel, P);
    expect(q.bid).toBe(9.98);
    expect(q.ask).toBe(10.02);
  });

  test('a wide model stays behind the touch', () => {
    const q = computeQuote({ ...narrowModel, maxViableSpread: 0.4 }, P);
    expect(q.bid).toBeLessThan(9.97);
    expect(q.ask).toBeGreaterThan(10.03);
  });

  test('our own quote at the touch is not chased: the quote stays where it is', () => {
    // The snapshot shows our 9.98 / 10.02 as the touch.
    const q = computeQuote({ ...narrowModel, bestBid: 9.98, bestAsk: 10.02, ownBid: 9.98, ownAsk: 10.02 }, P);
    expect(q.marketBid).toBe(9.97);
    expect(q.marketAsk).toBe(10.03);
    expect(q.bid).toBe(9.98);
    expect(q.ask).toBe(10.02);
    // A quote of ours the snapshot does not show at the touch leaves the touch as it is.
    const behind = computeQuote({ ...narrowModel, ownBid: 9.9 }, P);
    expect(behind.marketBid).toBe(9.97);
  });

  test('inventory makes the reducing side more aggressive than one tick inside, never crossing', () => {
    const long = computeQuote({ ...narrowModel, inventory: 8000 }, P);
    expect(long.ask).toBeLessThan(10.02);
    expect(long.ask).toBeGreaterThanOrEqual(9.98);
    expect(long.bid).toBeLessThan(9.98);
    expect(long.ask - long.bid).toBeGreaterThanOrEqual(0.01 - 1e-9);
  });

  test('a market spread under minMarketSpreadTicks is flagged narrow', () => {
    expect(computeQuote({ ...narrowModel, bestBid: 9.99, bestAsk: 10.01 }, P).narrow).toBe(true);
    expect(computeQuote(narrowModel, P).narrow).toBe(false);
  });

  test('the ETF centre moves fairValueWeight of the way toward the basket value', () => {
    const rich = computeQuote({ ...narrowModel, fairValue: 9.8 }, { ...P, fairValueWeight: 0.5 }); // ETF 0.2 over its basket
    expect(rich.centre).toBeCloseTo(10 - 0.1, 9);
    expect(rich.bid).toBeLessThan(9.97); // no longer buying the rich ETF at the touch
    expect(rich.ask).toBeLessThanOrEqual(10.02);
    const none = computeQuote({ ...narrowModel, fairValue: 9.8 }, { ...P, fairValueWeight: 0 });
    expect(none.centre).toBeCloseTo(10, 9);
  });
});
