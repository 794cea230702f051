import { MarketDataError, summarizeBook } from '@ritc/market-data';
import { order } from './helpers/fake-api';

describe('summarizeBook', () => {
  it('aggregates same-price orders, remaining size and depth; does not trust sort order', () => {
    const s = summarizeBook({
      bids: [order('BUY', 9.98, 100), order('BUY', 9.99, 300, 100), order('BUY', 9.99, 50)],
      asks: [order('SELL', 10.02, 400), order('SELL', 10.01, 100)],
    });
    expect(s.bid).toBe(9.99);
    expect(s.bidSize).toBe(250);
    expect(s.ask).toBe(10.01);
    expect(s.askSize).toBe(100);
    expect(s.mid).toBeCloseTo(10, 12);
    expect(s.depthBid).toBe(350);
    expect(s.depthAsk).toBe(500);
    expect(s.bookImbalance).toBeCloseTo(-150 / 850, 12);
    expect(s.empty).toBe(false);
    expect(s.oneSided).toBe(false);
  });

  it('flags empty and one-sided books with NaN (absent) prices', () => {
    const e = summarizeBook({ bids: [], asks: [] });
    expect(e.empty).toBe(true);
    expect(Number.isNaN(e.bid) && Number.isNaN(e.mid)).toBe(true);
    expect(e.bookImbalance).toBe(0);
    const o = summarizeBook({ bids: [order('BUY', 5, 100)], asks: [] });
    expect(o.oneSided).toBe(true);
    expect(o.bid).toBe(5);
    expect(Number.isNaN(o.mid)).toBe(true);
    expect(o.bookImbalance).toBe(1);
  });

  it('skips unusable orders and accepts the 1.0.0 bid/ask spelling', () => {
    const s = summarizeBook({
      bid: [order('BUY', NaN, 100), { price: '9' }, null, order('BUY', 9, 100, 100), order('BUY', 8, 10)],
      ask: [],
    });
    expect(s.bid).toBe(8);
    expect(s.skipped).toBe(4);
  });

  it.each([null, 'x', 3, { bids: 'x', asks: [] }, { asks: [] }])('throws MD_MALFORMED_BOOK on %p', (b) => {
    expect(() => summarizeBook(b)).toThrow(MarketDataError);
    expect(() => summarizeBook(b)).toThrow(/MD_MALFORMED_BOOK/);
  });
});
