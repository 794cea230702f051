import type { OrderAction } from '@ritc/rit-client';
import type { StrategyContext, OpenOrderView } from '../context';
import type { OrderIntent } from '../intents';
import type { MarketMakingParams } from '../params/market-making';
import { emptyOutput, isRecord, type StrategyOutput } from '../output';
import { isUsable, midOf, snapshotProblem } from '../util/snapshot';
import { maxAdditionalShares, weightOf } from '../util/limits';
import { ticksBetween } from '../util/grid';
import { computeMaxViableSpread, quoteSigmaPerTick } from './spread';
import { computeQuote } from './quotes';
import { decideCloseOut } from '../endgame/close-out';
import { DEFAULT_CLOSE_OUT_PARAMS } from '../params/close-out';

export const MM_TAG_BID = 'mm:bid';
export const MM_TAG_ASK = 'mm:ask';
export const MM_TAG_HEDGE = 'mm:hedge';

/** What the market maker remembers between calls: its last hedge per ticker (to avoid hedging twice on a stale position). */
export interface MarketMakingMemory {
  lastHedge: Record<string, { tick: number; inventory: number }>;
}

export function initialMarketMakingMemory(): MarketMakingMemory {
  return { lastHedge: {} };
}

function readMemory(m: unknown): MarketMakingMemory {
  if (isRecord(m) && isRecord(m.lastHedge))
    return { lastHedge: { ...(m.lastHedge as MarketMakingMemory['lastHedge']) } };
  return initialMarketMakingMemory();
}

/**
 * Own quotes of one side: source MARKET_MAKER and LIMIT (hedges are MARKET and never rest), resting
 * ones first (oldest first: they hold the queue priority), then those not acknowledged yet.
 */
function ownQuotes(ctx: StrategyContext, ticker: string, action: OrderAction): OpenOrderView[] {
  return ctx.openOrders
    .filter(
      (o) =>
        o.ticker === ticker &&
        o.source === 'MARKET_MAKER' &&
        o.action === action &&
        o.type === 'LIMIT' &&
        o.tag !== MM_TAG_HEDGE,
    )
    .sort((a, b) => Number(!!a.pending) - Number(!!b.pending) || Math.abs(a.orderId) - Math.abs(b.orderId));
}

/** MM inventory: filled position plus hedges still on their way (so a hedge is never sent twice). */
function mmInventory(ctx: StrategyContext, ticker: string): number {
  let q = ctx.positions[ticker]?.bySource.MARKET_MAKER ?? 0;
  for (const o of ctx.openOrders) {
    if (o.ticker === ticker && o.source === 'MARKET_MAKER' && o.type === 'MARKET')
      q += (o.action === 'BUY' ? 1 : -1) * (o.quantity - o.filled);
  }
  return q;
}

/** The ETF's basket value in the ETF's currency (Σ basket mids ÷ fx mid), or null when a leg is not usable. */
function basketValue(ctx: StrategyContext, params: MarketMakingParams): number | null {
  let sum = 0;
  for (const t of params.basket) {
    const s = ctx.snapshots[t];
    if (!isUsable(s, ctx.nowMs, params.maxSnapshotAgeMs)) return null;
    sum += midOf(s);
  }
  const fx = ctx.snapshots[params.fx];
  if (!isUsable(fx, ctx.nowMs, params.maxSnapshotAgeMs)) return null;
  const rate = midOf(fx);
  return rate > 0 ? sum / rate : null;
}

/** Best price of our acknowledged quotes on one side (what the snapshot's touch may be showing). */
function ownBest(quotes: OpenOrderView[], side: OrderAction): number | null {
  let best: number | null = null;
  for (const o of quotes) {
    if (o.pending || o.price === null) continue;
    if (best === null || (side === 'BUY' ? o.price > best : o.price < best)) best = o.price;
  }
  return best;
}

/**
 * One market-making pass over the configured tickers: for each, either keep/refresh two quotes, or
 * withdraw (stale/empty/inactive book, no indicators, toxic flow, end of heat) and, when flow is toxic
 * or the heat ends, flatten the MM inventory. Inventory above the cap is always hedged down.
 */
