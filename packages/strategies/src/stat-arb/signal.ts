import { ar1HalfLife, pooledAr1, projectOutFactor } from '../quant';

/**
 * The stat-arb signal, pure: each stock's log price against its start, with the index's common move
 * taken out through the betas (what is left are the stocks' own residuals, as far as a book with no
 * index exposure can trade them), their reversion speed, and the expected gain of trading them back.
 */

/** Each stock's log price from its anchor, with the factor along `betas` projected out. */
export function factorFreeResiduals(logMids: readonly number[], anchors: readonly number[], betas: readonly number[]) {
  return projectOutFactor(
    logMids.map((m, i) => m - anchors[i]!),
    betas,
  );
}

/** Half-life of the residuals, ticks: the history's pooled AR(1) once it has `minSamples`, else the prior. */
export function residualHalfLife(history: readonly (readonly number[])[], minSamples: number, prior: number): number {
  const n = Math.min(...history.map((h) => h.length));
  if (!(n >= minSamples)) return prior;
  const phi = pooledAr1(history);
  return phi === null ? prior : ar1HalfLife(phi);
}

export interface EdgeInput {
  /** Factor-free residuals (log units). */
  residuals: readonly number[];
  /** One-way cost of trading each stock, as a fraction of its price (half the spread plus the fee). */
  costFractions: readonly number[];
  halfLifeTicks: number;
  horizonTicks: number;
}

/**
 * Expected reversion gain of the book w = −λ·residuals over its one-way trading cost (λ cancels):
 * κ·|r|² / Σ|rᵢ|·cᵢ, with κ = 1 − ½^(horizon/half-life) the part of the gap expected to decay. The
 * book holds no index exposure because the residuals are orthogonal to the betas.
 */
export function reversionEdge(e: EdgeInput): number {
  const kappa = Number.isFinite(e.halfLifeTicks) ? 1 - Math.pow(0.5, e.horizonTicks / e.halfLifeTicks) : 0;
  let gain = 0;
  let cost = 0;
  e.residuals.forEach((r, i) => {
    gain += r * r;
    cost += Math.abs(r) * e.costFractions[i]!;
  });
  if (!(cost > 0)) return 0;
  return (kappa * gain) / cost;
}

export interface TargetInput {
  residuals: readonly number[];
  prices: readonly number[];
  /** Fraction of the full size, [0, 1]. */
  scale: number;
  grossShares: number;
  /** Largest |Σ shares| (net limit with weight 1 per share). */
  netShares: number;
}

/**
 * Target shares of each stock: dollar weights against the residuals (sell the rich, buy the cheap),
 * `scale × grossShares` gross, scaled down as a whole (so it stays index-neutral) to the net cap.
 * Index-neutral in money: Σ sharesᵢ·priceᵢ·betaᵢ = 0 up to whole-share rounding.
 */
export function targetShares(t: TargetInput): number[] {
  const perShare = t.residuals.map((r, i) => -r / t.prices[i]!);
  const norm = perShare.reduce((s, x) => s + Math.abs(x), 0);
  if (!(norm > 0) || !(t.scale > 0)) return t.residuals.map(() => 0);
  let k = (t.scale * t.grossShares) / norm;
  const net = Math.abs(perShare.reduce((s, x) => s + x, 0)) * k;
  if (net > t.netShares) k *= t.netShares / net;
  return perShare.map((x) => Math.trunc(x * k));
}

/** Size as a fraction of full: 0 below the entry edge, growing linearly to 1 at the full edge. */
export function sizeFraction(edge: number, entryEdge: number, fullEdge: number): number {
  if (!(edge > entryEdge)) return 0;
  return Math.min(1, (edge - entryEdge) / (fullEdge - entryEdge));
}
