import type { OrderAction } from '@ritc/rit-client';
import type { HistoryView, StrategyContext } from '../context';
import type { OrderIntent } from '../intents';
import type { ArbitrageParams } from '../params/arbitrage';
import { emptyOutput, isRecord, type StrategyOutput } from '../output';
import { fitsLimits, leavesLimitsNoWorse } from '../util/limits';
import { at } from '../quant';
import { isUsable } from '../util/snapshot';
import { calibrateModel, type ArbModel } from './model';
import { getSpread, type LiveSpread } from './spread';
import { confirmArbSignal, holdToCloseArbitrage, type ArbSignal } from './hold';
import { holdListingsStep } from './listings';

export const ARB_TAG_ENTRY = 'arb:entry';
export const ARB_TAG_EXIT = 'arb:exit';

/** SHORT = sold the spread (sold ETF, bought the stocks); LONG = bought it. */
export type ArbDirection = 'LONG' | 'SHORT';

export interface ArbPosition {
  direction: ArbDirection;
  units: number;
  entryTick: number;
  /** Executable spread realised at entry, CAD per unit, fees excluded. */
  entryExec: number;
  entryMid: number;
  threshold: number;
}

export interface ArbitrageMemory {
  model: ArbModel | null;
  position: ArbPosition | null;
  lastOrderTick: number | null;
  /**
   * The strategy's own one-sample-per-tick history of the legs' mids and spreads (from the snapshots it
   * sees), merged with ctx.history for calibration: the coordinator samples on the wall clock (every
   * 250 ms), which in a fast simulation is one sample per several ticks and left the arbitrage without
   * a model for half the case.
   */
  samples: HistoryView | null;
  /** Side not to re-enter after a stop until the spread is back inside the threshold. */
  blocked: ArbDirection | null;
  /** Leg positions the last orders should produce, and when they were sent (coordinator ms). */
  expected: { positions: Record<string, number>; sentMs: number } | null;
  /** Hold-to-close: a trade signal waiting for every leg to confirm it (hold.ts confirmArbSignal). */
  signal: ArbSignal | null;
}

export function initialArbitrageMemory(): ArbitrageMemory {
  return {
    model: null,
    position: null,
    lastOrderTick: null,
    samples: null,
    blocked: null,
    expected: null,
    signal: null,
  };
}

function readMemory(m: unknown): ArbitrageMemory {
  if (!isRecord(m)) return initialArbitrageMemory();
  const h = m.samples;
  return {
    model: isRecord(m.model) && typeof m.model.threshold === 'number' ? (m.model as unknown as ArbModel) : null,
    position:
      isRecord(m.position) && typeof m.position.units === 'number' ? (m.position as unknown as ArbPosition) : null,
    lastOrderTick: typeof m.lastOrderTick === 'number' ? m.lastOrderTick : null,
    samples:
      isRecord(h) && Array.isArray(h.tick) && isRecord(h.mid) && isRecord(h.spread)
        ? (h as unknown as HistoryView)
        : null,
    blocked: m.blocked === 'LONG' || m.blocked === 'SHORT' ? m.blocked : null,
    expected:
      isRecord(m.expected) && isRecord(m.expected.positions) && typeof m.expected.sentMs === 'number'
        ? (m.expected as unknown as ArbitrageMemory['expected'])
        : null,
    signal:
      isRecord(m.signal) && (m.signal.sign === 1 || m.signal.sign === -1) && isRecord(m.signal.legMs)
        ? (m.signal as unknown as ArbSignal)
        : null,
  };
}

/** The later of the context's tick and the legs' snapshot ticks (the feed sees a new tick before the case poll). */
export function currentTick(ctx: StrategyContext, tickers: readonly string[]): number {
  let t = ctx.tick;
  for (const k of tickers) {
    const s = ctx.snapshots[k];
    if (s && Number.isFinite(s.tick) && s.tick > t) t = s.tick;
  }
  return t;
}

/**
 * Append one row for `tick` (mids and spreads of every leg) when every leg is usable and the tick is
 * new; keep at most `capacity` rows. Returns the (new) history.
 */
