/**
 * The hold-to-close arbitrage over several listings of one basket (the same ETF quoted in two
 * currencies, e.g. one in the basket's own currency and one in a foreign one). Every listing closes at
 * the basket value converted into its currency, so three kinds of unit lock in their executable
 * spread at entry, whatever the prices do until the close:
 * - a listing against the basket: sell (buy) the ETF, buy (sell) one of each stock — three legs, plus
 *   the FX hedge of a foreign listing's proceeds;
 * - one listing against another: sell the rich listing, buy the cheap one — two legs (plus the FX
 *   hedges), the stocks untouched, so the cheapest trade when the two listings are apart.
 * Per unit, in the reporting currency, after the fees of every leg (an ETF's fee converted at its FX mid):
 *   basket sell: ETF_bid·FX_bid − Σ stock asks − fees;   basket buy: Σ stock bids − ETF_ask·FX_ask − fees;
 *   cross (sell a, buy b): a_bid·FXa_bid − b_ask·FXb_ask − fees.
 * The best candidate above holdMinProfitPerUnit trades `tradeSize` units, while the book's gross stays
 * within holdMaxUnits units of the basket trade (a trade that shrinks it always may) and the limits
 * allow. The stock legs are kept at −Σ (ETF units) of the listings, as one listing's are at −ETF.
 */
import type { StrategyContext } from '../context';
import type { OrderIntent } from '../intents';
import type { ArbitrageParams } from '../params/arbitrage';
import type { StrategyOutput } from '../output';
import { fitsLimits, leavesLimitsNoWorse } from '../util/limits';
import { confirmArbSignal } from './hold';
import type { ArbitrageMemory } from './search';
import { getSpread, type LiveSpread } from './spread';

// ARB_TAG_ENTRY of search.ts (which imports this file): held units are entries, as one listing's are.
const TAG_ENTRY = 'arb:entry';

/** One listing of the basket: its ETF and the security converting its currency ('' for none). */
export interface Listing {
  etf: string;
  fx: string;
}

/** The primary listing (etf/fx) and the further ones (listings/listingFx). */
export function listingsOf(params: Pick<ArbitrageParams, 'etf' | 'fx' | 'listings' | 'listingFx'>): Listing[] {
  return [
    { etf: params.etf, fx: params.fx },
    ...params.listings.map((etf, i) => ({ etf, fx: params.listingFx[i] ?? '' })),
  ];
}

/** A unit the book can trade: its legs (signed shares per unit), the quote currency it moves and what it locks in. */
export interface HoldCandidate {
  /** Identifies the trade across decisions (the signal waits for the same trade to be confirmed). */
  key: string;
  label: string;
  /** Profit per unit after every leg's fee, reporting currency. */
  profitPerUnit: number;
  /** Signed shares per unit, by ticker (ETFs and stocks). */
  legs: Record<string, number>;
  /** Quote currency received (+) or paid (−) per unit, by FX security: hedged by trading it back. */
  quoteCash: Record<string, number>;
}

function fee(ctx: StrategyContext, t: string): number {
  return ctx.securities[t]?.tradingFee ?? 0.02;
}

/** Every candidate unit on the live books (see the file comment), unsorted. */
export function holdCandidates(
  ctx: StrategyContext,
  listings: readonly Listing[],
  stocks: readonly string[],
  live: ReadonlyArray<LiveSpread | null>,
): HoldCandidate[] {
  const out: HoldCandidate[] = [];
  const cash = (fx: string, amount: number): Record<string, number> => (fx ? { [fx]: amount } : {});
  listings.forEach((l, i) => {
    const s = live[i];
    if (!s) return;
    const sell: Record<string, number> = { [l.etf]: -1 };
    const buy: Record<string, number> = { [l.etf]: 1 };
    for (const t of stocks) {
      sell[t] = 1;
      buy[t] = -1;
    }
    out.push({
      key: `${l.etf}:basket:sell`,
      label: `sell ${l.etf} against the basket`,
      profitPerUnit: s.sellExec - s.feesPerUnit,
      legs: sell,
      quoteCash: cash(l.fx, s.etfBid),
    });
    out.push({
      key: `${l.etf}:basket:buy`,
      label: `buy ${l.etf} against the basket`,
      profitPerUnit: -s.buyExec - s.feesPerUnit,
      legs: buy,
      quoteCash: cash(l.fx, -s.etfAsk),
    });
  });
  listings.forEach((a, i) => {
    listings.forEach((b, j) => {
      const sa = live[i];
      const sb = live[j];
      if (i === j || !sa || !sb) return;
      const fees = fee(ctx, a.etf) * ((sa.fxBid + sa.fxAsk) / 2) + fee(ctx, b.etf) * ((sb.fxBid + sb.fxAsk) / 2);
      const quoteCash = cash(a.fx, sa.etfBid);
      if (b.fx) quoteCash[b.fx] = (quoteCash[b.fx] ?? 0) - sb.etfAsk;
      out.push({
        key: `${a.etf}>${b.etf}`,
        label: `sell ${a.etf}, buy ${b.etf}`,
        profitPerUnit: sa.etfBid * sa.fxBid - sb.etfAsk * sb.fxAsk - fees,
        legs: { [a.etf]: -1, [b.etf]: 1 },
        quoteCash,
      });
    });
  });
  return out;
}

