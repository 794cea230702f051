import { createOrder } from '../src/execution/orders';
import { limitWeight } from '../src/securities';
import { setup } from './helpers';
import { FakeExchange } from './fake-exchange';

function smallLimits(ex: FakeExchange, gross: number, net: number) {
  ex.limitList = [
    { name: 'LIMIT-STOCK', gross: 0, net: 0, gross_limit: gross, net_limit: net, gross_fine: 0, net_fine: 0 },
  ];
}

describe('risk gate', () => {
  it('reads limits[].units per limitUnitsMeaning: auto makes RITC 0.5 and 2 both ×2', () => {
    expect(limitWeight(0.5, 'auto')).toBe(2);
    expect(limitWeight(2, 'auto')).toBe(2);
    expect(limitWeight(1, 'auto')).toBe(1);
    expect(limitWeight(0.5, 'multiplier')).toBe(0.5);
    expect(limitWeight(2, 'inverse')).toBe(0.5);
  });

  it('cuts a burst of resting orders at the limit, counting in-flight ones (never sent past it)', async () => {
    const ex = new FakeExchange();
    smallLimits(ex, 10_000, 10_000);
    ex.securities.RITC!.limits = [{ name: 'LIMIT-STOCK', units: 0.5 }]; // the live-server reading
    let release!: () => void;
    ex.gate = new Promise((r) => {
      release = r;
    });
    const { em } = await setup({}, ex);
    // 6 × 1,000 RITC at weight 2 = 12,000 > 10,000: the 6th must be cut even though none has filled
    const a = em.submit(
      [1, 2, 3].map(() => createOrder('RITC', 'LIMIT', 'BUY', 1000, 24.9)),
      'MARKET_MAKER',
    );
    const b = em.submit(
      [1, 2, 3].map(() => createOrder('RITC', 'LIMIT', 'BUY', 1000, 24.9)),
      'ARBITRAGE',
    );
    expect(a.orders).toHaveLength(3);
    expect(b.orders).toHaveLength(2);
    expect(b.refused[0]!.reason).toMatch(/LIMIT-STOCK/);
    release();
    await Promise.all([a.settled, b.settled]);
    expect(ex.posts).toHaveLength(5);
    // a sell is still allowed: it does not raise the worst case of the long side... but gross counts |p - sells|
    expect(em.canExecuteOrders([createOrder('RITC', 'LIMIT', 'SELL', 1000, 25.5)])).toBe(true);
    expect(em.canExecuteOrders([createOrder('BULL', 'LIMIT', 'BUY', 1, 9.9)])).toBe(false);
  });

  it('counts net across tickers and lets a long in one offset a short in another for net, not gross', async () => {
    const ex = new FakeExchange();
    smallLimits(ex, 5000, 1000);
    const { em } = await setup({}, ex);
    await em.executeOrders([createOrder('BULL', 'MARKET', 'BUY', 1000)], 'ARBITRAGE');
    expect(em.canExecuteOrders([createOrder('BEAR', 'MARKET', 'BUY', 1)])).toBe(false); // net 1001
    expect(em.canExecuteOrders([createOrder('BEAR', 'MARKET', 'SELL', 2000)])).toBe(true); // net -1000, gross 3000
    expect(em.canExecuteOrders([createOrder('BEAR', 'MARKET', 'SELL', 4001)])).toBe(false); // gross 5001
    // currencies are not shares
    expect(em.canExecuteOrders([createOrder('USD', 'MARKET', 'BUY', 2_000_000)])).toBe(true);
  });

  it('refuses oversize, fractional, fat-finger prices, inactive case, and HALTED state', async () => {
    const { ex, em } = await setup();
    expect(
      em.gate.canExecuteOrders([{ ticker: 'BULL', type: 'MARKET', action: 'BUY', quantity: 10_001, source: 'HEDGE' }]),
    ).toBe(false);
    expect(
      em.gate.canExecuteOrders([{ ticker: 'BULL', type: 'MARKET', action: 'BUY', quantity: 1.5, source: 'HEDGE' }]),
    ).toBe(false);
    expect(em.canExecuteOrders([createOrder('BULL', 'LIMIT', 'BUY', 10, 10.01 * 1.06)])).toBe(false);
    expect(em.canExecuteOrders([createOrder('BULL', 'LIMIT', 'BUY', 10, 10.01 * 1.04)])).toBe(true);
    expect(em.canExecuteOrders([createOrder('BULL', 'LIMIT', 'SELL', 10, 9.99 * 0.94)])).toBe(false);
    ex.caseInfo.status = 'PAUSED';
    em.updateCase(await ex.getCase());
    expect(em.canExecuteOrders([createOrder('BULL', 'MARKET', 'BUY', 10)])).toBe(false);
    ex.caseInfo.status = 'ACTIVE';
    em.updateCase(await ex.getCase());
    em.gate.setState('HALTED', 'test');
    const r = await em.executeOrders([createOrder('BULL', 'MARKET', 'BUY', 10)], 'HEDGE');
    expect(r.refused[0]!.reason).toBe('trading halted');
    expect(ex.posts).toHaveLength(0);
  });

  it('REDUCING admits only orders that bring the position toward zero', async () => {
    const { em } = await setup();
    await em.executeOrders([createOrder('BULL', 'MARKET', 'BUY', 500)], 'ARBITRAGE');
    em.gate.setState('REDUCING', 'test');
    expect(em.canExecuteOrders([createOrder('BULL', 'MARKET', 'BUY', 1)])).toBe(false);
    expect(em.canExecuteOrders([createOrder('BULL', 'MARKET', 'SELL', 501)])).toBe(false);
    expect(em.canExecuteOrders([createOrder('BULL', 'MARKET', 'SELL', 500)])).toBe(true);
    expect(em.canExecuteOrders([createOrder('BEAR', 'MARKET', 'SELL', 1)])).toBe(false);
    expect(em.bus.events.some((e) => e.type === 'risk' && e.state === 'REDUCING')).toBe(true);
  });

  it('REDUCING admits a tender that adds only when it is held to the free close-out, within the limits', async () => {
    const { em } = await setup();
    await em.executeOrders([createOrder('BULL', 'MARKET', 'BUY', 500)], 'ARBITRAGE');
    em.gate.setState('REDUCING', 'test');
    expect(em.gate.checkOutright('RITC', 10_000)).toMatch(/REDUCING/);
    expect(em.gate.checkOutright('RITC', 10_000, true)).toBeNull();
    // Crossing zero is adding too.
    expect(em.gate.checkOutright('BULL', -1_000)).toMatch(/REDUCING/);
    expect(em.gate.checkOutright('BULL', -1_000, true)).toBeNull();
    // The limits still hold: 150,001 RITC at weight 2 is over the 300,000 gross.
    expect(em.gate.checkOutright('RITC', 150_001, true)).toMatch(/LIMIT-STOCK/);
    const paid = await setup({ config: { closeOutFree: false } });
    paid.em.gate.setState('REDUCING', 'test');
    expect(paid.em.gate.checkOutright('RITC', 10_000, true)).toMatch(/REDUCING/);
  });
});
