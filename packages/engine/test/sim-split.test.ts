import { createOrder } from '../src/execution/orders';
import { exchangePositions, settle, startRig, type SimRig } from './sim-helpers';

let rig: SimRig | undefined;
afterEach(async () => {
  await rig?.close();
});

describe('simulator: split orders', () => {
  it('an order above max_trade_size goes out as whole children ≤ 10,000 and the fills match the exchange', async () => {
    rig = await startRig();
    const { em, client } = rig;
    const r = await em.executeOrders([createOrder('BULL', 'MARKET', 'BUY', 23_457)], 'ARBITRAGE');
    expect(r.refused).toEqual([]);
    expect(r.orders.map((o) => o.quantity)).toEqual([7819, 7819, 7819]);
    expect(r.orders.every((o) => o.orderId != null && o.state !== 'REJECTED')).toBe(true);
    await settle(em);
    const ex = await exchangePositions(client);
    const filled = r.orders.reduce((s, o) => s + o.filled, 0);
    expect(filled).toBeGreaterThan(0);
    expect(em.positions.position('BULL')).toBe(filled);
    expect(em.positions.position('BULL')).toBe(ex.BULL);
    expect(em.positions.position('CAD')).toBeCloseTo(ex.CAD!, 2);
  });
});
