/**
 * Price-grid helpers. RIT prices live on a grid of 10^-quoted_decimals; we work in integer tick
 * counts so that floating-point noise (0.1 + 0.2) never leaks into an order price.
 */

/** Size of one price tick for `quotedDecimals` (2 → 0.01). */
export function tickSize(quotedDecimals: number): number {
  return 10 ** -quotedDecimals;
}

// Tolerance for values that are already on the grid but carry float noise (24.369999999).
const EPS_TICKS = 1e-7;

function fromTicks(ticks: number, quotedDecimals: number): number {
  return Number((ticks / 10 ** quotedDecimals).toFixed(quotedDecimals));
}

/** Largest grid price ≤ price (for bids: rounding never makes a bid more aggressive). */
export function floorToTick(price: number, quotedDecimals: number): number {
  return fromTicks(Math.floor(price * 10 ** quotedDecimals + EPS_TICKS), quotedDecimals);
}

/** Smallest grid price ≥ price (for asks). */
export function ceilToTick(price: number, quotedDecimals: number): number {
  return fromTicks(Math.ceil(price * 10 ** quotedDecimals - EPS_TICKS), quotedDecimals);
}

/** Nearest grid price. */
export function roundToTick(price: number, quotedDecimals: number): number {
  return fromTicks(Math.round(price * 10 ** quotedDecimals), quotedDecimals);
}

/** True when `price` is on the grid (within float noise). */
export function isOnGrid(price: number, quotedDecimals: number): boolean {
  const t = price * 10 ** quotedDecimals;
  return Math.abs(t - Math.round(t)) < 1e-6;
}

/** Distance between two prices in ticks (rounded: both are expected on the grid). */
export function ticksBetween(a: number, b: number, quotedDecimals: number): number {
  return Math.round(Math.abs(a - b) * 10 ** quotedDecimals);
}