export function recordSample(
  prev: HistoryView | null,
  ctx: StrategyContext,
  tickers: readonly string[],
  tick: number,
  capacity: number,
  maxAgeMs: number,
): HistoryView {
  const h: HistoryView = prev ?? { tick: [], mid: {}, spread: {} };
  const latest = h.tick.at(-1);
  if (latest !== undefined && tick <= latest) return h;
  const rows: Array<[string, number, number]> = [];
  for (const t of tickers) {
    const s = ctx.snapshots[t];
    if (!isUsable(s, ctx.nowMs, maxAgeMs)) return h;
    rows.push([t, (s.bid + s.ask) / 2, s.ask - s.bid]);
  }
  h.tick.push(tick);
  for (const [t, mid, spread] of rows) {
    (h.mid[t] ??= []).push(mid);
    (h.spread[t] ??= []).push(spread);
  }
  const extra = h.tick.length - capacity;
  if (extra > 0) {
    h.tick.splice(0, extra);
    for (const [t, series] of Object.entries(h.mid)) {
      series.splice(0, extra);
      h.spread[t]?.splice(0, extra);
    }
  }
  return h;
}

/**
 * One row per tick from the coordinator's history (its last sample of each tick) and the strategy's
 * own samples (which win on a tick both have), in tick order, at most `capacity` rows (the latest).
 */
export function mergeHistories(
  a: HistoryView | undefined,
  b: HistoryView | null,
  tickers: readonly string[],
  capacity: number,
): HistoryView {
  const byTick = new Map<number, { mid: number[]; spread: number[] }>();
  const add = (h: HistoryView | null | undefined): void => {
    if (!h) return;
    for (const [i, tick] of h.tick.entries()) {
      const mid = tickers.map((t) => h.mid[t]?.[i] ?? NaN);
      const spread = tickers.map((t) => h.spread[t]?.[i] ?? NaN);
      if (mid.every((x) => Number.isFinite(x))) byTick.set(tick, { mid, spread });
    }
  };
  add(a);
  add(b);
  const rows = [...byTick.entries()].sort(([x], [y]) => x - y).slice(-capacity);
  const out: HistoryView = { tick: rows.map(([tick]) => tick), mid: {}, spread: {} };
  // Every row holds one mid and one spread per ticker, in `tickers` order.
  tickers.forEach((t, j) => {
    out.mid[t] = rows.map(([, row]) => at(row.mid, j));
    out.spread[t] = rows.map(([, row]) => at(row.spread, j));
  });
  return out;
}

function market(ticker: string, signedQty: number, tag: string): OrderIntent | null {
  const q = Math.round(Math.abs(signedQty));
  if (q <= 0) return null;
  const action: OrderAction = signedQty > 0 ? 'BUY' : 'SELL';
  return { ticker, type: 'MARKET', action, quantity: q, source: 'ARBITRAGE', tag };
}

/**
 * Market orders that bring every leg's ARBITRAGE position (ETF, stocks, FX hedge) back to zero. The
 * ETF order itself moves the ETF's quote currency (selling it brings that currency in, buying it
 * spends it), so the FX order flattens the currency position AFTER that move, valued at the ETF's touch
 * (bid for a sale, ask for a purchase) — flattening only the position seen now left the whole ETF
 * notional unhedged after every exit (seed 2 of the 2020 ETF case: +128,500 of the quote currency at
 * the close).
 */
function flattenOrders(ctx: StrategyContext, params: ArbitrageParams): OrderIntent[] {
  const out: OrderIntent[] = [];
  const etfQty = -(ctx.positions[params.etf]?.bySource.ARBITRAGE ?? 0); // signed order, BUY > 0
  for (const t of [params.etf, ...params.stocks]) {
    const p = ctx.positions[t]?.bySource.ARBITRAGE ?? 0;
    const o = market(t, -p, ARB_TAG_EXIT);
    if (o) out.push(o);
  }
  if (params.hedgeCurrency && params.fx !== '') {
    const snap = ctx.snapshots[params.etf];
    const px = etfQty > 0 ? snap?.ask : snap?.bid;
    const fallback = snap?.last ?? null;
    const price = px !== null && px !== undefined && Number.isFinite(px) ? px : fallback;
    const etfCash = price !== null && Number.isFinite(price) ? -etfQty * price : 0;
    const quoteCash = (ctx.positions[params.fx]?.bySource.ARBITRAGE ?? 0) + etfCash;
    const o = market(params.fx, -quoteCash, ARB_TAG_EXIT);
    if (o) out.push(o);
  }
  return out;
}

