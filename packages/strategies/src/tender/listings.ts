/**
 * Tenders on every listing of the basket. The ETF path (valuation, plan, room, unwind, basket hedge)
 * runs once per listing — the primary (params.ticker/fx) and each of params.listings — on that
 * listing's tenders, with its own memory (held shares, schedule, accepts), its FX leg ('' for a
 * listing quoted in the basket's currency) and the other listings as its `otherListings`.
 *
 * The basket stocks' TENDER positions are shared: each listing's hedge keeps them at −(its hedged
 * shares), and together at −Σ; how each run sees them is in runListingTenders.
 */
import type { StrategyContext } from '../context';
import type { TenderParams } from '../params/tender';
import { emptyOutput, type StrategyOutput } from '../output';
import { hedgedShares, optimallyExecuteOrder } from './execute';
import { readTenderMemory, type TenderMemory } from './memory';
import { watchForTenders } from './watch';

/** The parameters of the ETF path on listing `i` of params.listings. */
export function listingParams(params: TenderParams, i: number): TenderParams {
  const ticker = params.listings[i] ?? '';
  const all = [params.ticker, ...params.listings];
  return {
    ...params,
    ticker,
    fx: params.listingFx[i] ?? '',
    otherListings: [...new Set([...params.otherListings, ...all])].filter((t) => t !== ticker),
    listings: [],
    listingFx: [],
  };
}

/**
 * `ctx` with the tenders `keep` passes, and each basket stock's TENDER position as this listing's hedge
 * sees it: `stockTender(actual)`.
 */
function listingContext(
  ctx: StrategyContext,
  keep: (ticker: string) => boolean,
  basket: readonly string[],
  stockTender: (actual: number) => number,
): StrategyContext {
  const positions = { ...ctx.positions };
  for (const t of basket) {
    const p = positions[t];
    if (p) positions[t] = { ...p, bySource: { ...p.bySource, TENDER: stockTender(p.bySource.TENDER) } };
  }
  return { ...ctx, positions, tenders: ctx.tenders.filter((t) => keep(t.ticker)) };
}

/**
 * The ETF path on every listing: answers each listing's tenders and works its unwind and hedge. The
 * primary's state is `out.memory`, each further listing's `out.memory.listings[ticker]`.
 */
export function runListingTenders(ctx: StrategyContext, params: TenderParams, out: StrategyOutput<TenderMemory>): void {
  const runs: Array<{ params: TenderParams; memory: TenderMemory }> = [{ params, memory: out.memory }];
  params.listings.forEach((t, i) => {
    runs.push({ params: listingParams(params, i), memory: readTenderMemory(out.memory.listings[t]) });
  });
  // Each listing's hedge as of the previous decision (the runs below move only their own).
  const hedged = runs.map((r) => hedgedShares(ctx, r.params, r.memory));
  const total = hedged.reduce((a, b) => a + b, 0);
  runs.forEach((r, i) => {
    // The primary answers every tender but the further listings' (its singles among them).
    const keep = i === 0 ? (t: string) => !params.listings.includes(t) : (t: string) => t === r.params.ticker;
    // The stocks are shared: the primary sees them less the others' hedges, so it alone corrects a
    // drift of the whole (a fill short, an unwind child); a further listing sees its own hedge as
    // exactly in place and moves the stocks only by what its own hedge changes this decision. (Each
    // correcting the drift it sees would correct it once per listing.)
    const mine = hedged[i] ?? 0;
    const lctx = listingContext(ctx, keep, params.basket, (actual) => (i === 0 ? actual + total - mine : -mine));
    if (i === 0) {
      watchForTenders(lctx, r.params, out);
      optimallyExecuteOrder(lctx, r.params, out);
      return;
    }
    const sub = emptyOutput(r.memory);
    watchForTenders(lctx, r.params, sub);
    optimallyExecuteOrder(lctx, r.params, sub);
    out.orders.push(...sub.orders);
    out.cancels.push(...sub.cancels);
    out.tenders = [...(out.tenders ?? []), ...(sub.tenders ?? [])];
    out.notes.push(...sub.notes.map((n) => `${r.params.ticker}: ${n}`));
    for (const [k, m] of Object.entries(sub.metrics)) out.metrics[`${k}.${r.params.ticker}`] = m;
    out.memory.listings[r.params.ticker] = { ...sub.memory, singles: {}, listings: {} };
  });
}
