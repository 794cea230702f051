// Market-making quote models: the original bot's VPIN-scaled, imbalance-skewed spread,
// Avellaneda–Stoikov (2008) and Guéant–Lehalle–Fernandez-Tapia (GLFT).
// All prices/offsets are in price units; callers round to the security's quoted_decimals.

import { QuantError, assertFinite, assertPositive } from './errors';
import { normalQuantile } from './normal';

/** Φ⁻¹(1 − riskAversion)·σ (the bot's "max viable spread"; its first version wrongly used Φ). */
export function maxViableSpread(riskAversion: number, sigma: number): number {
  assertFinite('maxViableSpread: riskAversion', riskAversion);
  if (!(riskAversion > 0 && riskAversion < 1))
    throw new QuantError('E_DOMAIN', `maxViableSpread: riskAversion must be in (0,1), got ${riskAversion}`);
  assertFinite('maxViableSpread: sigma', sigma);
  if (sigma < 0) throw new QuantError('E_DOMAIN', `maxViableSpread: sigma must be ≥ 0, got ${sigma}`);
  return normalQuantile(1 - riskAversion) * sigma;
}

/** VPIN-scaled spread: VPIN · maxSpread (the bot stops quoting above a VPIN cut-off, 0.8). */
export function vpinSpread(vpin: number, maxSpread: number): number {
  assertFinite('vpinSpread: vpin', vpin);
  if (vpin < 0 || vpin > 1) throw new QuantError('E_DOMAIN', `vpinSpread: vpin must be in [0,1], got ${vpin}`);
  assertFinite('vpinSpread: maxSpread', maxSpread);
  return vpin * maxSpread;
}

export interface QuoteOffsets {
  /** Distance below the mid for the bid (price units, ≥ 0). */
  bid: number;
  /** Distance above the mid for the ask (price units, ≥ 0). */
  ask: number;
}

/**
 * The original bot's asymmetric placement with signed imbalance I ∈ [−1, 1] (positive = net
 * buying, with the sign FIXED relative to the original, which inverted it):
 * ask = spread·|I| if I > 0 else spread·(1 − |I|); bid = spread·|I| if I < 0 else spread·(1 − |I|).
 */
export function skewedOffsets(spread: number, imbalance: number): QuoteOffsets {
  assertFinite('skewedOffsets: spread', spread);
  assertFinite('skewedOffsets: imbalance', imbalance);
  if (spread < 0) throw new QuantError('E_DOMAIN', `skewedOffsets: spread must be ≥ 0, got ${spread}`);
  if (imbalance < -1 || imbalance > 1)
    throw new QuantError('E_DOMAIN', `skewedOffsets: imbalance must be in [−1,1], got ${imbalance}`);
  const a = Math.abs(imbalance);
  return {
    ask: imbalance > 0 ? spread * a : spread * (1 - a),
    bid: imbalance < 0 ? spread * a : spread * (1 - a),
  };
}

/** Avellaneda–Stoikov reservation price r = s − q·γ·σ²·(T − t). */
export function reservationPrice(
  mid: number,
  inventory: number,
  gamma: number,
  sigma: number,
  timeLeft: number,
): number {
  assertFinite('reservationPrice: mid', mid);
  assertFinite('reservationPrice: inventory', inventory);
  assertPositive('reservationPrice: gamma', gamma);
  assertFinite('reservationPrice: sigma', sigma);
  assertFinite('reservationPrice: timeLeft', timeLeft);
  if (timeLeft < 0) throw new QuantError('E_DOMAIN', `reservationPrice: timeLeft must be ≥ 0, got ${timeLeft}`);
  return mid - inventory * gamma * sigma * sigma * timeLeft;
}

