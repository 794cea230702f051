import { makeContext, makeOpenOrder, makeSecurity, makeSnapshot } from '../src/testing';
import { betasFor, legGoal, tradeStatArb, legPrice, type StatArbMemory } from '../src/stat-arb/decide';
import {
  factorFreeResiduals,
  residualHalfLife,
  reversionEdge,
  sizeFraction,
  targetShares,
} from '../src/stat-arb/signal';
import { validateStatArbParams } from '../src/params/stat-arb';
import { STRATEGIES, strategyByCliName } from '../src/registry';
import type { StrategyContext } from '../src/context';

const TICKERS = ['AAA', 'BBB', 'CCC'];
const BETAS = [0.8, 1.0, 1.3];
const PARAMS = validateStatArbParams({ tickers: TICKERS, betas: BETAS });

/** A context with the three stocks at the given mids (spread 0.04), limits 150,000 / 100,000. */
function ctxAt(mids: number[], over: { tick?: number; memory?: unknown; own?: number[] } = {}): StrategyContext {
  const books: Record<string, [number, number]> = {};
  TICKERS.forEach((t, i) => {
    books[t] = [Math.round((mids[i]! - 0.02) * 100) / 100, Math.round((mids[i]! + 0.02) * 100) / 100];
  });
  const ctx = makeContext({
    tick: over.tick ?? 100,
    books,
    memory: over.memory,
    positions: Object.fromEntries(TICKERS.map((t, i) => [t, { ARBITRAGE: over.own?.[i] ?? 0 }])),
    limits: [{ name: 'LIMIT-STOCK', gross: 0, net: 0, grossLimit: 150_000, netLimit: 100_000 }],
  });
  for (const t of TICKERS) ctx.securities[t] = makeSecurity(t, { tradingFee: 0.01, limitOrderRebate: 0.005 });
  return ctx;
}

function memoryAt(anchorMids: number[], history: number[][] = TICKERS.map(() => [])): StatArbMemory {
  return { tickers: [...TICKERS], anchors: anchorMids.map(Math.log), history, lastTick: 99 };
}

describe('stat-arb signal', () => {
  it('an index move along the betas leaves no residual; a lone stock move does', () => {
    const anchors = [20, 30, 40].map(Math.log);
    const indexUp = [20, 30, 40].map((p, i) => Math.log(p) + BETAS[i]! * 0.05);
    for (const r of factorFreeResiduals(indexUp, anchors, BETAS)) expect(Math.abs(r)).toBeLessThan(1e-12);
    const cccRich = [Math.log(20), Math.log(30), Math.log(40 * 1.01)];
    const r = factorFreeResiduals(cccRich, anchors, BETAS);
    expect(r[2]).toBeGreaterThan(0.004);
    expect(r.reduce((s, x, i) => s + x * BETAS[i]!, 0)).toBeCloseTo(0, 12);
  });

  it('estimates the half-life of an AR(1) history and falls back to the prior when short', () => {
    const phi = Math.pow(0.5, 1 / 15);
    let s = 7;
    const rnd = () => ((s = (16807 * s) % 2147483647), s / 2147483647 - 0.5);
    const h = [0, 1, 2].map(() => {
      const x = [0];
      for (let t = 1; t < 3000; t++) x.push(phi * x[t - 1]! + 0.003 * rnd());
      return x;
    });
    expect(residualHalfLife(h, 40, 99)).toBeGreaterThan(11);
    expect(residualHalfLife(h, 40, 99)).toBeLessThan(20);
    expect(residualHalfLife([[0.1, 0.2]], 40, 99)).toBe(99);
    // A random walk does not revert: its half-life is far above any trading bound.
    const walk = [[0]];
    for (let t = 1; t < 3000; t++) walk[0]!.push(walk[0]![t - 1]! + 0.003 * rnd() + 0.0005);
    expect(residualHalfLife(walk, 40, 15)).toBeGreaterThan(200);
  });

  it('the edge grows with the gap and shrinks with the cost', () => {
    const base = { costFractions: [0.002, 0.002, 0.002], halfLifeTicks: 15, horizonTicks: 30 };
    const small = reversionEdge({ ...base, residuals: [0.001, -0.001, 0] });
    const big = reversionEdge({ ...base, residuals: [0.004, -0.004, 0] });
    expect(big).toBeCloseTo(4 * small, 9);
    expect(reversionEdge({ ...base, residuals: [0.004, -0.004, 0], costFractions: [0.004, 0.004, 0.004] })).toBeCloseTo(
      big / 2,
      9,
    );
    expect(reversionEdge({ ...base, residuals: [0.004, -0.004, 0], halfLifeTicks: Infinity })).toBe(0);
    expect(sizeFraction(1, 1.5, 4)).toBe(0);
    expect(sizeFraction(2.75, 1.5, 4)).toBeCloseTo(0.5, 12);
    expect(sizeFraction(10, 1.5, 4)).toBe(1);
  });

  it('targets sell the rich stock, stay index-neutral and respect the gross and net caps', () => {
    const prices = [20, 30, 40];
    const residuals = factorFreeResiduals([Math.log(20), Math.log(30), Math.log(40.4)], prices.map(Math.log), BETAS);
    const q = targetShares({ residuals, prices, scale: 1, grossShares: 90_000, netShares: 90_000 });
    expect(q[2]).toBeLessThan(0);
    expect(q[0]).toBeGreaterThan(0);
    expect(q.every(Number.isInteger)).toBe(true);
    const gross = q.reduce((s, x) => s + Math.abs(x), 0);
    expect(gross).toBeLessThanOrEqual(90_000);
    expect(gross).toBeGreaterThan(89_990);
    const beta$ = q.reduce((s, x, i) => s + x * prices[i]! * BETAS[i]!, 0);
    expect(Math.abs(beta$)).toBeLessThan(100);
    const capped = targetShares({ residuals, prices, scale: 1, grossShares: 90_000, netShares: 1000 });
    expect(Math.abs(capped.reduce((s, x) => s + x, 0))).toBeLessThanOrEqual(1000);
    expect(targetShares({ residuals, prices, scale: 0, grossShares: 90_000, netShares: 1 })).toEqual([0, 0, 0]);
  });
});

