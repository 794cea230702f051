import type { OrderAction } from '@ritc/rit-client';
import type { OpenOrderView, StrategyContext } from '../context';
import type { OrderIntent } from '../intents';
import { emptyOutput, isRecord, type StrategyOutput } from '../output';
import type { StatArbParams } from '../params/stat-arb';
import { tickSize, roundToTick } from '../util/grid';
import { worstCaseHeadroom } from '../util/limits';
import { isUsable, midOf, type TwoSided } from '../util/snapshot';
import { factorLoadings } from '../quant';
import { factorFreeResiduals, residualHalfLife, reversionEdge, sizeFraction, targetShares } from './signal';

export const STAT_ARB_TAG = 'stat:leg';
/**
 * The book its orders and positions go under: the arbitrage's. The case assignment runs it only where
 * the ETF arbitrage has nothing to trade, so the two never share it in one run.
 */
export const STAT_ARB_SOURCE = 'ARBITRAGE' as const;

export interface StatArbMemory {
  /** The stocks the anchors and history belong to (a change of tickers starts over). */
  tickers: string[];
  /** Log mid of each stock when first seen: the start its residual is measured from. */
  anchors: number[];
  /** Each stock's log mid from its anchor, one sample per tick, the last `windowSamples`. */
  history: number[][];
  /** Tick of the last sample (null: none yet). */
  lastTick: number | null;
}

function readMemory(m: unknown, tickers: readonly string[]): StatArbMemory | null {
  if (!isRecord(m) || !Array.isArray(m.tickers) || m.tickers.join(',') !== tickers.join(',')) return null;
  if (!Array.isArray(m.anchors) || !Array.isArray(m.history) || m.history.length !== tickers.length) return null;
  return m as unknown as StatArbMemory;
}

/**
 * The betas: the given ones, else the loadings of the stocks' common factor in their history once it
 * has `minSamples` (only their ratios matter to an index-neutral book), else null.
 */
export function betasFor(params: StatArbParams, history: readonly (readonly number[])[]): number[] | null {
  if (params.betas.length === params.tickers.length) return params.betas;
  const n = Math.min(...history.map((h) => h.length));
  if (!(n >= params.minSamples)) return null;
  const rows = Array.from({ length: n }, (_, t) => history.map((h) => h[h.length - n + t]!));
  return factorLoadings(rows);
}

/**
 * Where a leg should go: a position between its entry-sized target and its full target (while the
 * edge holds above the exit edge; else 0) is left where it is — trading it down and up again as the
 * edge wobbles pays costs for nothing; outside that range, to the nearer end.
 */
export function legGoal(own: number, entrySized: number, exitSized: number): number {
  const lo = Math.min(entrySized, exitSized);
  const hi = Math.max(entrySized, exitSized);
  return own < lo ? lo : own > hi ? hi : own;
}

/** The price a leg's order goes at: inside the touch when passive (a tick in when the spread allows), else the far touch. */
export function legPrice(s: TwoSided, action: OrderAction, cross: boolean, quotedDecimals: number): number {
  const tick = tickSize(quotedDecimals);
  const room = s.ask - s.bid >= 2 * tick - 1e-9;
  if (action === 'BUY') return roundToTick(cross ? s.ask : room ? s.bid + tick : s.bid, quotedDecimals);
  return roundToTick(cross ? s.bid : room ? s.ask - tick : s.ask, quotedDecimals);
}

/** An own order still worth keeping: on the side wanted, and at the price wanted or already at the touch. */
function keep(o: OpenOrderView, action: OrderAction, price: number, s: TwoSided): boolean {
  if (o.action !== action || o.price === null) return false;
  if (Math.abs(o.price - price) < 1e-9) return true;
  // Our own order may be the touch itself: improving on it would chase our own price.
  return action === 'BUY' ? o.price >= s.bid - 1e-9 && o.price < s.ask : o.price <= s.ask + 1e-9 && o.price > s.bid;
}

/**
 * One stat-arb decision (pure): sample the stocks' factor-free residuals, estimate their half-life,
 * size an index-neutral book against them by the expected reversion gain over the trading cost, and
 * work each leg toward its target with one order per leg.
 */
