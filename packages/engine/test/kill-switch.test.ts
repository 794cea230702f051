import { createOrder } from '../src/execution/orders';
import { setup } from './helpers';

describe('kill switch', () => {
  it('halts on a CAD drawdown from the NLV peak, cancels everything, and resumes on command', async () => {
    const { ex, em } = await setup({ config: { killSwitchLossCad: 1000 } });
    em.gate.onHalt = (reason) => {
      void em.cancelAll(reason);
    };
    const r = await em.executeOrders([createOrder('BULL', 'LIMIT', 'BUY', 100, 9.5)], 'MARKET_MAKER');
    em.gate.observeNlv(500);
    em.gate.observeNlv(2000);
    em.gate.observeNlv(1001);
    expect(em.gate.state).toBe('ACTIVE');
    em.gate.observeNlv(1000);
    expect(em.gate.state).toBe('HALTED');
    await em.pollOrders();
    expect(ex.cancelCalls).toEqual([{ all: true }]);
    expect(r.orders[0]!.state).toBe('CANCELLED');
    expect(em.canExecuteOrders([createOrder('BULL', 'MARKET', 'SELL', 1)])).toBe(false);
    em.gate.resume();
    expect(em.gate.state).toBe('ACTIVE');
    expect(em.canExecuteOrders([createOrder('BULL', 'MARKET', 'SELL', 1)])).toBe(true);
    // the peak restarts at the NLV of the resume: no immediate re-trigger
    em.gate.observeNlv(999);
    expect(em.gate.state).toBe('ACTIVE');
  });

  it('lifts by itself after the cool-off in ticks', async () => {
    const { ex, em } = await setup({ config: { killSwitchLossCad: 10, killSwitchCoolOffTicks: 5 } });
    em.gate.observeNlv(100);
    em.gate.observeNlv(80);
    expect(em.gate.state).toBe('HALTED');
    ex.caseInfo.tick += 4;
    em.updateCase(await ex.getCase());
    expect(em.gate.state).toBe('HALTED');
    ex.caseInfo.tick += 1;
    em.updateCase(await ex.getCase());
    expect(em.gate.state).toBe('ACTIVE');
    const states = em.bus.events.flatMap((e) => (e.type === 'risk' ? [e.state] : []));
    expect(states).toEqual(['HALTED', 'ACTIVE']);
  });
});