describe('tradeStatArb', () => {
  it('first sight anchors the stocks and trades nothing', () => {
    const out = tradeStatArb(ctxAt([20, 30, 40]), PARAMS);
    expect(out.orders).toEqual([]);
    expect(out.memory?.anchors.map(Math.exp)).toEqual([20, 30, 40].map((x) => expect.closeTo(x, 9)));
    expect(out.memory?.history.map((h) => h.length)).toEqual([1, 1, 1]);
  });

  it('a rich CCC is sold and AAA/BBB bought, passively a tick inside the touch, within the order cap', () => {
    const out = tradeStatArb(ctxAt([20, 30, 40.6], { memory: memoryAt([20, 30, 40]) }), PARAMS);
    const byTicker = Object.fromEntries(out.orders.map((o) => [o.ticker, o]));
    expect(byTicker.CCC).toMatchObject({ action: 'SELL', type: 'LIMIT', price: 40.61, source: 'ARBITRAGE' });
    expect(byTicker.AAA).toMatchObject({ action: 'BUY', price: 19.99 });
    for (const o of out.orders) expect(o.quantity).toBeLessThanOrEqual(PARAMS.maxOrderShares);
    expect(Number(out.metrics['stat.edge'])).toBeGreaterThan(PARAMS.fullEdge);
  });

  it('a gap too small for the costs trades nothing', () => {
    const out = tradeStatArb(ctxAt([20, 30, 40.02], { memory: memoryAt([20, 30, 40]) }), PARAMS);
    expect(out.orders).toEqual([]);
    expect(Number(out.metrics['stat.edge'])).toBeLessThan(PARAMS.entryEdge);
  });

  it('crosses when told to: buys at the ask, sells at the bid', () => {
    const p = { ...PARAMS, execution: 'cross' as const };
    const out = tradeStatArb(ctxAt([20, 30, 40.6], { memory: memoryAt([20, 30, 40]) }), p);
    const ccc = out.orders.find((o) => o.ticker === 'CCC');
    expect(ccc).toMatchObject({ action: 'SELL', price: 40.58 });
  });

  it('keeps an own order at the touch, cancels one on the wrong side', () => {
    const ctx = ctxAt([20, 30, 40.6], { memory: memoryAt([20, 30, 40]) });
    ctx.openOrders = [
      makeOpenOrder({ orderId: 11, ticker: 'CCC', action: 'SELL', price: 40.62, quantity: 3000, source: 'ARBITRAGE' }),
      makeOpenOrder({ orderId: 12, ticker: 'AAA', action: 'SELL', price: 20.02, quantity: 3000, source: 'ARBITRAGE' }),
      makeOpenOrder({
        orderId: 13,
        ticker: 'AAA',
        action: 'SELL',
        price: 20.02,
        quantity: 3000,
        source: 'MARKET_MAKER',
      }),
    ];
    const out = tradeStatArb(ctx, PARAMS);
    expect(out.cancels).toEqual([12]);
    expect(out.orders.find((o) => o.ticker === 'CCC')).toBeUndefined();
    expect(out.orders.find((o) => o.ticker === 'AAA')).toMatchObject({ action: 'BUY' });
  });

  it('holds to the close near the end, and a relation that stopped reverting', () => {
    const late = tradeStatArb(ctxAt([20, 30, 40.6], { memory: memoryAt([20, 30, 40]), tick: 290 }), PARAMS);
    expect(late.orders).toEqual([]);
    const walk = TICKERS.map((_, i) => Array.from({ length: 100 }, (_, t) => (i - 1) * 0.0002 * t));
    const stuck = tradeStatArb(ctxAt([20, 30, 40.6], { memory: memoryAt([20, 30, 40], walk) }), PARAMS);
    expect(stuck.orders).toEqual([]);
    expect(stuck.notes.join(' ')).toMatch(/not trading/);
  });

  it('a held position already at its target is left alone', () => {
    const first = tradeStatArb(ctxAt([20, 30, 40.6], { memory: memoryAt([20, 30, 40]) }), {
      ...PARAMS,
      maxOrderShares: 100_000,
    });
    const own = TICKERS.map((t) => {
      const o = first.orders.find((x) => x.ticker === t);
      return o ? (o.action === 'BUY' ? o.quantity : -o.quantity) : 0;
    });
    const again = tradeStatArb(ctxAt([20, 30, 40.6], { memory: memoryAt([20, 30, 40]), own }), PARAMS);
    expect(again.orders).toEqual([]);
  });

  it('a leg between its entry- and exit-sized targets stays; outside it goes to the nearer one', () => {
    expect(legGoal(-3000, -1000, -5000)).toBe(-3000);
    expect(legGoal(-8000, -1000, -5000)).toBe(-5000);
    expect(legGoal(2000, -1000, -5000)).toBe(-1000);
    expect(legGoal(0, 0, 0)).toBe(0);
  });

  it('a position held while the edge has fallen between the exit and entry edges is not traded down', () => {
    const first = tradeStatArb(ctxAt([20, 30, 40.6], { memory: memoryAt([20, 30, 40]) }), {
      ...PARAMS,
      maxOrderShares: 100_000,
    });
    const own = TICKERS.map((t) => {
      const o = first.orders.find((x) => x.ticker === t);
      return o ? (o.action === 'BUY' ? o.quantity : -o.quantity) : 0;
    });
    // CCC back most of the way: the edge sits between exitEdge and entryEdge.
    const mid = [20, 30, 40.07];
    const held = tradeStatArb(ctxAt(mid, { memory: memoryAt([20, 30, 40]), own }), PARAMS);
    const edge = Number(held.metrics['stat.edge']);
    expect(edge).toBeGreaterThan(PARAMS.exitEdge);
    expect(edge).toBeLessThan(PARAMS.entryEdge);
    expect(held.orders).toEqual([]);
    // Without the band (exitEdge = entryEdge) the same position is traded down.
    const noBand = tradeStatArb(ctxAt(mid, { memory: memoryAt([20, 30, 40]), own }), {
      ...PARAMS,
      exitEdge: PARAMS.entryEdge,
    });
    expect(noBand.orders.find((o) => o.ticker === 'CCC')).toMatchObject({ action: 'BUY' });
  });

  it('the price helper joins the touch when the spread is one tick', () => {
    const s = makeSnapshot('AAA', 20, 20.01) as Parameters<typeof legPrice>[0];
    expect(legPrice(s, 'BUY', false, 2)).toBe(20);
    expect(legPrice(s, 'SELL', false, 2)).toBe(20.01);
  });
});

