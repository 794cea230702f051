import {
  avellanedaStoikovQuotes,
  glftCoefficients,
  glftDepths,
  maxViableSpread,
  normalCdf,
  optimalSpread,
  reservationPrice,
  skewedOffsets,
  vpinSpread,
} from '../src';
import { expectRel } from './helpers';

describe('original bot spread', () => {
  test('max viable spread uses Φ⁻¹ (not the first version’s Φ)', () => {
    expectRel(maxViableSpread(0.005, 1), 2.5758293035489004, 1e-14);
    expectRel(normalCdf(1 - 0.005), 0.840131867824506, 1e-14); // the bug, for the record
    expectRel(maxViableSpread(0.01, 1), 2.3263478740408408, 1e-14);
    expectRel(maxViableSpread(0.05, 1), 1.6448536269514722, 1e-14);
    const max = maxViableSpread(0.005, 0.05);
    expectRel(max, 0.12879146517744502, 1e-14);
    expectRel(vpinSpread(0.4, max), 0.05151658607097801, 1e-14);
  });

  test('asymmetric placement with the signed imbalance', () => {
    const spread = 0.05151658607097801;
    const pos = skewedOffsets(spread, 0.3);
    expectRel(pos.bid, 0.03606161024968461, 1e-14);
    expectRel(pos.ask, 0.015454975821293402, 1e-14);
    const neg = skewedOffsets(spread, -0.3);
    expectRel(neg.ask, 0.03606161024968461, 1e-14);
    expectRel(neg.bid, 0.015454975821293402, 1e-14);
    expect(skewedOffsets(0.1, 0)).toEqual({ bid: 0.1, ask: 0.1 });
  });

  test('bad input', () => {
    expect(() => maxViableSpread(0, 1)).toThrow(/riskAversion must be in \(0,1\)/);
    expect(() => skewedOffsets(0.1, 1.5)).toThrow(/imbalance must be in/);
    expect(() => vpinSpread(NaN, 1)).toThrow(/finite/);
  });
});

describe('Avellaneda–Stoikov', () => {
  test('golden s=100, q=2, γ=0.1, σ=2, T−t=1, κ=1.5', () => {
    const q = avellanedaStoikovQuotes({ mid: 100, inventory: 2, gamma: 0.1, sigma: 2, timeLeft: 1, kappa: 1.5 });
    expectRel(q.reservation, 99.2, 1e-14);
    expectRel(q.spread, 1.6907704227514233, 1e-14);
    expectRel(q.bid, 98.35461478862429, 1e-14);
    expectRel(q.ask, 100.04538521137572, 1e-14);
    expectRel(reservationPrice(100, -2, 0.1, 2, 1), 100.8, 1e-14);
  });

  test.each([
    [0.01, 1.3289085437337023],
    [0.1, 1.2907704227514234],
    [0.5, 1.1507282898071234],
  ])('κ-term (2/γ)ln(1 + γ/κ), γ = %p', (gamma, expected) => {
    expectRel(optimalSpread(gamma, 2, 0, 1.5), expected, 1e-13);
  });

  test('bad input', () => {
    expect(() => optimalSpread(0, 2, 1, 1.5)).toThrow(/gamma must be > 0/);
    expect(() => reservationPrice(100, 1, 0.1, 2, -1)).toThrow(/timeLeft must be ≥ 0/);
  });
});

describe('GLFT', () => {
  const p = { gamma: 0.05, A: 1, kappa: 1.5, sigma: 2 };
  test('coefficients', () => {
    const c = glftCoefficients(p);
    expectRel(c.c1, 0.6557964564598194, 1e-14);
    expectRel(c.c2, 0.21461060610114233, 1e-14);
    expectRel(c.halfSpread, 0.8704070625609618, 1e-14);
    expectRel(c.skew, 0.42922121220228465, 1e-14);
  });

  test('depths for q = 1, −1, 3', () => {
    const d1 = glftDepths(p, 1);
    expectRel(d1.bidDepth, 1.2996282747632464, 1e-14);
    expectRel(d1.askDepth, 0.4411858503586771, 1e-14);
    const dm1 = glftDepths(p, -1);
    expectRel(dm1.askDepth, 1.2996282747632464, 1e-14);
    expectRel(dm1.bidDepth, 0.4411858503586771, 1e-14);
    const d3 = glftDepths(p, 3);
    expectRel(d3.bidDepth, 2.1580706991678156, 1e-14);
    expectRel(d3.askDepth, -0.4172565740458921, 1e-13);
  });
});
