import type { OrderAction } from '@ritc/rit-client';
import type { StrategyContext } from '../context';

/**
 * Limit arithmetic with RIT's rules: gross = Σ|position × weight|, net = Σ position × weight over the
 * securities of a limit group (the ETF's weight is 2 in the 2020 ETF case, currencies excluded). The
 * context carries one LimitView per group but not group membership, so every non-currency security is
 * counted in every group (the 2020 case has one group) — conservative when there are several.
 */

export function weightOf(ctx: StrategyContext, ticker: string): number {
  const sec = ctx.securities[ticker];
  if (!sec || sec.isCurrency) return 0;
  return Number.isFinite(sec.limitWeight) && sec.limitWeight > 0 ? sec.limitWeight : 1;
}

export function positionOf(ctx: StrategyContext, ticker: string): number {
  return ctx.positions[ticker]?.position ?? 0;
}

/** Signed shares still to fill of own open orders on `ticker` (BUY +, SELL −), optionally filtered. */
export function pendingOf(
  ctx: StrategyContext,
  ticker: string,
  exclude: ReadonlySet<number> = new Set(),
): { buy: number; sell: number } {
  let buy = 0;
  let sell = 0;
  for (const o of ctx.openOrders) {
    if (o.ticker !== ticker || exclude.has(o.orderId)) continue;
    const rest = Math.max(0, o.quantity - o.filled);
    if (o.action === 'BUY') buy += rest;
    else sell += rest;
  }
  return { buy, sell };
}

/**
 * Largest whole number of shares that can be added on `ticker` in direction `action` without any
 * limit exceeding `fraction` of its gross/net limit, assuming `pendingSigned` shares of the same
 * ticker (own working orders, other legs of the same decision) fill first.
 * `extraGross`/`extraNet` add weighted usage from other tickers of the same decision.
 */
export function maxAdditionalShares(
  ctx: StrategyContext,
  ticker: string,
  action: OrderAction,
  opts: { pendingSigned?: number; extraGross?: number; extraNet?: number; fraction?: number } = {},
): number {
  const w = weightOf(ctx, ticker);
  if (w === 0) return Number.POSITIVE_INFINITY;
  const fraction = opts.fraction ?? 1;
  const d = action === 'BUY' ? 1 : -1;
  const p0 = positionOf(ctx, ticker);
  const p1 = p0 + (opts.pendingSigned ?? 0);
  let best = Number.POSITIVE_INFINITY;
  for (const lim of ctx.limits) {
    const G = lim.grossLimit * fraction;
    const N = lim.netLimit * fraction;
    const gross = lim.gross + w * (Math.abs(p1) - Math.abs(p0)) + (opts.extraGross ?? 0);
    const net = lim.net + w * (p1 - p0) + (opts.extraNet ?? 0);
    // net: |net + d·w·q| ≤ N  →  q ≤ (N − d·net)/w
    const qNet = (N - d * net) / w;
    // gross: the first |p1| shares against the position reduce gross, the rest add to it.
    const reducing = d * p1 < 0 ? Math.abs(p1) : 0;
    const qGross = reducing + (G - (gross - w * reducing)) / w;
    best = Math.min(best, qNet, qGross);
  }
  if (!Number.isFinite(best)) return best;
  return Math.max(0, Math.floor(best + 1e-9));
}

/** One limit group's gross and net after applying signed share deltas per ticker. */
function usageAfter(
  ctx: StrategyContext,
  lim: StrategyContext['limits'][number],
  deltas: Record<string, number>,
): { gross: number; net: number } {
  let gross = lim.gross;
  let net = lim.net;
  for (const [ticker, dq] of Object.entries(deltas)) {
    const w = weightOf(ctx, ticker);
    if (w === 0) continue;
    const p = positionOf(ctx, ticker);
    gross += w * (Math.abs(p + dq) - Math.abs(p));
    net += w * dq;
  }
  return { gross, net };
}

/** Usage after applying signed share deltas per ticker; true when every limit holds (≤ fraction). */
export function fitsLimits(ctx: StrategyContext, deltas: Record<string, number>, fraction = 1): boolean {
  for (const lim of ctx.limits) {
    const { gross, net } = usageAfter(ctx, lim, deltas);
    if (gross > lim.grossLimit * fraction + 1e-9 || Math.abs(net) > lim.netLimit * fraction + 1e-9) return false;
  }
  return true;
}

/**
 * True when applying the deltas leaves no limit group's gross or |net| higher than now: such a trade
 * only frees room, whatever share of the limits other books already hold.
 */
export function leavesLimitsNoWorse(ctx: StrategyContext, deltas: Record<string, number>): boolean {
  for (const lim of ctx.limits) {
    const { gross, net } = usageAfter(ctx, lim, deltas);
    if (gross > lim.gross + 1e-9 || Math.abs(net) > Math.abs(lim.net) + 1e-9) return false;
  }
  return true;
}

/**
 * Largest `action` shares of `ticker` that fit the full limits even if every resting order of ours
 * that adds in the same direction fills first (the engine's risk gate judges an order or a tender by
 * that worst case, so a larger accept would be refused). For a position held to the close no margin
 * is kept for hedges: orders over a limit are refused, not fined, and a held position trades no more.
 */
export function worstCaseHeadroom(
  ctx: StrategyContext,
  ticker: string,
  action: OrderAction,
  reservedSigned = 0,
): number {
  const d = action === 'BUY' ? 1 : -1;
  let extraGross = 0;
  let extraNet = 0;
  let own = reservedSigned;
  const tickers = new Set(ctx.openOrders.map((o) => o.ticker));
  for (const t of tickers) {
    const w = weightOf(ctx, t);
    if (w === 0) continue;
    const { buy, sell } = pendingOf(ctx, t);
    const same = d > 0 ? buy : -sell;
    if (t === ticker) {
      own += same;
      continue;
    }
    const p = positionOf(ctx, t);
    extraNet += w * same;
    extraGross += w * (Math.max(Math.abs(p + buy), Math.abs(p - sell)) - Math.abs(p));
  }
  return maxAdditionalShares(ctx, ticker, action, { pendingSigned: own, extraGross, extraNet, fraction: 1 });
}
