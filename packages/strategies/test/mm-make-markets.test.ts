import { DEFAULT_MM_PARAMS, makeMarkets, MM_TAG_ASK, MM_TAG_BID, MM_TAG_HEDGE, type MarketMakingParams } from '../src';
import { makeContext, makeOpenOrder, LEGS_2020 } from '../src/testing';
import { at } from '@ritc/quant';

const P: MarketMakingParams = { ...DEFAULT_MM_PARAMS, ...LEGS_2020.marketMaking, tickers: ['BULL'] };

describe('makeMarkets', () => {
  test('quotes both sides on a fresh book with MM tags and whole-share sizes', () => {
    const out = makeMarkets(makeContext(), P);
    expect(out.orders).toHaveLength(2);
    const bid = at(out.orders, 0);
    const ask = at(out.orders, 1);
    expect(bid).toMatchObject({
      ticker: 'BULL',
      type: 'LIMIT',
      action: 'BUY',
      quantity: 2000,
      source: 'MARKET_MAKER',
      tag: MM_TAG_BID,
    });
    expect(ask).toMatchObject({ action: 'SELL', tag: MM_TAG_ASK });
    expect(bid.price!).toBeLessThan(10);
    expect(ask.price!).toBeGreaterThan(10);
  });

  test('keeps quotes within the refresh tolerance; cancels and replaces only the side that moved', () => {
    const first = makeMarkets(makeContext(), P);
    const bidPrice = at(first.orders, 0).price!;
    const askPrice = at(first.orders, 1).price!;
    const open = [
      makeOpenOrder({ orderId: 11, ticker: 'BULL', action: 'BUY', price: bidPrice, tag: MM_TAG_BID }),
      makeOpenOrder({ orderId: 12, ticker: 'BULL', action: 'SELL', price: askPrice, tag: MM_TAG_ASK }),
    ];
    const same = makeMarkets(makeContext({ openOrders: open }), P);
    expect(same.orders).toHaveLength(0);
    expect(same.cancels).toHaveLength(0);
    // One tick move: within tolerance 1 → keep.
    const oneTick = makeMarkets(makeContext({ openOrders: open, books: { BULL: [9.99, 10.03] } }), P);
    expect(oneTick.cancels).toHaveLength(0);
    // The book moves up 5 ticks: both sides move → cancel both, replace both.
    const moved = makeMarkets(makeContext({ openOrders: open, books: { BULL: [10.03, 10.07] } }), P);
    expect(moved.cancels.sort()).toEqual([11, 12]);
    expect(moved.orders.map((o) => o.action).sort()).toEqual(['BUY', 'SELL']);
    // Only the bid moved (stale bid far away): only it is replaced.
    const staleBid = [{ ...at(open, 0), price: bidPrice - 0.05 }, at(open, 1)];
    const partial = makeMarkets(makeContext({ openOrders: staleBid }), P);
    expect(partial.cancels).toEqual([11]);
    expect(partial.orders).toHaveLength(1);
    expect(at(partial.orders, 0).action).toBe('BUY');
  });

  test('stacked quotes on one side: the extras are cancelled', () => {
    const first = makeMarkets(makeContext(), P);
    const open = [
      makeOpenOrder({ orderId: 1, ticker: 'BULL', action: 'BUY', price: at(first.orders, 0).price!, tag: MM_TAG_BID }),
      makeOpenOrder({ orderId: 2, ticker: 'BULL', action: 'BUY', price: at(first.orders, 0).price!, tag: MM_TAG_BID }),
    ];
    const out = makeMarkets(makeContext({ openOrders: open }), P);
    expect(out.cancels).toEqual([2]);
  });

  test('VPIN above the stop: cancel quotes and flatten MM inventory with a market order', () => {
    const ctx = makeContext({
      snapshots: { BULL: { vpin: 0.85 } },
      positions: { BULL: { MARKET_MAKER: -3000 } },
      openOrders: [makeOpenOrder({ orderId: 7, ticker: 'BULL', action: 'BUY', price: 9.95, tag: MM_TAG_BID })],
    });
    const out = makeMarkets(ctx, P);
    expect(out.cancels).toEqual([7]);
    expect(out.orders).toEqual([
      { ticker: 'BULL', type: 'MARKET', action: 'BUY', quantity: 3000, source: 'MARKET_MAKER', tag: MM_TAG_HEDGE },
    ]);
    // Same inventory on the next call in the same tick: the hedge is in flight, not sent twice.
    const again = makeMarkets({ ...ctx, memory: out.memory }, P);
    expect(again.orders).toHaveLength(0);
  });

  test.each([
    ['stale', { flags: { stale: true, empty: false, oneSided: false, inactive: false } }],
    ['empty', { bid: null, ask: null, flags: { stale: false, empty: true, oneSided: false, inactive: false } }],
    ['inactive', { flags: { stale: false, empty: false, oneSided: false, inactive: true } }],
    ['too old', { monoMs: 0 }],
    ['no VPIN', { vpin: null }],
  ])('no quotes on a %s snapshot, existing quotes cancelled', (_name, snap) => {
    const ctx = makeContext({
      snapshots: { BULL: snap },
      openOrders: [makeOpenOrder({ orderId: 5, ticker: 'BULL', action: 'SELL', price: 10.05, tag: MM_TAG_ASK })],
    });
    const out = makeMarkets(ctx, P);
    expect(out.orders).toHaveLength(0);
    expect(out.cancels).toEqual([5]);
  });

  test('inventory over the cap: hedge back to half the cap and quote only the reducing side', () => {
    // 1.5 caps held: hedged back to half the cap.
    const inventory = 1.5 * P.inventoryCap;
    const out = makeMarkets(makeContext({ positions: { BULL: { MARKET_MAKER: inventory } } }), P);
    const hedge = out.orders.find((o) => o.tag === MM_TAG_HEDGE)!;
    expect(hedge).toMatchObject({ type: 'MARKET', action: 'SELL', quantity: inventory - 0.5 * P.inventoryCap });
    expect(out.orders.filter((o) => o.type === 'LIMIT').map((o) => o.action)).toEqual(['SELL']);
  });

  test('sizes are clipped to the limit headroom (RITC weight 2) and skipped when below the minimum', () => {
    const limits = [{ name: 'L', gross: 299_000, net: 0, grossLimit: 300_000, netLimit: 200_000 }];
    const out = makeMarkets(makeContext({ limits }), { ...P, tickers: ['RITC'], limitFraction: 1 });
    // 1,000 gross left → 500 RITC per side.
    expect(out.orders.map((o) => o.quantity)).toEqual([500, 500]);
    const none = makeMarkets(makeContext({ limits }), { ...P, tickers: ['RITC'], limitFraction: 1, minQuoteSize: 600 });
    expect(none.orders).toHaveLength(0);
  });

  test('stops and flattens near the end of the heat when the close-out is not free', () => {
    const out = makeMarkets(makeContext({ tick: 298, positions: { BULL: { MARKET_MAKER: 400 } } }), {
      ...P,
      closeOutFree: false,
    });
    expect(out.orders).toEqual([expect.objectContaining({ type: 'MARKET', action: 'SELL', quantity: 400 })]);
  });

  test('pending quotes (not acknowledged yet) count: none stacked on top, a stale one cancelled by its id', () => {
    const first = makeMarkets(makeContext(), P);
    const pending = [
      makeOpenOrder({
        orderId: -41,
        ticker: 'BULL',
        action: 'BUY',
        price: at(first.orders, 0).price!,
        tag: MM_TAG_BID,
        pending: true,
      }),
      makeOpenOrder({
        orderId: -42,
        ticker: 'BULL',
        action: 'SELL',
        price: at(first.orders, 1).price! + 0.1,
        tag: MM_TAG_ASK,
        pending: true,
      }),
    ];
    const out = makeMarkets(makeContext({ openOrders: pending }), P);
    expect(out.cancels).toEqual([-42]);
    expect(out.orders.map((o) => o.action)).toEqual(['SELL']);
  });

  test('a hedge still on its way counts as done: not sent twice', () => {
    const ctx = makeContext({
      snapshots: { BULL: { vpin: 0.85 } },
      positions: { BULL: { MARKET_MAKER: -3000 } },
      openOrders: [
        makeOpenOrder({
          orderId: -9,
          ticker: 'BULL',
          type: 'MARKET',
          action: 'BUY',
          price: null,
          quantity: 3000,
          tag: MM_TAG_HEDGE,
          pending: true,
        }),
      ],
    });
    expect(makeMarkets(ctx, P).orders).toHaveLength(0);
  });

  test('under REDUCING only the side that reduces the inventory is quoted', () => {
    const out = makeMarkets(
      { ...makeContext({ positions: { BULL: { MARKET_MAKER: 3000 } } }), riskState: 'REDUCING' },
      P,
    );
    expect(out.orders.map((o) => o.action)).toEqual(['SELL']);
    const flat = makeMarkets({ ...makeContext(), riskState: 'REDUCING' }, P);
    expect(flat.orders).toHaveLength(0);
  });
});
