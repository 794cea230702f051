import { MalformedResponseError, TimeoutError, type Tender } from '@ritc/rit-client';
import { createOrder } from '../src/execution/orders';
import { setup } from './helpers';

const tender = (over: Partial<Tender> = {}): Tender => ({
  tender_id: 7,
  period: 1,
  tick: 10,
  expires: 16,
  caption: 'x',
  ticker: 'RITC',
  quantity: 50_000,
  action: 'BUY',
  is_fixed_bid: true,
  price: 24.9,
  ...over,
});

describe('positions', () => {
  it('corrects a difference with the exchange into the unattributed bucket and logs it', async () => {
    const { ex, em } = await setup();
    await em.executeOrders([createOrder('BULL', 'MARKET', 'BUY', 300)], 'ARBITRAGE');
    ex.securities.BULL!.position += 50; // a manual trade we did not send
    const diffs = await em.reconcilePositions();
    expect(diffs).toEqual([{ ticker: 'BULL', engine: 300, exchange: 350 }]);
    expect(em.positions.bySource('BULL')).toMatchObject({ ARBITRAGE: 300, HEDGE: 50 });
    expect(em.bus.events.some((e) => e.type === 'reconcile' && e.ticker === 'BULL' && e.exchange === 350)).toBe(true);
    expect(await em.reconcilePositions()).toEqual([]);
  });

  it('a tender accept whose answer is lost is booked when the exchange shows it; a refusal is not', async () => {
    const { ex, em } = await setup();
    const accept = ex.acceptTender.bind(ex);
    // Booked by the exchange, answer truncated on the way back.
    ex.tenders = [tender()];
    ex.acceptTender = async (id, price) => {
      await accept(id, price);
      throw new MalformedResponseError('POST /tenders/7: invalid JSON', '', { endpoint: 'POST /tenders/{id}' });
    };
    expect(await em.acceptTender(tender())).toBe(true);
    expect(em.positions.bySource('RITC').TENDER).toBe(50_000);
    expect(await em.reconcilePositions()).toEqual([]);
    // Lost on the way there: nothing booked anywhere.
    ex.tenders = [tender({ tender_id: 9, quantity: 10_000 })];
    ex.acceptTender = async () => {
      throw new TimeoutError('POST /tenders/9: no answer', { endpoint: 'POST /tenders/{id}' });
    };
    expect(await em.acceptTender(tender({ tender_id: 9, quantity: 10_000 }))).toBe(false);
    expect(em.positions.position('RITC')).toBe(50_000);
    expect(em.tenderDecision(9)).toBeUndefined();
  });

  it('books an accepted tender directly: RITC ±qty and USD ∓qty×price, checked against limits first', async () => {
    const { ex, em } = await setup();
    ex.tenders = [tender()];
    expect(await em.acceptTender(tender())).toBe(true);
    expect(em.positions.bySource('RITC').TENDER).toBe(50_000);
    expect(em.positions.position('USD')).toBeCloseTo(-50_000 * 24.9, 6);
    expect(await em.reconcilePositions()).toEqual([]); // agrees with the exchange
    // 100k more RITC at weight 2 = 300k net > 200k: refused before asking the exchange
    ex.tenders = [tender({ tender_id: 8, quantity: 100_000 })];
    expect(await em.acceptTender(tender({ tender_id: 8, quantity: 100_000 }))).toBe(false);
    expect(ex.tenders).toHaveLength(1);
    expect(
      em.bus.events.some((e) => e.type === 'tender' && e.tender.tender_id === 8 && /risk gate/.test(e.reason)),
    ).toBe(true);
    expect(await em.declineTender(tender({ tender_id: 8 }))).toBe(true);
    expect(em.counters).toMatchObject({ tendersAccepted: 1, tendersDeclined: 1 });
  });

  it('an auction bid is booked only when the exchange shows it filled after the close; a lost bid books nothing', async () => {
    const { ex, em } = await setup();
    const accept = ex.acceptTender.bind(ex);
    const auction = (id: number) => tender({ tender_id: id, is_fixed_bid: false, price: null, caption: 'auction' });
    const bids: Array<[number, number | undefined]> = [];
    ex.acceptTender = async (id, price) => {
      bids.push([id, price]);
      ex.tenders = ex.tenders.filter((x) => x.tender_id !== id);
      return { success: true };
    };
    ex.tenders = [auction(7), auction(8)];
    expect(await em.acceptTender(auction(7), 24.95)).toBe(true);
    expect(await em.acceptTender(auction(8), 24.9)).toBe(true);
    expect(bids).toEqual([
      [7, 24.95],
      [8, 24.9],
    ]);
    expect(em.positions.position('RITC')).toBe(0);
    expect(em.tenderDecision(7)).toBe('ACCEPTED');
    // The tenders close: 7 is filled at its bid, 8 is not. A reconcile in between corrects nothing.
    ex.tenders = [auction(7)];
    await accept(7, 24.95);
    expect(await em.reconcilePositions()).toEqual([]);
    ex.caseInfo.tick = 17;
    await em.reconcilePositions();
    await em.tenders.poll();
    expect(em.positions.bySource('RITC').TENDER).toBe(50_000);
    expect(em.positions.position('USD')).toBeCloseTo(-50_000 * 24.95, 6);
    expect(em.counters.tendersAccepted).toBe(1);
    expect(
      em.bus.events.some((e) => e.type === 'tender' && e.tender.tender_id === 8 && /not filled/.test(e.reason)),
    ).toBe(true);
    expect(await em.reconcilePositions()).toEqual([]); // agrees with the exchange
  });

  it('P&L by source marks holdings and cash to mids in CAD', async () => {
    const { ex, em } = await setup();
    await em.executeOrders([createOrder('BULL', 'MARKET', 'BUY', 1000)], 'ARBITRAGE'); // at 10.01
    ex.securities.BULL!.bid = 10.5;
    ex.securities.BULL!.ask = 10.52;
    await em.reconcilePositions(); // refreshes quotes from /securities
    const p = em.pnl().ARBITRAGE;
    expect(p.tradingCad).toBeCloseTo(1000 * (10.51 - 10.01), 6);
    expect(p.feesCad).toBeCloseTo(20, 6);
    expect(p.netCad).toBeCloseTo(500 - 20, 6);
  });
});
