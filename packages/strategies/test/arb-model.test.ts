import {
  calibrateModel,
  constructHistoricalSpread,
  DEFAULT_ARB_PARAMS,
  getOptimalThreshold,
  getThresholdProbabilityCurve,
  type ArbitrageParams,
} from '../src';
import { makeHistory, type CaseHistory, LEGS_2020 } from '../src/testing';
import type { HistoryView } from '../src';
import { at } from '@ritc/quant';

const P: ArbitrageParams = { ...DEFAULT_ARB_PARAMS, ...LEGS_2020.arbitrage };

/** History whose basket wanders far (large x range) so the regression is well identified. */
function trendingHistory(n: number, usd = 1.25): CaseHistory {
  const h = makeHistory(n, { usd, rho: 0.5, noise: 0.02 });
  const drift = (i: number): number => 3 * Math.sin(i / 40);
  h.mid.BULL = h.mid.BULL.map((x, i) => x + drift(i));
  h.mid.RITC = h.mid.RITC.map((x, i) => x + drift(i) / usd);
  return h;
}

describe('arbitrage calibration', () => {
  test('cointegrated history with β ≈ 1: the Engle–Granger estimate is used', () => {
    const notes: string[] = [];
    const m = calibrateModel(trendingHistory(400), P, 50, notes)!;
    expect(m.structural).toBe(false);
    expect(m.cointPValue!).toBeLessThan(0.05);
    expect(Math.abs(m.beta - 1)).toBeLessThan(0.05);
    expect(m.calibratedTick).toBe(50);
    expect(m.threshold).toBeGreaterThanOrEqual(1.1 * m.slippage - 1e-12);
  });

  test('not cointegrated (spread is a random walk): structural β = 1 with a note', () => {
    const h = makeHistory(300, { rho: 1, noise: 0.05 });
    const notes: string[] = [];
    const m = calibrateModel(h, P, 0, notes)!;
    expect(m.structural).toBe(true);
    expect(m.beta).toBe(1);
    expect(m.alpha).toBe(0);
    expect(notes.join(' ')).toMatch(/not cointegrated|too far from 1/);
  });

  test('β far from 1 falls back to β = 1', () => {
    const h = trendingHistory(400);
    h.mid.RITC = h.mid.RITC.map((x) => x * 1.3); // ETF worth 30% more than its basket
    const notes: string[] = [];
    const m = calibrateModel(h, P, 0, notes)!;
    expect(m.structural).toBe(true);
    expect(notes.join(' ')).toMatch(/too far from 1/);
  });

  test('too few or broken samples: no model, a reason', () => {
    const notes: string[] = [];
    expect(calibrateModel(makeHistory(10), P, 0, notes)).toBeNull();
    expect(notes[0]).toMatch(/clean samples/);
    const h = makeHistory(100);
    for (let i = 0; i < 90; i++) h.mid.USD[i] = NaN;
    expect(calibrateModel(h, P, 0, [])).toBeNull();
    expect(calibrateModel(undefined, P, 0, [])).toBeNull();
  });

  test('historical spread = β·RITC·USD + α − (BULL + BEAR); slippage sums the legs in CAD', () => {
    const h: HistoryView = {
      tick: [1, 2],
      mid: { RITC: [20, 21], USD: [1.25, 1.2], BULL: [10, 10], BEAR: [15, 15] },
      spread: { RITC: [0.04, 0.04], USD: [0.0002, 0.0002], BULL: [0.02, 0.02], BEAR: [0.03, 0.03] },
    };
    const r = constructHistoricalSpread(h, { beta: 1, alpha: 0 }, LEGS_2020.arbitrage);
    expect(r.spread[0]).toBeCloseTo(0, 12);
    expect(r.spread[1]).toBeCloseTo(0.2, 12);
    expect(r.slippage).toBeCloseTo((0.04 * 1.25 + 0.0002 * 20 + (0.04 * 1.2 + 0.0002 * 21)) / 2 + 0.05, 12);
  });
});

describe('thresholds', () => {
  test('curve is non-increasing in [0, 1] and starts near 1', () => {
    const h = makeHistory(500, { rho: 0.7, noise: 0.05 });
    const { spread, slippage } = constructHistoricalSpread(h, { beta: 1, alpha: 0 }, LEGS_2020.arbitrage);
    const c = getThresholdProbabilityCurve(spread, slippage);
    expect(c.threshold[0]).toBe(0);
    c.probability.slice(1).forEach((p, i) => expect(p).toBeLessThanOrEqual(at(c.probability, i) + 1e-12));
    expect(c.probability.every((p) => p >= 0 && p <= 1)).toBe(true);
    expect(c.raw[0]).toBeGreaterThan(0.95);
  });

  test('optimal threshold of uniform noise is ≈ a/2 (argmax Δ·P), floored by slippage', () => {
    const n = 4000;
    const spread = Array.from({ length: n }, (_, i) => -1 + (2 * (i + 0.5)) / n); // U(−1, 1)
    const c = getThresholdProbabilityCurve(spread, 0.01, { lambda: 0 });
    expect(getOptimalThreshold(c, 0.01)).toBeCloseTo(0.5, 1);
    expect(getOptimalThreshold(c, 0.6)).toBeCloseTo(0.66, 12);
  });
});