export function makeMarkets(ctx: StrategyContext, params: MarketMakingParams): StrategyOutput<MarketMakingMemory> {
  const memory = readMemory(ctx.memory);
  const out = emptyOutput(memory);
  const ticksLeft = ctx.ticksPerPeriod - ctx.tick;
  // Worst-case usage if every new bid (resp. ask) of this pass fills: limits are shared across tickers.
  const acc = { buyGross: 0, buyNet: 0, sellGross: 0, sellNet: 0 };

  for (const ticker of params.tickers) {
    const sec = ctx.securities[ticker];
    const snap = ctx.snapshots[ticker];
    const bids = ownQuotes(ctx, ticker, 'BUY');
    const asks = ownQuotes(ctx, ticker, 'SELL');
    const inventory = mmInventory(ctx, ticker);
    const withdraw = (why: string, flatten: boolean): void => {
      for (const o of [...bids, ...asks]) out.cancels.push(o.orderId);
      out.notes.push(
        `${ticker}: not quoting (${why})${bids.length + asks.length ? `, cancelling ${bids.length + asks.length}` : ''}`,
      );
      out.metrics[`${ticker}.quoting`] = 0;
      if (flatten && inventory !== 0)
        hedge(ctx, out, memory, ticker, Math.abs(inventory), inventory > 0 ? 'SELL' : 'BUY', why);
    };

    if (!sec || !sec.isTradeable || sec.isCurrency) {
      withdraw('not a tradeable security', false);
      continue;
    }
    if (!isUsable(snap, ctx.nowMs, params.maxSnapshotAgeMs)) {
      // isUsable is "no problem", so the problem is never null here.
      withdraw(`snapshot ${snapshotProblem(snap, ctx.nowMs, params.maxSnapshotAgeMs) ?? 'unusable'}`, false);
      continue;
    }
    const s = snap;
    if (ticksLeft <= params.stopBeforeEndTicks) {
      // Flatten only what is worth its crossing cost before the free close-out.
      const fxSnap = sec.currency && sec.currency !== 'CAD' ? ctx.snapshots[sec.currency] : undefined;
      const fx = fxSnap && isUsable(fxSnap, ctx.nowMs, params.maxSnapshotAgeMs) ? midOf(fxSnap) : 1;
      const close = decideCloseOut(
        { quantity: inventory, price: midOf(s), halfSpread: (s.ask - s.bid) / 2, fee: sec.tradingFee, fx, ticksLeft },
        { ...DEFAULT_CLOSE_OUT_PARAMS, closeOutFree: params.closeOutFree },
      );
      withdraw(`end of heat${close.flatten ? '' : `: ${close.reason}`}`, close.flatten);
      continue;
    }
    if (s.vpin !== null && s.vpin > params.vpinStop) {
      withdraw(`VPIN ${s.vpin.toFixed(3)} > ${params.vpinStop}`, true);
      continue;
    }
    if (s.vpin === null && params.requireVpin) {
      withdraw('no VPIN yet', false);
      continue;
    }
    const maxSpread = computeMaxViableSpread(s, params.riskAversion, params.holdingHorizonTicks);
    if (maxSpread === null) {
      withdraw('no volatility estimate', false);
      continue;
    }

    // Inventory over the cap: hedge the excess now, and quote only the side that reduces it.
    if (Math.abs(inventory) > params.inventoryCap) {
      const target = Math.round(params.inventoryCap * params.hedgeToFraction);
      hedge(
        ctx,
        out,
        memory,
        ticker,
        Math.abs(inventory) - target,
        inventory > 0 ? 'SELL' : 'BUY',
        `inventory ${inventory} over cap ${params.inventoryCap}`,
      );
    }

    const q = computeQuote(
      {
        bestBid: s.bid,
        bestAsk: s.ask,
        quotedDecimals: sec.quotedDecimals,
        tradingFee: sec.tradingFee,
        limitOrderRebate: sec.limitOrderRebate,
        maxViableSpread: maxSpread,
        vpin: s.vpin,
        signedImbalance: s.signedImbalance,
        inventory,
        sigmaPerTick: quoteSigmaPerTick(s) ?? 0,
        ticksLeft,
        ownBid: ownBest(bids, 'BUY'),
        ownAsk: ownBest(asks, 'SELL'),
        fairValue: ticker === params.etf ? basketValue(ctx, params) : null,
      },
      params,
    );
    out.metrics[`${ticker}.quoting`] = 1;
    out.metrics[`${ticker}.bid`] = q.bid;
    out.metrics[`${ticker}.ask`] = q.ask;
    out.metrics[`${ticker}.halfWidth`] = q.halfWidth;
    out.metrics[`${ticker}.maxViableSpread`] = maxSpread;

    const w = weightOf(ctx, ticker);
    for (const side of ['BUY', 'SELL'] as const) {
      const existing = side === 'BUY' ? bids : asks;
      const price = side === 'BUY' ? q.bid : q.ask;
      const increases = side === 'BUY' ? inventory >= 0 : inventory <= 0;
      // A narrow market leaves only joining the touch (sweep fills): quote only to reduce.
      // REDUCING: the engine's gate would refuse it anyway.
      const blocked =
        increases &&
        (Math.abs(inventory) >= params.inventoryCap ||
          q.narrow ||
          ctx.riskState === 'REDUCING' ||
          ctx.riskState === 'HALTED');
      // Keep the oldest quote within tolerance (it has queue priority); cancel the rest.
      const keep = blocked
        ? undefined
        : existing.find(
            (o) => o.price !== null && ticksBetween(o.price, price, sec.quotedDecimals) <= params.refreshToleranceTicks,
          );
      for (const o of existing) if (o !== keep) out.cancels.push(o.orderId);
      if (blocked || keep) continue;

      // Every same-side quote was just cancelled, so nothing of ours is pending on this side.
      const headroom = maxAdditionalShares(ctx, ticker, side, {
        extraGross: side === 'BUY' ? acc.buyGross : acc.sellGross,
        extraNet: side === 'BUY' ? acc.buyNet : acc.sellNet,
        fraction: params.limitFraction,
      });
      const size = Math.min(params.quoteSize, sec.maxTradeSize > 0 ? sec.maxTradeSize : params.quoteSize, headroom);
      if (!(size >= params.minQuoteSize)) {
        out.notes.push(`${ticker}: ${side} quote skipped (limit headroom ${headroom})`);
        continue;
      }
      const qty = Math.floor(size);
      out.orders.push({
        ticker,
        type: 'LIMIT',
        action: side,
        quantity: qty,
        price,
        source: 'MARKET_MAKER',
        tag: side === 'BUY' ? MM_TAG_BID : MM_TAG_ASK,
      });
      if (side === 'BUY') {
        acc.buyGross += w * qty;
        acc.buyNet += w * qty;
      } else {
        acc.sellGross += w * qty;
        acc.sellNet -= w * qty;
      }
    }
  }
  return out;
}