/** ARBITRAGE positions of the ETF and stock legs once `orders` have filled (the FX leg's fill prices are not known yet). */
function expectedAfter(
  ctx: StrategyContext,
  params: ArbitrageParams,
  orders: OrderIntent[],
): { positions: Record<string, number>; sentMs: number } {
  const positions: Record<string, number> = {};
  for (const t of [params.etf, ...params.stocks]) positions[t] = ctx.positions[t]?.bySource.ARBITRAGE ?? 0;
  for (const o of orders) {
    const q = positions[o.ticker];
    if (q !== undefined) positions[o.ticker] = q + (o.action === 'BUY' ? o.quantity : -o.quantity);
  }
  return { positions, sentMs: ctx.nowMs };
}

/** The structural model with the fallback threshold, slippage from the live touches. */
function provisionalModel(live: LiveSpread, params: ArbitrageParams, tick: number): ArbModel {
  const slippage =
    (live.etfAsk - live.etfBid) * ((live.fxBid + live.fxAsk) / 2) +
    (live.fxAsk - live.fxBid) * ((live.etfBid + live.etfAsk) / 2) +
    live.stockAsk.reduce((a, x, i) => a + x - at(live.stockBid, i), 0); // one bid and one ask per stock
  return {
    beta: 1,
    alpha: 0,
    structural: true,
    betaEstimated: null,
    alphaEstimated: null,
    cointStatistic: null,
    cointPValue: null,
    centre: 0,
    threshold: Math.max(params.fallbackThresholdCad, params.thresholdSlippageFloor * slippage),
    slippage,
    spreadStd: 0,
    samples: 0,
    calibratedTick: tick,
    notes: ['provisional: structural relation, fallback threshold'],
  };
}

/**
 * Mark-to-close P&L of an open position, CAD: what closing now at executable prices would lock in,
 * after the closing fees (entry fees are sunk and excluded).
 */
export function arbPnlCad(pos: ArbPosition, live: LiveSpread): number {
  const perUnit = pos.direction === 'SHORT' ? pos.entryExec - live.buyExec : live.sellExec - pos.entryExec;
  return (perUnit - live.feesPerUnit) * pos.units;
}

/**
 * One arbitrage step: recalibrate on schedule; with a position, exit on reversion (|spread − centre|
 * inside the exit band or past the centre), on the loss limit, on the time stop or near the heat's
 * end; without one, enter when |spread − centre| ≥ Δ* AND the executable edge net of entry fees and
 * the expected exit cost (half the round-trip slippage + fees) is at least minProfitPerUnit.
 * Entries trade N ETF against N of each stock (1:1:1) and hedge the ETF's quote-currency notional.
 */
