/**
 * The naive baseline's market-making mode, for cases that offer no tenders: what a student writes
 * in an hour. Every tick it cancels its quotes and posts one bid at the best bid and one ask at the
 * best ask on every quoted security, stops quoting the side that would take a limit past a fraction
 * of it, and flattens with market orders near the end. No fair value, no skew. Pure decisions.
 */
import type { Limit, News } from '@ritc/rit-client';

/** The share of each limit the naive quotes may use: half leaves room for the fills of one tick. */
export const NAIVE_LIMIT_FRACTION = 0.5;

/**
 * Ticks before the close when it stops quoting and flattens: its position is at most half a limit,
 * a few max-trade-size market orders, so a few ticks suffice; ten leave room for rate limits.
 */
export const NAIVE_FLATTEN_TICKS = 10;

/** Quote size as a share of the security's max trade size: small next to every case's limits. */
export const NAIVE_SIZE_DIVISOR = 10;

/** Whether the case says it offers tenders: its news (the welcome text) names them. */
export function caseMentionsTenders(news: readonly Pick<News, 'headline' | 'body'>[]): boolean {
  return news.some((n) => /tender/i.test(`${n.headline} ${n.body}`));
}

/** What the naive market maker needs of one security. */
export interface NaiveQuotedSecurity {
  ticker: string;
  type: string;
  isTradeable: boolean;
  /** Rebate per share of a passive fill; negative: passive fills are charged. */
  limitOrderRebate: number;
  position: number;
  bid: number;
  ask: number;
  maxTrade: number;
  quotedDecimals: number;
  /** Units of each limit group this security counts for, by group name. */
  units: Record<string, number>;
}

/** Whether it quotes `s`: a tradeable share (an option's limit is in delta) whose passive fills are not charged. */
export function quotes(s: Pick<NaiveQuotedSecurity, 'type' | 'isTradeable' | 'limitOrderRebate'>): boolean {
  return s.isTradeable && s.type !== 'CURRENCY' && s.type !== 'OPTION' && s.limitOrderRebate >= 0;
}

export function quoteSize(maxTrade: number): number {
  return Math.max(1, Math.floor(maxTrade / NAIVE_SIZE_DIVISOR));
}

/**
 * Whether a fill of `signed` shares keeps every group it counts in within the fraction of its
 * limits, or at least does not take it further past them (a fill that shrinks usage is allowed).
 */
export function sideFits(
  signed: number,
  units: Record<string, number>,
  limits: readonly Limit[],
  fraction = NAIVE_LIMIT_FRACTION,
): boolean {
  for (const l of limits) {
    const w = units[l.name];
    if (w === undefined || w === 0) continue;
    const net = l.net + signed * w;
    // Gross usage grows unless the fill shrinks the position; the gross after is bounded by this.
    const gross = l.gross + Math.abs(signed * w);
    if (Math.abs(net) > fraction * l.net_limit && Math.abs(net) > Math.abs(l.net)) return false;
    if (gross > fraction * l.gross_limit && Math.abs(net) > Math.abs(l.net)) return false;
  }
  return true;
}

export interface NaiveQuote {
  ticker: string;
  action: 'BUY' | 'SELL';
  quantity: number;
  price: number;
}

const onGrid = (p: number, decimals: number) => Number(p.toFixed(decimals));

/** The quotes for one tick: one bid at the best bid and one ask at the best ask, limits permitting. */
export function naiveQuotes(secs: readonly NaiveQuotedSecurity[], limits: readonly Limit[]): NaiveQuote[] {
  const out: NaiveQuote[] = [];
  for (const s of secs) {
    if (!quotes(s) || !(s.bid > 0) || !(s.ask > s.bid)) continue;
    const q = quoteSize(s.maxTrade);
    if (sideFits(q, s.units, limits))
      out.push({ ticker: s.ticker, action: 'BUY', quantity: q, price: onGrid(s.bid, s.quotedDecimals) });
    if (sideFits(-q, s.units, limits))
      out.push({ ticker: s.ticker, action: 'SELL', quantity: q, price: onGrid(s.ask, s.quotedDecimals) });
  }
  return out;
}

/** Whether it is time to stop quoting and flatten: the last period's last `NAIVE_FLATTEN_TICKS` ticks. */
export function shouldFlatten(c: {
  period: number;
  total_periods: number;
  tick: number;
  ticks_per_period: number;
}): boolean {
  return c.period >= c.total_periods && c.tick >= c.ticks_per_period - NAIVE_FLATTEN_TICKS;
}