describe('betas without the case text', () => {
  it("are estimated from the stocks' common factor once the history is long enough", () => {
    let s = 5;
    const u = () => ((s = (16807 * s) % 2147483647), s / 2147483647 - 0.5);
    let x = 0;
    const history: number[][] = TICKERS.map(() => []);
    for (let t = 0; t < 300; t++) {
      x += 0.003 * u();
      BETAS.forEach((b, i) => history[i]!.push(b * x + 0.001 * u()));
    }
    const p = validateStatArbParams({ tickers: TICKERS });
    const est = betasFor(p, history)!;
    const norm = Math.hypot(...BETAS);
    BETAS.forEach((b, i) => expect(est[i]!).toBeCloseTo(b / norm, 1));
    expect(
      betasFor(
        p,
        history.map((h) => h.slice(0, 10)),
      ),
    ).toBeNull();
    expect(betasFor(PARAMS, [])).toEqual(BETAS);
    const out = tradeStatArb(ctxAt([20, 30, 40.6], { memory: memoryAt([20, 30, 40]) }), p);
    expect(out.orders).toEqual([]);
    expect(out.notes).toEqual(['stat: estimating the betas from the history']);
  });
});

describe('stat-arb parameters and registry', () => {
  it('is registered as statArb / stat and takes betas from a command line string', () => {
    expect(STRATEGIES.statArb.source).toBe('ARBITRAGE');
    expect(strategyByCliName('stat')?.kind).toBe('statArb');
    expect(validateStatArbParams({ tickers: 'AAA,BBB', betas: '0.8,1.3' }).betas).toEqual([0.8, 1.3]);
    expect(() => validateStatArbParams({ tickers: ['AAA', 'BBB'], betas: [1] })).toThrow(
      /one beta per ticker \(2\) or none/,
    );
    expect(() => validateStatArbParams({ betas: 'x' })).toThrow(/finite numbers/);
    expect(() => validateStatArbParams({ exitEdge: 2 })).toThrow(/exitEdge/);
  });
});