export function searchForArbitrage(ctx: StrategyContext, params: ArbitrageParams): StrategyOutput<ArbitrageMemory> {
  const memory = readMemory(ctx.memory);
  const out = emptyOutput(memory);
  if (!params.etf || params.stocks.length !== 2) {
    out.notes.push('arb: no ETF legs given');
    return out;
  }

  // An ETF quoted in its basket's currency has no FX leg (fx '').
  const legTickers = [params.etf, params.fx, ...params.stocks].filter((t) => t !== '');
  const nowTick = currentTick(ctx, legTickers);
  memory.samples = recordSample(
    memory.samples,
    ctx,
    legTickers,
    nowTick,
    params.windowSamples,
    params.maxSnapshotAgeMs,
  );
  // A model is recalibrated on schedule, and also as long as it is missing or younger data may finally
  // calibrate it (each call until then: the calibration is a few hundred points of OLS + ADF).
  // A fast (reaction) decision never calibrates: OLS + ADF would hold the coordinator's thread for milliseconds.
  if (
    !ctx.fast &&
    (!memory.model ||
      nowTick - memory.model.calibratedTick >= params.recalibrateEveryTicks ||
      nowTick < memory.model.calibratedTick)
  ) {
    const merged = mergeHistories(ctx.history, memory.samples, legTickers, params.windowSamples);
    const m = calibrateModel(merged, params, nowTick, out.notes);
    if (m) memory.model = m;
  }
  out.metrics['arb.samples'] = memory.samples.tick.length;
  if (memory.model) {
    const model = memory.model;
    out.metrics['arb.threshold'] = model.threshold;
    out.metrics['arb.beta'] = model.beta;
    out.metrics['arb.structural'] = model.structural ? 1 : 0;
    out.metrics['arb.pvalue'] = model.cointPValue;
    out.metrics['arb.slippage'] = model.slippage;
  }
  const ownWorking = ctx.openOrders.filter((o) => o.source === 'ARBITRAGE');
  if (ownWorking.length > 0) {
    out.notes.push(`arb: ${ownWorking.length} own orders still working, waiting`);
    return out;
  }
  if (
    memory.lastOrderTick !== null &&
    nowTick - memory.lastOrderTick < params.cooldownTicks &&
    nowTick >= memory.lastOrderTick
  ) {
    out.notes.push('arb: cooling down after the last orders');
    return out;
  }
  // Orders the engine has queued or in flight are in neither openOrders nor positions: until the stock
  // and ETF legs show what the last orders should have made of them, acting again would send them twice.
  const expect = memory.expected;
  if (expect) {
    const arrived = Object.entries(expect.positions).every(
      ([t, q]) => (ctx.positions[t]?.bySource.ARBITRAGE ?? 0) === q,
    );
    if (arrived) memory.expected = null;
    else if (ctx.nowMs - expect.sentMs < params.orderConfirmMs) {
      out.notes.push('arb: waiting for the last orders to show in the positions');
      return out;
    } else {
      memory.expected = null;
      out.notes.push('arb: the last orders did not fill as sent; working from the positions');
    }
  }
  if (params.exitAt === 'close-out')
    // Several listings of the basket: one book over all of them (listings.ts); one listing: as before.
    return params.listings.length > 0
      ? holdListingsStep(ctx, params, memory, out, nowTick)
      : holdToCloseStep(ctx, params, memory, out, nowTick);
  const endgame = ctx.ticksPerPeriod - nowTick <= params.stopBeforeEndTicks;
  const legs = [params.etf, ...params.stocks];
  const holding = legs.some((t) => (ctx.positions[t]?.bySource.ARBITRAGE ?? 0) !== 0);

  if (!memory.position) {
    if (holding) {
      // Unexplained ARBITRAGE inventory (a leg that did not fill, or memory lost): flatten it.
      out.orders.push(...flattenOrders(ctx, params));
      memory.lastOrderTick = nowTick;
      memory.expected = expectedAfter(ctx, params, out.orders);
      out.notes.push('arb: flattening residual legs');
      return out;
    }
  }
  const coeff = memory.model ?? { beta: 1, alpha: 0 };
  const units = memory.position?.units ?? Math.min(params.tradeSize, params.maxUnits);
  const live = getSpread(ctx.snapshots, coeff, {
    legs: params,
    securities: ctx.securities,
    depth: ctx.depth,
    units,
    nowMs: ctx.nowMs,
    maxAgeMs: params.maxSnapshotAgeMs,
  });
  if (!live) {
    out.notes.push('arb: a leg has no usable snapshot');
    return out;
  }
  out.metrics['arb.spreadMid'] = live.mid;
  out.metrics['arb.sellExec'] = live.sellExec;
  out.metrics['arb.buyExec'] = live.buyExec;

  const pos = memory.position;
  if (pos) {
    const centre = memory.model?.centre ?? 0;
    const dev = live.mid - centre;
    const pnl = arbPnlCad(pos, live);
    out.metrics['arb.pnlCad'] = pnl;
    let why: string | null = null;
    const entrySide = pos.direction === 'SHORT' ? 1 : -1;
    const etfSign = pos.direction === 'SHORT' ? -1 : 1;
    const balanced =
      (ctx.positions[params.etf]?.bySource.ARBITRAGE ?? 0) === etfSign * pos.units &&
      params.stocks.every((t) => (ctx.positions[t]?.bySource.ARBITRAGE ?? 0) === -etfSign * pos.units);
    if (!holding) why = 'legs already flat';
    else if (!balanced) why = 'legs do not match the position (an order did not fill as sent)';
    else if (endgame) why = 'end of heat';
    else if (entrySide * (live.mid - pos.entryMid) >= params.stopWideningCad)
      why = `spread ran away (${live.mid.toFixed(4)} from ${pos.entryMid.toFixed(4)} at entry)`;
    else if (pnl <= -params.lossLimitCad) why = `loss limit (${pnl.toFixed(0)} CAD)`;
    else if (nowTick - pos.entryTick >= params.maxHoldTicks) why = `time stop (${nowTick - pos.entryTick} ticks)`;
    else if (Math.abs(dev) <= params.exitBandFraction * pos.threshold || entrySide * dev < 0)
      why = `reverted (spread ${live.mid.toFixed(4)}, centre ${centre.toFixed(4)})`;
    if (why) {
      out.orders.push(...flattenOrders(ctx, params));
      memory.position = null;
      if (out.orders.length) {
        memory.lastOrderTick = nowTick;
        memory.expected = expectedAfter(ctx, params, out.orders);
      }
      // After a stop (not a reversion) the same side is blocked until the spread is back inside Δ*:
      // re-entering a spread that just ran away pays the round trip again on the same dislocation.
      memory.blocked = why.startsWith('reverted') || why === 'legs already flat' ? null : pos.direction;
      out.notes.push(`arb: exit ${pos.direction} ${pos.units} — ${why}, P&L ≈ ${pnl.toFixed(0)} CAD`);
      out.metrics['arb.action'] = `exit ${pos.direction}: ${why}`;
    }
    return out;
  }

  if (endgame) return out;
  // Until the history calibrates a model, trade the case's structural relation (β = 1, α = 0, centre 0)
  // at a fixed, wide threshold: the relation needs no estimate, only the threshold does, and the
  // dislocations early in a heat are as real as later ones (seeds 5 and 6 had their largest, 0.5 CAD,
  // at ticks 34–39, before 30 samples existed).
  const model: ArbModel | null =
    memory.model ?? (params.fallbackThresholdCad > 0 ? provisionalModel(live, params, nowTick) : null);
  if (!model) {
    out.notes.push('arb: no model yet');
    return out;
  }
  if (!memory.model) out.metrics['arb.threshold'] = model.threshold;
  if (ctx.ticksPerPeriod - nowTick <= params.lastEntryBeforeEndTicks) {
    out.notes.push('arb: too close to the end of heat for a new entry');
    return out;
  }
  const dev = live.mid - model.centre;
  if (memory.blocked && Math.abs(dev) < model.threshold) memory.blocked = null;
  // Costs after entry: closing crosses the spreads again (≈ half the round trip) and pays fees; and
  // the exit happens once the spread is inside the exit band, not at the centre itself.
  const exitCost = model.slippage / 2 + live.feesPerUnit;
  const residual = params.exitBandFraction * model.threshold;
  let direction: ArbDirection | null = null;
  let entryExec = 0;
  let profit = 0;
  if (dev >= model.threshold) {
    direction = 'SHORT';
    entryExec = live.sellExec;
    profit = live.sellExec - model.centre - residual - live.feesPerUnit - exitCost;
  } else if (dev <= -model.threshold) {
    direction = 'LONG';
    entryExec = live.buyExec;
    profit = model.centre - live.buyExec - residual - live.feesPerUnit - exitCost;
  }
  out.metrics['arb.expectedProfitPerUnit'] = direction ? profit : null;
  if (!direction) return out;
  if (memory.blocked === direction) {
    out.notes.push(`arb: ${direction} blocked after a stop until the spread is back inside Δ*`);
    return out;
  }
  if (profit < params.minProfitPerUnit) {
    out.notes.push(
      `arb: spread ${live.mid.toFixed(4)} past Δ* ${model.threshold.toFixed(4)} but executable profit ${profit.toFixed(4)} CAD/unit < ${params.minProfitPerUnit}`,
    );
    return out;
  }
  const sgn = direction === 'SHORT' ? -1 : 1; // sign of the ETF leg
  // The basket is two stocks (validateArbitrageParams admits no other size).
  const stock1 = at(params.stocks, 0);
  const stock2 = at(params.stocks, 1);
  let n = units;
  const deltas = (k: number): Record<string, number> => ({
    [params.etf]: sgn * k,
    [stock1]: -sgn * k,
    [stock2]: -sgn * k,
  });
  while (n >= 100 && !fitsLimits(ctx, deltas(n), params.limitFraction)) n = Math.floor(n / 2);
  if (n < 100 || !fitsLimits(ctx, deltas(n), params.limitFraction)) {
    out.notes.push('arb: no limit headroom for an entry');
    return out;
  }
  const orders = [
    market(params.etf, sgn * n, ARB_TAG_ENTRY),
    market(stock1, -sgn * n, ARB_TAG_ENTRY),
    market(stock2, -sgn * n, ARB_TAG_ENTRY),
  ];
  if (params.hedgeCurrency && params.fx !== '') {
    // The ETF trade moves the quote-currency balance by −sgn·n·price: selling the ETF brings in that
    // currency, which we sell; buying it spends it, which we buy. Notional at the ETF price we trade.
    const quoteNotional = n * (sgn < 0 ? live.etfBid : live.etfAsk);
    orders.push(market(params.fx, sgn * quoteNotional, ARB_TAG_ENTRY));
  }
  out.orders.push(...orders.filter((o): o is OrderIntent => o !== null));
  memory.position = {
    direction,
    units: n,
    entryTick: nowTick,
    entryExec,
    entryMid: live.mid,
    threshold: model.threshold,
  };
  memory.lastOrderTick = nowTick;
  memory.expected = expectedAfter(ctx, params, out.orders);
  out.metrics['arb.action'] = `enter ${direction} ${n} at ${live.mid.toFixed(4)}`;
  out.notes.push(
    `arb: enter ${direction} ${n} units — spread ${live.mid.toFixed(4)} vs Δ* ${model.threshold.toFixed(4)}, executable ${entryExec.toFixed(4)}, expected ${profit.toFixed(4)} CAD/unit`,
  );
  return out;
}

