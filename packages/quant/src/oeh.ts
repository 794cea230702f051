// Optimal Execution Horizon (Easley, López de Prado, O'Hara, Mathematical Finance 2015):
// a line-by-line port of the paper's Python (signum / getOI / getBounds / minFoot), plus the
// input checks the original lacked (its callers passed z_λ > 0 and got NaN or negative volumes).

import { QuantError, assertFinite, assertPositive } from './errors';

/** sgn(x) ∈ {−1, 0, 1}. */
export function signum(x: number): number {
  return x > 0 ? 1 : x < 0 ? -1 : 0;
}

/** The paper nudges φ into the open interval (0, 1) so 1/(φ − 1) and φ/φ stay finite. */
function clampPhi(phi: number): number {
  let p = phi;
  if (p >= 1) p -= 1e-12;
  if (p <= 0) p += 1e-12;
  return p;
}

function checkCommon(where: string, m: number, phi: number, vB: number, sigma: number, volSigma: number): void {
  // Fast path first: the messages below are only built when something is wrong.
  if (
    Number.isFinite(m) &&
    phi >= 0 &&
    phi <= 1 &&
    vB >= 0 &&
    vB <= 1 &&
    sigma > 0 &&
    sigma < Infinity &&
    volSigma > 0 &&
    volSigma < Infinity
  )
    return;
  assertFinite(`${where}: m`, m);
  assertFinite(`${where}: phi`, phi);
  if (phi < 0 || phi > 1)
    throw new QuantError('E_DOMAIN', `${where}: phi (leaked fraction) must be in [0,1], got ${phi}`);
  assertFinite(`${where}: vB`, vB);
  if (vB < 0 || vB > 1)
    throw new QuantError('E_DOMAIN', `${where}: vB (buy fraction of others' volume) must be in [0,1], got ${vB}`);
  assertPositive(`${where}: sigma`, sigma);
  assertPositive(`${where}: volSigma`, volSigma);
}

function checkRange(where: string, S_S: number, zLambda: number, k: number): void {
  if (S_S >= 0 && S_S < Infinity && k >= 0 && k < Infinity && zLambda < 0 && zLambda > -Infinity) return;
  assertFinite(`${where}: S_S`, S_S);
  if (S_S < 0) throw new QuantError('E_DOMAIN', `${where}: S_S (trading range) must be ≥ 0, got ${S_S}`);
  assertFinite(`${where}: k`, k);
  if (k < 0) throw new QuantError('E_DOMAIN', `${where}: k (permanent-impact factor) must be ≥ 0, got ${k}`);
  assertFinite(`${where}: zLambda`, zLambda);
  if (zLambda >= 0) {
    throw new QuantError(
      'E_DOMAIN',
      `${where}: zLambda must be negative (z_λ = Φ⁻¹(λ), e.g. −1.644853627 for λ = 0.05), got ${zLambda}; ` +
        'a positive value makes the base of ^(2/3) negative (the original bot passed +2.576 and got NaN)',
    );
  }
}

/** OI(V) = φ·[(m − (2v_B − 1)|m|)/V + (2v_B − 1)] + (1 − φ)(2v_B − 1). σ, V_σ unused (kept for the paper's signature). */
export function getOI(v: number, m: number, phi: number, vB: number, sigma: number, volSigma: number): number {
  checkCommon('getOI', m, phi, vB, sigma, volSigma);
  if (!(v > 0 && v < Infinity)) assertPositive('getOI: v', v);
  return rawOI(v, m, phi, vB);
}

function rawOI(v: number, m: number, phi: number, vB: number): number {
  const b = 2 * vB - 1;
  return phi * ((m - b * Math.abs(m)) / v + b) + (1 - phi) * b;
}

export interface OehBounds {
  /** Lower bound on v_B (sells use the v2 root only when v_B ≥ vBl). */
  vBl: number;
  /** Upper bound on v_B (buys use the v1 root only when v_B ≤ vBu). */
  vBu: number;
  /** v_B at which the zero-imbalance volume equals |m|. */
  vBz: number;
}

/** The paper's getBounds (φ nudged into (0,1) exactly as minFoot does, so φ = 1 gives finite bounds). */
export function getBounds(
  m: number,
  phi: number,
  vB: number,
  sigma: number,
  volSigma: number,
  S_S: number,
  zLambda: number,
  k: number,
): OehBounds {
  checkCommon('getBounds', m, phi, vB, sigma, volSigma);
  checkRange('getBounds', S_S, zLambda, k);
  return rawBounds(m, clampPhi(phi), sigma, volSigma, S_S, zLambda, k);
}

function rawBounds(
  m: number,
  phi: number,
  sigma: number,
  volSigma: number,
  S_S: number,
  zLambda: number,
  k: number,
): OehBounds {
  const s = signum(m);
  const range = S_S + Math.abs(m) * k;
  const d = (zLambda * sigma * Math.sqrt(Math.abs(m))) / (4 * phi * range * Math.sqrt(volSigma));
  return {
    vBl: (s + 1) / 2 - d,
    vBu: (s + 1) / 2 + d,
    vBz: ((s * phi) / (phi - 1) + 1) / 2,
  };
}

/**
 * V*, the volume over which to execute the signed order m (the paper's minFoot).
 * Always ≥ |m| for valid inputs; m = 0 gives 0. Units: V*, m and volSigma in shares;
 * sigma and S_S in price units.
 */
export function computeOptimalVolume(
  m: number,
  phi: number,
  vB: number,
  sigma: number,
  volSigma: number,
  S_S: number,
  zLambda: number,
  k = 0,
): number {
  checkCommon('computeOptimalVolume', m, phi, vB, sigma, volSigma);
  checkRange('computeOptimalVolume', S_S, zLambda, k);
  const p = clampPhi(phi);
  const absM = Math.abs(m);
  const b = 2 * vB - 1;
  const A = b * absM;
  const range = S_S + absM * k;
  const scale = (2 * p * range * Math.sqrt(volSigma)) / (zLambda * sigma);
  if (A < m) {
    const v1 = Math.pow((A - m) * scale, 2 / 3);
    if (rawOI(v1, m, p, vB) > 0) {
      return vB <= rawBounds(m, p, sigma, volSigma, S_S, zLambda, k).vBu ? v1 : absM;
    }
  } else if (A > m) {
    const v2 = Math.pow((m - A) * scale, 2 / 3);
    if (rawOI(v2, m, p, vB) < 0) {
      return vB >= rawBounds(m, p, sigma, volSigma, S_S, zLambda, k).vBl ? v2 : absM;
    }
  } else {
    return absM;
  }
  // The smooth optimum would flip the sign of OI: stop at the OI = 0 volume (or |m| if smaller).
  const vBz = rawBounds(m, p, sigma, volSigma, S_S, zLambda, k).vBz;
  const zeroOiVolume = p * (absM - m / b);
  if (m < 0) return vB < vBz ? zeroOiVolume : absM;
  return vB >= vBz ? zeroOiVolume : absM;
}
