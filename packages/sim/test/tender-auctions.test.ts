/**
 * Competitive tenders: an auction fills every bid at or better than its hidden reserve at the bid's
 * own price when it closes; winner-take-all fills only the best bid, and only when it beats the
 * rival bid; both are listed without a price and answered with one.
 */
import { Exchange, configForCase, type SimConfig } from '../src';

const mk = (rival = 0.05): Exchange => {
  const c: SimConfig = configForCase('liquidity-risk');
  c.clock = 'manual';
  c.tenders.enabled = false;
  c.tenders.tickers = ['OAK'];
  c.tenders.rivalImproveMin = rival;
  c.tenders.rivalImproveMax = rival;
  return new Exchange(c);
};
const pos = (ex: Exchange, t: string): number => ex.user.position(ex.meta(t));
const steps = (ex: Exchange, n: number): void => {
  for (let i = 0; i < n; i++) ex.step();
};

describe('auction tenders', () => {
  it('are listed without a price, need a bid, and fill a bid that clears the reserve at its own price', () => {
    const ex = mk();
    const t = ex.tenders.post({ kind: 'auction', action: 'BUY', quantity: 10_000, price: 19.9, windowTicks: 5 });
    expect(t.is_fixed_bid).toBe(false);
    expect(t.price).toBeNull();
    expect(() => ex.tenders.accept(ex.user, t.tender_id, undefined)).toThrow(/answer it with your bid/);
    ex.tenders.accept(ex.user, t.tender_id, 19.95);
    expect(ex.tenders.activeFor(ex.user)).toHaveLength(0);
    steps(ex, 4);
    expect(pos(ex, 'OAK')).toBe(0);
    steps(ex, 1);
    expect(pos(ex, 'OAK')).toBe(10_000);
    expect(ex.user.vwap(ex.meta('OAK'))).toBeCloseTo(19.95, 6);
    expect(ex.tenders.history[0]?.outcome).toBe('ACCEPTED');
  });

  it('lose a bid below the reserve (a BUY) or above it (a SELL)', () => {
    const ex = mk();
    const b = ex.tenders.post({ kind: 'auction', action: 'BUY', quantity: 10_000, price: 19.9, windowTicks: 3 });
    const s = ex.tenders.post({ kind: 'auction', action: 'SELL', quantity: 10_000, price: 20.1, windowTicks: 3 });
    ex.tenders.accept(ex.user, b.tender_id, 19.89);
    ex.tenders.accept(ex.user, s.tender_id, 20.11);
    steps(ex, 3);
    expect(pos(ex, 'OAK')).toBe(0);
    expect(ex.tenders.history.map((r) => r.outcome)).toEqual(['LOST', 'LOST']);
  });
});

describe('winner-take-all tenders', () => {
  it('fill only a bid that beats the rival as well as the reserve', () => {
    const ex = mk(0.05);
    const lost = ex.tenders.post({
      kind: 'winnerTakeAll',
      action: 'BUY',
      quantity: 10_000,
      price: 19.9,
      windowTicks: 3,
    });
    const won = ex.tenders.post({
      kind: 'winnerTakeAll',
      action: 'BUY',
      quantity: 20_000,
      price: 19.9,
      windowTicks: 3,
    });
    ex.tenders.accept(ex.user, lost.tender_id, 19.95); // clears the reserve, ties the rival (19.95): lost
    ex.tenders.accept(ex.user, won.tender_id, 19.96);
    steps(ex, 3);
    expect(pos(ex, 'OAK')).toBe(20_000);
    expect(ex.tenders.history.map((r) => r.outcome)).toEqual(['LOST', 'ACCEPTED']);
  });

  it('heat 2 of the case plays the same market under new tickers', () => {
    const c = configForCase('liquidity-risk@2');
    expect(c.securities.map((s) => s.ticker)).toEqual(['CAD', 'BIRCH', 'CEDAR']);
    expect(c.caseName).toMatch(/heat 2/);
    expect(c.tenders.tickers).toEqual(['BIRCH', 'CEDAR']);
    expect(() => configForCase('liquidity-risk@4')).toThrow(/no heat 4 \(the case has 3 heats\)/);
  });
});
