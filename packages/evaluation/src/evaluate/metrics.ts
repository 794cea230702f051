/**
 * The figures of one case, judged by the exchange (the simulator's own account) wherever it knows
 * them, and by the bot's report for what only the bot knows (P&L by source). Money in CAD.
 */
import type { RunSummary } from '@ritc/runner';
import type { CaseSnapshot } from './sim-case';

export interface CaseMetrics {
  seed: number;
  bot: string;
  /** The exchange's nlv at the end, CAD. */
  pnl: number;
  /** Attributed by the bot (engine) or by construction (baselines); CAD. */
  pnlMarketMaking: number;
  pnlArbitrage: number;
  pnlTender: number;
  /**
   * What the bot could not attribute to a source (its HEDGE bucket: position corrections, a close-out
   * at a price other than the one it booked), CAD; the sources and this sum to the bot's own P&L.
   */
  pnlOther: number;
  /** Fees paid, CAD (RITC fees are USD, converted at the close-out rate). */
  fees: number;
  rebates: number;
  fines: number;
  /** Ticks spent over a limit (only possible when limits are not enforced) — each is a fine. */
  limitBreachTicks: number;
  /** Orders the exchange refused for a limit. */
  limitRefusals: number;
  /** Risk transitions out of ACTIVE that the bot reported. */
  riskEvents: number;
  tendersOffered: number;
  tendersAccepted: number;
  /** Orders the exchange accepted from the bot. */
  orders: number;
  /** 429 answers (real and injected). */
  rateLimited: number;
  /** Orders still open at the exchange when the bot had shut down. */
  openOrdersAtExit: number;
  wallMs: number;
  /** Virtual clock: ticks that ended on the maximum wait, not on the traders' ready signals. */
  ticksOnMaxWait?: number;
}

/** Metric columns (in table order) with labels and decimals. */
export const METRIC_COLUMNS: { key: keyof CaseMetrics; label: string; digits: number }[] = [
  { key: 'pnl', label: 'P&L', digits: 0 },
  { key: 'pnlMarketMaking', label: 'MM', digits: 0 },
  { key: 'pnlArbitrage', label: 'arb', digits: 0 },
  { key: 'pnlTender', label: 'tender P&L', digits: 0 },
  { key: 'pnlOther', label: 'other', digits: 0 },
  { key: 'fees', label: 'fees', digits: 0 },
  { key: 'rebates', label: 'rebates', digits: 0 },
  { key: 'fines', label: 'fines', digits: 0 },
  { key: 'limitBreachTicks', label: 'breach ticks', digits: 0 },
  { key: 'limitRefusals', label: 'limit refusals', digits: 0 },
  { key: 'tendersAccepted', label: 'tenders acc.', digits: 1 },
  { key: 'tendersOffered', label: 'offered', digits: 1 },
  { key: 'orders', label: 'orders', digits: 0 },
  { key: 'rateLimited', label: '429s', digits: 0 },
];

const r2 = (x: number): number => Math.round(x * 100) / 100;

/** Fees and rebates of the exchange account, CAD. */
export function feesCad(s: CaseSnapshot): { fees: number; rebates: number } {
  let fees = 0;
  let rebates = 0;
  for (const sec of s.account.securities) {
    const fx = s.fxRates[sec.currency] ?? 1;
    fees += sec.fees * fx;
    rebates += sec.rebates * fx;
  }
  return { fees: r2(fees), rebates: r2(rebates) };
}

export interface BySource {
  MARKET_MAKER: number;
  ARBITRAGE: number;
  TENDER: number;
  /** The unattributed bucket (absent: 0). */
  HEDGE?: number;
}

/** Builds the metrics of one case from the exchange's snapshot and the bot's attribution. */
export function caseMetrics(o: {
  seed: number;
  bot: string;
  snapshot: CaseSnapshot;
  bySource: BySource;
  riskEvents?: number;
  openOrdersAtExit: number;
  wallMs: number;
}): CaseMetrics {
  const s = o.snapshot;
  const { fees, rebates } = feesCad(s);
  return {
    seed: o.seed,
    bot: o.bot,
    pnl: r2(s.account.nlv),
    pnlMarketMaking: r2(o.bySource.MARKET_MAKER),
    pnlArbitrage: r2(o.bySource.ARBITRAGE),
    pnlTender: r2(o.bySource.TENDER),
    pnlOther: r2(o.bySource.HEDGE ?? 0),
    fees,
    rebates,
    fines: r2(s.account.fines),
    limitBreachTicks: s.account.limit_breach_ticks,
    limitRefusals: s.account.limit_refusals,
    riskEvents: o.riskEvents ?? 0,
    tendersOffered: s.tenders.offered,
    tendersAccepted: s.tenders.accepted,
    orders: s.account.orders,
    rateLimited: s.stats.rate_limited_429 + s.stats.injected_429,
    openOrdersAtExit: o.openOrdersAtExit,
    wallMs: Math.round(o.wallMs),
    ...(s.virtualClock ? { ticksOnMaxWait: s.virtualClock.onMaxWait } : {}),
  };
}

/** P&L by source from an engine's run summary. */
export function bySourceFromSummary(summary: RunSummary): BySource {
  const b = summary.pnl.bySource;
  return { MARKET_MAKER: b.MARKET_MAKER, ARBITRAGE: b.ARBITRAGE, TENDER: b.TENDER, HEDGE: b.HEDGE ?? 0 };
}
