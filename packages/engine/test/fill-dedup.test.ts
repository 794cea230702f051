import { createOrder } from '../src/execution/orders';
import { setup } from './helpers';

describe('fills are learned from POST and polls exactly once', () => {
  it('partial fills seen by repeated polls add up to the exchange position', async () => {
    const { ex, em } = await setup();
    const r = await em.executeOrders([createOrder('RITC', 'LIMIT', 'SELL', 1000, 25.5)], 'MARKET_MAKER');
    const id = r.orderIds[0]!;
    for (const q of [100, 250, 0, 400]) {
      if (q) ex.fillResting(id, q);
      await em.pollOrders();
      await em.pollOrders(); // the same answer twice must not double count
    }
    expect(em.positions.position('RITC')).toBe(-750);
    expect(em.positions.position('RITC')).toBe(ex.position('RITC'));
    expect(em.positions.position('USD')).toBeCloseTo(ex.position('USD'), 6);
    const fills = em.bus.events.flatMap((e) => (e.type === 'fill' ? [e] : []));
    expect(fills.map((f) => f.quantity)).toEqual([100, 250, 400]);
    // passive fills earn the rebate (converted to CAD at the USD mid ≈ 1)
    expect(em.fees.rebatesCad.MARKET_MAKER).toBeCloseTo(750 * 0.01, 3);
    ex.fillResting(id, 250);
    await em.pollOrders();
    expect(em.isOrderTransacted(id)).toBe(true);
    expect(em.positions.position('RITC')).toBe(-1000);
  });

  it('a MARKET fill in the POST response is a taker fill with its vwap, and moves the quote currency', async () => {
    const { ex, em } = await setup();
    await em.executeOrders([createOrder('RITC', 'MARKET', 'BUY', 200)], 'ARBITRAGE');
    await em.pollOrders();
    expect(em.positions.position('RITC')).toBe(200);
    // cash pays the price and the 0.02/share taker fee, like the exchange's USD balance
    expect(em.positions.position('USD')).toBeCloseTo(-200 * 25.01 - 200 * 0.02, 6);
    expect(ex.position('USD')).toBeCloseTo(em.positions.position('USD'), 6);
    expect(em.fees.feesCad.ARBITRAGE).toBeCloseTo(200 * 0.02, 3);
    expect(em.positions.position('CAD')).toBe(0); // RITC does not touch CAD
  });
});