/** Σ weight·|position| over the book's legs after `n` units of `legs` (limit weights from the case). */
function bookGross(
  ctx: StrategyContext,
  book: Record<string, number>,
  legs: Record<string, number>,
  n: number,
): number {
  let g = 0;
  for (const [t, q] of Object.entries(book))
    g += (ctx.securities[t]?.limitWeight ?? 1) * Math.abs(q + n * (legs[t] ?? 0));
  return g;
}

/**
 * The most units (≤ size) of `legs` keeping the book's gross within `cap`, or within its present gross
 * when that is already above the cap (a trade that shrinks the book is always let through). The gross
 * is convex in n, so the allowed units are an interval from 0: found by bisection.
 */
export function unitsWithinCap(
  ctx: StrategyContext,
  book: Record<string, number>,
  legs: Record<string, number>,
  size: number,
  cap: number,
): number {
  const limit = Math.max(cap, bookGross(ctx, book, legs, 0));
  if (bookGross(ctx, book, legs, size) <= limit) return size;
  let lo = 0;
  let hi = size;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (bookGross(ctx, book, legs, mid) <= limit) lo = mid;
    else hi = mid;
  }
  return lo;
}

function market(ticker: string, signedQty: number): OrderIntent | null {
  const q = Math.round(Math.abs(signedQty));
  if (q <= 0) return null;
  return {
    ticker,
    type: 'MARKET',
    action: signedQty > 0 ? 'BUY' : 'SELL',
    quantity: q,
    source: 'ARBITRAGE',
    tag: TAG_ENTRY,
  };
}

/** ARBITRAGE positions of the ETF and stock legs once `orders` have filled. */
function expectedAfter(
  ctx: StrategyContext,
  tickers: readonly string[],
  orders: readonly OrderIntent[],
): { positions: Record<string, number>; sentMs: number } {
  const positions: Record<string, number> = {};
  for (const t of tickers) positions[t] = ctx.positions[t]?.bySource.ARBITRAGE ?? 0;
  for (const o of orders) {
    const q = positions[o.ticker];
    if (q !== undefined) positions[o.ticker] = q + (o.action === 'BUY' ? o.quantity : -o.quantity);
  }
  return { positions, sentMs: ctx.nowMs };
}