/**
 * Market order against the MM inventory, attributed to MARKET_MAKER (so it offsets the inventory it
 * hedges) and tagged mm:hedge. Skipped when the same inventory was already hedged in this or the
 * previous tick: the fill has not shown in the positions yet, and hedging again would overshoot.
 */
function hedge(
  ctx: StrategyContext,
  out: StrategyOutput<MarketMakingMemory>,
  memory: MarketMakingMemory,
  ticker: string,
  quantity: number,
  action: OrderAction,
  why: string,
): void {
  const qty = Math.floor(quantity);
  if (qty <= 0) return;
  const inventory = mmInventory(ctx, ticker);
  const last = memory.lastHedge[ticker];
  if (last && last.inventory === inventory && ctx.tick - last.tick <= 1) {
    out.notes.push(`${ticker}: hedge of ${inventory} already sent at tick ${last.tick}, waiting for the fill`);
    return;
  }
  const intent: OrderIntent = {
    ticker,
    type: 'MARKET',
    action,
    quantity: qty,
    source: 'MARKET_MAKER',
    tag: MM_TAG_HEDGE,
  };
  out.orders.push(intent);
  memory.lastHedge[ticker] = { tick: ctx.tick, inventory };
  out.notes.push(`${ticker}: hedging ${action} ${qty} (${why})`);
}
