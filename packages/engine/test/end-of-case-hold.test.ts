import { createOrder } from '../src/execution/orders';
import { Coordinator } from '../src/lifecycle/coordinator';
import { InlineStrategyRunner } from '../src/lifecycle/strategy-runner';
import { FakeExchange } from './fake-exchange';

const waitFor = async (cond: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
};
const FAST = {
  decisionIntervalMs: 10,
  orderPollMs: 10,
  reconcileMs: 50,
  casePollMs: 10,
  tenderPollMs: 10,
  traderPollMs: 20,
  historySampleMs: 10,
};

describe('end of case with a free close-out', () => {
  it('leaves a position to the close-out instead of paying to flatten it in the last ticks', async () => {
    const ex = new FakeExchange();
    ex.caseInfo.tick = 280;
    const c = new Coordinator({
      api: ex,
      config: { ...FAST, endOfCaseReduceTicks: 15, endOfCaseFlattenTicks: 4 },
      runner: new InlineStrategyRunner((t) => ({ kind: t.kind, orders: [], cancels: [], memory: null, computeUs: 0 })),
      strategies: [{ kind: 'arbitrage' }],
    });
    await c.start();
    try {
      await c.em.executeOrders([createOrder('BULL', 'MARKET', 'BUY', 700)], 'ARBITRAGE');
      ex.caseInfo.tick = 296;
      const runs = (): number => c.getState().pollRates.decide?.runs ?? 0;
      const before = runs();
      // Several decision rounds inside the flatten window: none of them sends an end-of-case order.
      await waitFor(() => runs() >= before + 5);
      expect(ex.position('BULL')).toBe(700);
      expect([...c.em.store.all()].filter((o) => o.tag === 'end-of-case')).toHaveLength(0);
    } finally {
      await c.shutdown();
    }
  });
});