/** One decision of the hold-to-close book over every listing (see the file comment). */
export function holdListingsStep(
  ctx: StrategyContext,
  params: ArbitrageParams,
  memory: ArbitrageMemory,
  out: StrategyOutput<ArbitrageMemory>,
  nowTick: number,
): StrategyOutput<ArbitrageMemory> {
  const listings = listingsOf(params);
  const own = (t: string): number => ctx.positions[t]?.bySource.ARBITRAGE ?? 0;
  const legTickers = [...listings.map((l) => l.etf), ...params.stocks];
  const etfUnits = listings.reduce((a, l) => a + own(l.etf), 0);
  out.metrics['arb.units'] = etfUnits;
  for (const l of listings) out.metrics[`arb.units.${l.etf}`] = own(l.etf);
  // Each stock leg matches the listings' ETF units together (a cross-listing unit needs none).
  const fix = params.stocks.map((t) => market(t, -etfUnits - own(t))).filter((o): o is OrderIntent => o !== null);
  if (fix.length > 0) {
    out.orders.push(...fix);
    memory.lastOrderTick = nowTick;
    memory.expected = expectedAfter(ctx, legTickers, out.orders);
    out.notes.push('arb: matching the stock legs to the ETF legs');
    return out;
  }
  if (ctx.ticksPerPeriod - nowTick <= params.holdLastTradeBeforeEndTicks) {
    out.notes.push('arb: holding to the close-out');
    return out;
  }
  const live = listings.map((l) =>
    getSpread(
      ctx.snapshots,
      { beta: 1, alpha: 0 },
      {
        legs: { etf: l.etf, stocks: params.stocks, fx: l.fx },
        securities: ctx.securities,
        depth: ctx.depth,
        units: params.tradeSize,
        nowMs: ctx.nowMs,
        maxAgeMs: params.maxSnapshotAgeMs,
      },
    ),
  );
  listings.forEach((l, i) => {
    const s = live[i];
    if (s) out.metrics[`arb.spreadMid.${l.etf}`] = s.mid;
  });
  if (live[0]) {
    out.metrics['arb.spreadMid'] = live[0].mid;
    out.metrics['arb.sellExec'] = live[0].sellExec;
    out.metrics['arb.buyExec'] = live[0].buyExec;
  }
  const book: Record<string, number> = {};
  for (const t of legTickers) book[t] = own(t);
  // The cap in gross: holdMaxUnits units of the primary listing against its basket.
  const unitGross =
    (ctx.securities[params.etf]?.limitWeight ?? 1) +
    params.stocks.reduce((a, t) => a + (ctx.securities[t]?.limitWeight ?? 1), 0);
  const cap = params.holdMaxUnits * unitGross;
  const ranked = holdCandidates(ctx, listings, params.stocks, live)
    .filter((c) => c.profitPerUnit >= params.holdMinProfitPerUnit)
    .map((c) => ({ c, n: unitsWithinCap(ctx, book, c.legs, params.tradeSize, cap) }))
    .sort((x, y) => y.c.profitPerUnit - x.c.profitPerUnit);
  const best = ranked.find((r) => r.n >= 100) ?? null;
  out.metrics['arb.expectedProfitPerUnit'] = best ? best.c.profitPerUnit : null;
  const key = best?.c.key ?? '';
  const legMs: Record<string, number> = {};
  if (best)
    for (const t of [...Object.keys(best.c.legs), ...Object.keys(best.c.quoteCash)])
      legMs[t] = ctx.snapshots[t]?.monoMs ?? Number.NaN;
  // The signal is one trade: a different candidate starts its own wait for every leg's next snapshot.
  const prev = memory.signal && memory.signal.key === key ? memory.signal : null;
  const confirmed = confirmArbSignal(prev, best ? 1 : 0, legMs);
  memory.signal = confirmed.signal ? { ...confirmed.signal, key } : null;
  if (!best) {
    const top = ranked[0];
    out.notes.push(top ? `arb: ${top.c.label} pays but the book is at its cap` : 'arb: no listing trade pays');
    return out;
  }
  const what = `${best.c.label}: ${best.c.profitPerUnit.toFixed(4)}/unit locked in to the close`;
  if (!confirmed.trade) {
    out.notes.push(`arb: ${what}, waiting for every leg's next snapshot to confirm it`);
    return out;
  }
  const deltas = (k: number): Record<string, number> =>
    Object.fromEntries(Object.entries(best.c.legs).map(([t, q]) => [t, q * k]));
  const shrinks = (k: number): boolean => bookGross(ctx, book, best.c.legs, k) < bookGross(ctx, book, best.c.legs, 0);
  const fits = (k: number): boolean =>
    fitsLimits(ctx, deltas(k), params.limitFraction) || (shrinks(k) && leavesLimitsNoWorse(ctx, deltas(k)));
  let n = best.n;
  while (n >= 100 && !fits(n)) n = Math.floor(n / 2);
  if (n < 100) {
    out.notes.push(`arb: ${what}, but no limit headroom for it`);
    return out;
  }
  for (const [t, q] of Object.entries(best.c.legs)) {
    const o = market(t, q * n);
    if (o) out.orders.push(o);
  }
  if (params.hedgeCurrency)
    for (const [fx, c] of Object.entries(best.c.quoteCash)) {
      // Received quote currency is sold, paid quote currency bought.
      const o = market(fx, -c * n);
      if (o) out.orders.push(o);
    }
  memory.lastOrderTick = nowTick;
  memory.expected = expectedAfter(ctx, legTickers, out.orders);
  out.metrics['arb.action'] = `${best.c.label} × ${n}`;
  out.notes.push(`arb: ${what} (${n} units after the cap and limits)`);
  return out;
}
