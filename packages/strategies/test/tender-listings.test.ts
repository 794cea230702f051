import {
  basketFairValue,
  listingParams,
  processTenderOrder,
  runTenderStrategy,
  TENDER_TAG_BASKET,
  TENDER_TAG_UNWIND,
  validateTenderParams,
  type TenderParams,
} from '../src';
import { makeContext, makeTender, type ContextOptions } from '../src/testing';
import type { StrategyContext } from '../src';

import { BOOKS, SECURITIES } from './fixtures/two-listings';
const calm = { vpin: 0.3, signedImbalance: 0, sigmaPerBucket: null };

function ctxOf(opts: ContextOptions = {}): StrategyContext {
  return makeContext({
    depth: 'auto',
    ...opts,
    securities: SECURITIES,
    books: { ...BOOKS, ...(opts.books ?? {}) },
    snapshots: { RITC: calm, RITU: calm, ...(opts.snapshots ?? {}) },
  });
}

// RITU primary, RITC a further listing with no FX leg, as the case assignment gives them.
const P: TenderParams = validateTenderParams({
  ticker: 'RITU',
  basket: ['BULL', 'BEAR'],
  fx: 'USD',
  otherListings: ['RITC'],
  listings: ['RITC'],
  listingFx: [''],
});
const basketOrders = (out: ReturnType<typeof runTenderStrategy>) =>
  out.orders.filter((o) => o.tag === TENDER_TAG_BASKET).map((o) => [o.ticker, o.action, o.quantity]);

describe('tenders on an ETF quoted in its basket currency (fx "")', () => {
  test('the basket value converts at 1, the foreign listing through its FX mid', () => {
    const ctx = ctxOf();
    expect(basketFairValue(ctx, { ...P, fx: '' })).toBeCloseTo(25.0, 12);
    expect(basketFairValue(ctx, P)).toBeCloseTo(25.0 / 1.25, 12);
  });

  test('a RITC tender is valued against the basket in CAD, its value in CAD one to one', () => {
    // RITC rich at 25.28/25.32 while the basket is at 25.00: a BUY tender is anchored at the basket.
    const ctx = ctxOf({ books: { RITC: [25.28, 25.32] } });
    const params = { ...listingParams(P, 0), closeOutFree: false };
    expect(params).toMatchObject({ ticker: 'RITC', fx: '', otherListings: ['RITU'], listings: [] });
    const v = processTenderOrder(makeTender({ ticker: 'RITC', quantity: 20_000, price: 24.7 }), ctx, params);
    expect(v.basketValue).toBeCloseTo(25.0, 12);
    expect(v.anchor).toBeCloseTo(25.0, 12);
    expect(v.basketNetPrice).not.toBeNull();
    expect(v.accept).toBe(true);
    expect(v.expectedValueCad).toBeCloseTo(v.expectedValueQuote!, 12);
  });
});

describe('tenders on several listings', () => {
  test('each listing answers its own tenders, with its own memory', () => {
    const tenders = [
      makeTender({ tender_id: 1, ticker: 'RITU', quantity: 10_000, price: 19.7 }),
      makeTender({ tender_id: 2, ticker: 'RITC', quantity: 10_000, price: 24.6 }),
    ];
    const out = runTenderStrategy(ctxOf({ tenders }), P);
    expect(out.tenders?.map((a) => [a.tenderId, a.accept])).toEqual([
      [1, true],
      [2, true],
    ]);
    expect(out.memory.answered).toEqual([1]);
    expect(out.memory.listings.RITC?.answered).toEqual([2]);
    expect(out.memory.accepts.map((a) => a.signed)).toEqual([10_000]);
    expect(out.memory.listings.RITC?.accepts.map((a) => a.signed)).toEqual([10_000]);
    expect(out.notes.some((n) => n.startsWith('RITC: tender 2'))).toBe(true);
    // Each listing starts its own unwind (UNWIND plan) of the accepted shares.
    const unwinds = out.orders.filter((o) => o.tag === TENDER_TAG_UNWIND).map((o) => [o.ticker, o.action]);
    expect(unwinds).toEqual([
      ['RITU', 'SELL'],
      ['RITC', 'SELL'],
    ]);
    // The next decision reads each listing's memory back: both accepts booked, each child waited for.
    const booked = ctxOf({ tick: 101, positions: { RITU: { TENDER: 10_000 }, RITC: { TENDER: 10_000 } } });
    const again = runTenderStrategy({ ...booked, memory: out.memory }, P);
    expect(again.tenders ?? []).toEqual([]);
    expect(again.memory.accepts).toEqual([]);
    expect(again.memory.listings.RITC?.accepts).toEqual([]);
    expect(again.memory.listings.RITC?.answered).toEqual([2]);
    expect(again.notes).toEqual(['tender: last child in flight', 'RITC: tender: last child in flight']);
  });

  test('one basket hedge for both: the stocks at −(both hedged shares), a drift corrected once', () => {
    const params = { ...P, basketHedge: true };
    const hedged = { RITU: { TENDER: 10_000 }, RITC: { TENDER: 20_000 } };
    // Nothing hedged yet: 30,000 of each stock sold, once (the primary corrects the drift of the whole).
    expect(basketOrders(runTenderStrategy(ctxOf({ positions: hedged }), params))).toEqual([
      ['BULL', 'SELL', 30_000],
      ['BEAR', 'SELL', 30_000],
    ]);
    const at = (stock: number) => ({ ...hedged, BULL: { TENDER: stock }, BEAR: { TENDER: stock } });
    expect(basketOrders(runTenderStrategy(ctxOf({ positions: at(-30_000) }), params))).toEqual([]);
    // 5,000 short of the hedge (a fill short, an unwind child): 5,000 sold once, not once per listing.
    expect(basketOrders(runTenderStrategy(ctxOf({ positions: at(-25_000) }), params))).toEqual([
      ['BULL', 'SELL', 5_000],
      ['BEAR', 'SELL', 5_000],
    ]);
  });
});