export function tradeStatArb(ctx: StrategyContext, params: StatArbParams): StrategyOutput<StatArbMemory | null> {
  const tickers = params.tickers;
  const prev = readMemory(ctx.memory, tickers);
  if (tickers.length < 2) return emptyOutput(prev, 'stat: needs two stocks or more');
  const snaps: TwoSided[] = [];
  for (const t of tickers) {
    const s = ctx.snapshots[t];
    if (!isUsable(s, ctx.nowMs, params.maxSnapshotAgeMs)) return emptyOutput(prev, `stat: no usable book for ${t}`);
    snaps.push(s);
  }
  const mids = snaps.map(midOf);
  const logMids = mids.map(Math.log);
  const memory: StatArbMemory = prev ?? {
    tickers: [...tickers],
    anchors: logMids,
    history: tickers.map(() => []),
    lastTick: null,
  };
  const out = emptyOutput<StatArbMemory | null>(memory);
  if (memory.lastTick !== ctx.tick) {
    memory.lastTick = ctx.tick;
    memory.history.forEach((h, i) => {
      h.push(logMids[i]! - memory.anchors[i]!);
      if (h.length > params.windowSamples) h.splice(0, h.length - params.windowSamples);
    });
  }
  const betas = betasFor(params, memory.history);
  if (!betas) return { ...out, notes: ['stat: estimating the betas from the history'] };
  out.metrics['stat.betas'] = betas.map((b) => b.toFixed(3)).join('/');
  const residuals = factorFreeResiduals(logMids, memory.anchors, betas);
  const residualHistory = memory.history.map(() => [] as number[]);
  const n = Math.min(...memory.history.map((h) => h.length));
  for (let t = 0; t < n; t++) {
    const r = factorFreeResiduals(
      memory.history.map((h) => h[h.length - n + t]!),
      memory.anchors.map(() => 0),
      betas,
    );
    r.forEach((x, i) => residualHistory[i]!.push(x));
  }
  const halfLife = residualHalfLife(residualHistory, params.minSamples, params.priorHalfLifeTicks);
  const costs = snaps.map((s, i) => {
    const sec = ctx.securities[tickers[i]!];
    return ((s.ask - s.bid) / 2 + Math.max(0, sec?.tradingFee ?? 0)) / mids[i]!;
  });
  const edge = reversionEdge({
    residuals,
    costFractions: costs,
    halfLifeTicks: halfLife,
    horizonTicks: params.horizonTicks,
  });
  out.metrics['stat.halfLifeTicks'] = Number.isFinite(halfLife) ? halfLife : null;
  out.metrics['stat.edge'] = edge;
  const own = tickers.map((t) => ctx.positions[t]?.bySource[STAT_ARB_SOURCE] ?? 0);
  const ownOrders = ctx.openOrders.filter((o) => o.source === STAT_ARB_SOURCE && tickers.includes(o.ticker));
  const endgame = ctx.ticksPerPeriod - ctx.tick <= params.lastTradeBeforeEndTicks;
  if (endgame || halfLife > params.maxHalfLifeTicks || ctx.riskState === 'HALTED') {
    // Held to the close (marked at the last price): trading out would only pay the costs. A relation
    // that has stopped reverting is held too, not added to.
    out.cancels.push(...ownOrders.filter((o) => !o.pending).map((o) => o.orderId));
    out.notes.push(
      endgame ? 'stat: holding to the close' : `stat: half-life ${halfLife.toFixed(0)} ticks, not trading`,
    );
    return out;
  }
  const lim = ctx.limits;
  const grossCap = Math.min(params.maxGrossShares, ...lim.map((l) => l.grossLimit * params.limitFraction));
  const netCap = Math.min(Number.MAX_SAFE_INTEGER, ...lim.map((l) => l.netLimit * params.limitFraction));
  const scale = sizeFraction(edge, params.entryEdge, params.fullEdge);
  const sized = (k: number) =>
    targetShares({ residuals, prices: mids, scale: k, grossShares: grossCap, netShares: netCap });
  const adds = sized(scale);
  const keeps = sized(edge >= params.exitEdge ? 1 : 0);
  const targets = tickers.map((_, i) => legGoal(own[i]!, adds[i]!, keeps[i]!));
  const cross = params.execution === 'cross' || edge >= params.crossEdge;
  const band = Math.max(1, Math.round((params.bandFraction * grossCap) / tickers.length));
  tickers.forEach((t, i) => {
    const s = snaps[i]!;
    const decimals = ctx.securities[t]?.quotedDecimals ?? 2;
    const diff0 = targets[i]! - own[i]!;
    const action: OrderAction = diff0 >= 0 ? 'BUY' : 'SELL';
    const price = legPrice(s, action, cross, decimals);
    let working = 0;
    let kept = false;
    for (const o of ownOrders.filter((x) => x.ticker === t)) {
      const left = Math.max(0, o.quantity - o.filled);
      if (Math.abs(diff0) >= band && keep(o, action, price, s)) {
        kept = true;
        working += o.action === 'BUY' ? left : -left;
      } else out.cancels.push(o.orderId);
    }
    const diff = targets[i]! - own[i]! - working;
    if (kept || Math.abs(diff) < band) return;
    const room = worstCaseHeadroom(ctx, t, action);
    const quantity = Math.min(Math.abs(diff), params.maxOrderShares, room);
    if (quantity < 1) return;
    const order: OrderIntent = {
      ticker: t,
      type: 'LIMIT',
      action,
      quantity,
      price,
      source: STAT_ARB_SOURCE,
      tag: STAT_ARB_TAG,
    };
    out.orders.push(order);
  });
  out.metrics['stat.scale'] = scale;
  out.notes.push(`stat: edge ${edge.toFixed(2)}, targets ${targets.join('/')}, held ${own.join('/')}`);
  return out;
}