/** Market orders for `n` spread units in direction `sgn` (+1 buys the ETF), with the ETF's quote-currency hedge. */
function unitOrders(
  params: ArbitrageParams,
  live: LiveSpread,
  sgn: 1 | -1,
  n: number,
  stock1: string,
  stock2: string,
): OrderIntent[] {
  const orders = [
    market(params.etf, sgn * n, ARB_TAG_ENTRY),
    market(stock1, -sgn * n, ARB_TAG_ENTRY),
    market(stock2, -sgn * n, ARB_TAG_ENTRY),
  ];
  if (params.hedgeCurrency && params.fx !== '') {
    // Selling the ETF brings in its quote currency, which we sell; buying it spends it, which we buy.
    const quoteNotional = n * (sgn < 0 ? live.etfBid : live.etfAsk);
    orders.push(market(params.fx, sgn * quoteNotional, ARB_TAG_ENTRY));
  }
  return orders.filter((o): o is OrderIntent => o !== null);
}

/**
 * The arbitrage when positions are held to the free close-out (params.exitAt 'close-out'; the
 * decision itself is holdToCloseArbitrage): keep the stock legs at −ETF, and trade units while the
 * executable spread locks in at least holdMinProfitPerUnit, up to ±holdMaxUnits and the limits.
 */