/** Avellaneda–Stoikov total spread δᵃ + δᵇ = γσ²(T − t) + (2/γ)·ln(1 + γ/κ). */
export function optimalSpread(gamma: number, sigma: number, timeLeft: number, kappa: number): number {
  assertPositive('optimalSpread: gamma', gamma);
  assertFinite('optimalSpread: sigma', sigma);
  assertFinite('optimalSpread: timeLeft', timeLeft);
  if (timeLeft < 0) throw new QuantError('E_DOMAIN', `optimalSpread: timeLeft must be ≥ 0, got ${timeLeft}`);
  assertPositive('optimalSpread: kappa', kappa);
  return gamma * sigma * sigma * timeLeft + (2 / gamma) * Math.log1p(gamma / kappa);
}

export interface AvellanedaStoikovParams {
  mid: number;
  /** Signed inventory q (shares or lots, consistent with σ's unit). */
  inventory: number;
  gamma: number;
  /** Price volatility per unit time (σ² · time = price²). */
  sigma: number;
  /** T − t in the same time unit as σ (e.g. ticks left in the heat). */
  timeLeft: number;
  /** Order-arrival decay κ (λ(δ) = A e^{−κδ}). */
  kappa: number;
}

export interface Quotes {
  reservation: number;
  spread: number;
  bid: number;
  ask: number;
}

/** Quotes r ± spread/2. */
export function avellanedaStoikovQuotes(p: AvellanedaStoikovParams): Quotes {
  const reservation = reservationPrice(p.mid, p.inventory, p.gamma, p.sigma, p.timeLeft);
  const spread = optimalSpread(p.gamma, p.sigma, p.timeLeft, p.kappa);
  return { reservation, spread, bid: reservation - spread / 2, ask: reservation + spread / 2 };
}

export interface GlftParams {
  gamma: number;
  /** ξ; defaults to γ. */
  xi?: number;
  /** Order size unit Δ; default 1. */
  delta?: number;
  /** Arrival-intensity scale A. */
  A: number;
  kappa: number;
  sigma: number;
}

export interface GlftCoefficients {
  c1: number;
  c2: number;
  /** c1 + (Δ/2)·σ·c2. */
  halfSpread: number;
  /** σ·c2: quote shift per unit of inventory. */
  skew: number;
}

/** GLFT (Guéant, Lehalle, Fernandez-Tapia) infinite-horizon approximation, eqs. 4.6–4.7. */
export function glftCoefficients(p: GlftParams): GlftCoefficients {
  assertPositive('glft: gamma', p.gamma);
  const xi = p.xi ?? p.gamma;
  const delta = p.delta ?? 1;
  assertPositive('glft: xi', xi);
  assertPositive('glft: delta', delta);
  assertPositive('glft: A', p.A);
  assertPositive('glft: kappa', p.kappa);
  assertFinite('glft: sigma', p.sigma);
  const xd = xi * delta;
  const c1 = Math.log1p(xd / p.kappa) / xd;
  const c2 = Math.sqrt((p.gamma / (2 * p.A * delta * p.kappa)) * Math.pow(1 + xd / p.kappa, p.kappa / xd + 1));
  return { c1, c2, halfSpread: c1 + (delta / 2) * p.sigma * c2, skew: p.sigma * c2 };
}

export interface GlftDepths {
  /** δᵇ(q): distance of the bid below the fair price (may be negative: then clamp to the book). */
  bidDepth: number;
  /** δᵃ(q): distance of the ask above the fair price (may be negative: clamp to the book). */
  askDepth: number;
}

/** δᵇ(q) = c1 + ((2q + Δ)/2)σc2, δᵃ(q) = c1 − ((2q − Δ)/2)σc2. */
export function glftDepths(p: GlftParams, inventory: number): GlftDepths {
  assertFinite('glftDepths: inventory', inventory);
  const { c1, c2 } = glftCoefficients(p);
  const delta = p.delta ?? 1;
  return {
    bidDepth: c1 + ((2 * inventory + delta) / 2) * p.sigma * c2,
    askDepth: c1 - ((2 * inventory - delta) / 2) * p.sigma * c2,
  };
}
