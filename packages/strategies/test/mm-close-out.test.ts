import { DEFAULT_MM_PARAMS, makeMarkets, type MarketMakingParams } from '../src';
import { makeContext, makeOpenOrder, LEGS_2020 } from '../src/testing';

const P: MarketMakingParams = { ...DEFAULT_MM_PARAMS, ...LEGS_2020.marketMaking, tickers: ['BULL', 'RITC'] };

describe('the market maker at the end of the heat, with a free close-out', () => {
  test('stops quoting and leaves its inventory to the close-out instead of paying to flatten it', () => {
    const ctx = makeContext({
      tick: 298,
      positions: { BULL: { MARKET_MAKER: 6_000 }, RITC: { MARKET_MAKER: -4_000 } },
      openOrders: [makeOpenOrder({ orderId: 7, ticker: 'BULL', action: 'SELL', price: 10.03, source: 'MARKET_MAKER' })],
    });
    const out = makeMarkets(ctx, P);
    expect(out.orders).toHaveLength(0);
    expect(out.cancels).toEqual([7]);
    expect(out.notes.join('\n')).toMatch(/held to the free close-out/);
  });
});