function holdToCloseStep(
  ctx: StrategyContext,
  params: ArbitrageParams,
  memory: ArbitrageMemory,
  out: StrategyOutput<ArbitrageMemory>,
  nowTick: number,
): StrategyOutput<ArbitrageMemory> {
  const own = (t: string): number => ctx.positions[t]?.bySource.ARBITRAGE ?? 0;
  const stock1 = at(params.stocks, 0);
  const stock2 = at(params.stocks, 1);
  const etfUnits = own(params.etf);
  out.metrics['arb.units'] = etfUnits;
  // A leg that did not fill as sent: bring the stocks back to −ETF (the matched legs are what the
  // close-out pays for; an unmatched stock is a naked position).
  const fix = [stock1, stock2]
    .map((t) => market(t, -etfUnits - own(t), ARB_TAG_ENTRY))
    .filter((o): o is OrderIntent => o !== null);
  if (fix.length > 0) {
    out.orders.push(...fix);
    memory.lastOrderTick = nowTick;
    memory.expected = expectedAfter(ctx, params, out.orders);
    out.notes.push('arb: matching the stock legs to the ETF leg');
    return out;
  }
  if (ctx.ticksPerPeriod - nowTick <= params.holdLastTradeBeforeEndTicks) {
    out.notes.push('arb: holding to the close-out');
    return out;
  }
  const live = getSpread(
    ctx.snapshots,
    { beta: 1, alpha: 0 },
    {
      legs: params,
      securities: ctx.securities,
      depth: ctx.depth,
      units: params.tradeSize,
      nowMs: ctx.nowMs,
      maxAgeMs: params.maxSnapshotAgeMs,
    },
  );
  if (!live) {
    out.notes.push('arb: a leg has no usable snapshot');
    return out;
  }
  out.metrics['arb.spreadMid'] = live.mid;
  out.metrics['arb.sellExec'] = live.sellExec;
  out.metrics['arb.buyExec'] = live.buyExec;
  const d = holdToCloseArbitrage({
    live,
    units: etfUnits,
    size: params.tradeSize,
    maxUnits: params.holdMaxUnits,
    minProfit: params.holdMinProfitPerUnit,
  });
  out.metrics['arb.expectedProfitPerUnit'] = d.profitPerUnit;
  const legMs: Record<string, number> = {};
  // No FX leg (fx ''): nothing of it to wait for.
  for (const t of [params.etf, stock1, stock2, params.fx])
    if (t !== '') legMs[t] = ctx.snapshots[t]?.monoMs ?? Number.NaN;
  const confirmed = confirmArbSignal(memory.signal, d.trade > 0 ? 1 : d.trade < 0 ? -1 : 0, legMs);
  memory.signal = confirmed.signal;
  if (d.trade === 0) return out;
  if (!confirmed.trade) {
    out.notes.push(`arb: ${d.reason}, waiting for every leg's next snapshot to confirm it`);
    return out;
  }
  const sgn: 1 | -1 = d.trade > 0 ? 1 : -1;
  const deltas = (k: number): Record<string, number> => ({
    [params.etf]: sgn * k,
    [stock1]: -sgn * k,
    [stock2]: -sgn * k,
  });
  let n = Math.abs(d.trade);
  // A trade back toward zero units is let through when it leaves the limits no fuller than now: with
  // a held tender's ETF the book can sit above limitFraction, and the trade back was refused for room
  // it does not take (2020 seed 4: short 25,000 units beside a 66,000-share tender, a 0.13 CAD/unit
  // exit never sent). One that adds needs headroom.
  const fits = (k: number): boolean =>
    fitsLimits(ctx, deltas(k), params.limitFraction) || (sgn * etfUnits < 0 && leavesLimitsNoWorse(ctx, deltas(k)));
  while (n >= 100 && !fits(n)) n = Math.floor(n / 2);
  if (n < 100) {
    out.notes.push('arb: no limit headroom for a trade');
    return out;
  }
  out.orders.push(...unitOrders(params, live, sgn, n, stock1, stock2));
  memory.lastOrderTick = nowTick;
  memory.expected = expectedAfter(ctx, params, out.orders);
  out.metrics['arb.action'] = `${sgn > 0 ? 'buy' : 'sell'} ${n} units at ${live.mid.toFixed(4)}`;
  out.notes.push(`arb: ${d.reason} (${n} after limits)`);
  return out;
}
