import type { EngineSecurity } from '../securities';

/** Per ticker: filled position and the remaining size of all live (open, queued, in-flight, unknown) orders. */
export interface TickerExposure {
  position: number;
  /** Remaining shares of live BUY orders (≥ 0). */
  buys: number;
  /** Remaining shares of live SELL orders (≥ 0). */
  sells: number;
}

export interface LimitGroup {
  name: string;
  grossLimit: number;
  netLimit: number;
}

export interface GroupUsage {
  name: string;
  /** From filled positions only. */
  gross: number;
  net: number;
  /** If every live order filled on the worse side: Σ w·max(|p+buys|, |p−sells|). */
  worstGross: number;
  /** max(|Σ w(p+buys)|, |Σ w(p−sells)|). */
  worstNet: number;
  grossLimit: number;
  netLimit: number;
}

/**
 * Worst-case usage of one limit group. Each ticker can end anywhere between p − sells and p + buys;
 * gross takes the larger magnitude per ticker, net the worse of all-long and all-short. Currencies
 * have no weight (they are excluded when the weights are built).
 */
export function groupUsage(
  group: LimitGroup,
  exposures: Record<string, TickerExposure>,
  securities: Record<string, EngineSecurity>,
): GroupUsage {
  let gross = 0,
    net = 0,
    worstGross = 0,
    netHigh = 0,
    netLow = 0;
  for (const [ticker, x] of Object.entries(exposures)) {
    const w = securities[ticker]?.limitWeights[group.name];
    if (!w) continue;
    const hi = x.position + x.buys;
    const lo = x.position - x.sells;
    gross += w * Math.abs(x.position);
    net += w * x.position;
    worstGross += w * Math.max(Math.abs(hi), Math.abs(lo));
    netHigh += w * hi;
    netLow += w * lo;
  }
  return {
    name: group.name,
    gross,
    net,
    worstGross,
    worstNet: Math.max(Math.abs(netHigh), Math.abs(netLow)),
    grossLimit: group.grossLimit,
    netLimit: group.netLimit,
  };
}

export function withinLimits(u: GroupUsage, usage = 1): boolean {
  return u.worstGross <= u.grossLimit * usage + 1e-9 && u.worstNet <= u.netLimit * usage + 1e-9;
}

/** An order is acceptable if it keeps the group within limits, or at least does not make a breach worse. */
export function acceptable(before: GroupUsage, after: GroupUsage, usage = 1): boolean {
  if (withinLimits(after, usage)) return true;
  return after.worstGross <= before.worstGross + 1e-9 && after.worstNet <= before.worstNet + 1e-9;
}
