import fc from 'fast-check';
import {
  fitsLimits,
  DEFAULT_MM_PARAMS,
  DEFAULT_TENDER_PARAMS,
  DEFAULT_ARB_PARAMS,
  isOnGrid,
  makeMarkets,
  runTenderStrategy,
  searchForArbitrage,
  type OrderIntent,
  type StrategyContext,
} from '../src';
import { makeContext, makeTender, LEGS_2020 } from '../src/testing';
import { at } from '@ritc/quant';

function valid(ctx: StrategyContext, orders: OrderIntent[]): boolean {
  return orders.every((o) => {
    if (!(Number.isInteger(o.quantity) && o.quantity > 0)) return false;
    if (o.type === 'MARKET') return true;
    const sec = ctx.securities[o.ticker]; // an order on a security the context does not know is invalid
    return sec !== undefined && o.price !== undefined && o.price > 0 && isOnGrid(o.price, sec.quotedDecimals);
  });
}

const price = (lo: number, hi: number) =>
  fc.integer({ min: Math.round(lo * 100), max: Math.round(hi * 100) }).map((c) => c / 100);
const book = (lo: number, hi: number) =>
  fc
    .tuple(price(lo, hi), fc.integer({ min: 1, max: 30 }))
    .map(([b, w]) => [b, Math.round((b + w / 100) * 100) / 100] as [number, number]);

const arbCtx = fc
  .record({
    bull: book(9, 11),
    bear: book(14, 16),
    ritc: book(23, 27),
    vpin: fc.option(fc.double({ min: 0, max: 1, noNaN: true })),
    imb: fc.option(fc.double({ min: -1, max: 1, noNaN: true })),
    mm: fc.integer({ min: -30_000, max: 30_000 }),
    tenderPos: fc.integer({ min: -100_000, max: 100_000 }),
    tick: fc.integer({ min: 1, max: 299 }),
    tenderQty: fc.integer({ min: 1, max: 100_000 }),
    tenderPrice: price(23, 27),
  })
  .map((r) =>
    makeContext({
      tick: r.tick,
      depth: 'auto',
      books: { BULL: r.bull, BEAR: r.bear, RITC: r.ritc },
      snapshots: { BULL: { vpin: r.vpin, signedImbalance: r.imb }, RITC: { vpin: r.vpin, signedImbalance: r.imb } },
      positions: { BULL: { MARKET_MAKER: r.mm }, RITC: { TENDER: r.tenderPos } },
      tenders: [makeTender({ quantity: r.tenderQty, price: r.tenderPrice, expires: r.tick + 5 })],
    }),
  );

describe('properties of every decision', () => {
  test('market making: whole positive quantities, prices on the grid, bid < ask', () => {
    fc.assert(
      fc.property(arbCtx, (ctx) => {
        const out = makeMarkets(ctx, { ...DEFAULT_MM_PARAMS, ...LEGS_2020.marketMaking });
        const bids = out.orders.filter((o) => o.tag === 'mm:bid');
        const asks = out.orders.filter((o) => o.tag === 'mm:ask');
        const crossed = bids.some((b) => asks.some((a) => a.ticker === b.ticker && a.price! <= b.price!));
        return valid(ctx, out.orders) && !crossed;
      }),
      { numRuns: 300 },
    );
  });

  test('tenders: whole positive quantities, prices on the grid, accepted tenders fit the limits', () => {
    fc.assert(
      fc.property(arbCtx, (ctx) => {
        const out = runTenderStrategy(ctx, { ...DEFAULT_TENDER_PARAMS, ...LEGS_2020.tender });
        const t = at(ctx.tenders, 0); // arbCtx holds one tender, one RITC position and one limit
        const d = (t.action === 'BUY' ? 1 : -1) * t.quantity;
        const ritc = ctx.positions.RITC;
        if (!ritc) throw new Error('arbCtx has no RITC position');
        const p = ritc.position;
        const lim = at(ctx.limits, 0);
        // Accepted ⇒ within the limits afterwards (90% of them unless held to the close, which trades
        // no more), or (already over) it does not make either usage worse.
        const notWorse =
          lim.gross + 2 * (Math.abs(p + d) - Math.abs(p)) <= lim.gross &&
          Math.abs(lim.net + 2 * d) <= Math.abs(lim.net);
        const limitOk = (out.tenders ?? []).every(
          (a) => !a.accept || fitsLimits(ctx, { RITC: d }, /^HOLD\b/.test(a.reason) ? 1 : 0.9) || notWorse,
        );
        return valid(ctx, out.orders) && limitOk && out.orders.filter((o) => o.tag === 'tender:unwind').length <= 1;
      }),
      { numRuns: 300 },
    );
  });

  test('arbitrage: whole positive quantities and equal units on the three legs', () => {
    fc.assert(
      fc.property(arbCtx, (ctx) => {
        const model = {
          beta: 1,
          alpha: 0,
          structural: true,
          betaEstimated: null,
          alphaEstimated: null,
          cointStatistic: null,
          cointPValue: null,
          centre: 0,
          threshold: 0.1,
          slippage: 0.05,
          spreadStd: 0.1,
          samples: 100,
          calibratedTick: ctx.tick,
          notes: [],
        };
        const out = searchForArbitrage(
          { ...ctx, memory: { model, position: null, lastOrderTick: null } },
          { ...DEFAULT_ARB_PARAMS, ...LEGS_2020.arbitrage },
        );
        const legs = out.orders.filter((o) => o.tag === 'arb:entry' && o.ticker !== 'USD').map((o) => o.quantity);
        return valid(ctx, out.orders) && (legs.length === 0 || (legs.length === 3 && legs.every((q) => q === legs[0])));
      }),
      { numRuns: 300 },
    );
  });
});
