import type { StrategyResult, StrategyTask } from '@ritc/strategies';
import { createOrder } from '../src/execution/orders';
import { Coordinator } from '../src/lifecycle/coordinator';
import { InlineStrategyRunner } from '../src/lifecycle/strategy-runner';
import { FakeExchange } from './fake-exchange';
import { setup } from './helpers';

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

describe('case close-out', () => {
  it('books the exchange closing our positions as trades of each source, labelled case close-out', async () => {
    const { ex, em } = await setup();
    await em.executeOrders([createOrder('BULL', 'MARKET', 'BUY', 1000)], 'ARBITRAGE'); // at 10.01
    await em.executeOrders([createOrder('RITC', 'MARKET', 'SELL', 300)], 'MARKET_MAKER'); // at 24.99 USD
    // The case ends: the exchange closes BULL at its last price 10.2 and RITC at its fair value
    // (BULL + BEAR) / USD = (10.2 + 14.9) / 1 = 25.1 USD, not at its own last 25.4; converts USD at 1.
    em.mids(); // a state read while the books were two-sided (USD mid 1.0)
    ex.caseInfo.status = 'STOPPED';
    const cad = ex.securities.CAD!,
      usd = ex.securities.USD!;
    // The exchange cleared its books: USD's last trade (0.98) is not the mid it converted at.
    Object.assign(usd, { bid: 0, ask: 0, last: 0.98 });
    ex.securities.BULL!.last = 10.2;
    ex.securities.BEAR!.last = 14.9;
    ex.securities.RITC!.last = 25.4;
    cad.position += 1000 * 10.2;
    ex.securities.BULL!.position = 0;
    usd.position -= 300 * 25.1;
    ex.securities.RITC!.position = 0;
    cad.position += usd.position * 1;
    usd.position = 0;
    // The exchange keeps 4-decimal cash: a sub-cent residue against the engine's own arithmetic.
    cad.position = Math.round(cad.position * 1e4) / 1e4 + 0.00004;
    em.updateCase(await ex.getCase());
    const changed = await em.closeOut();
    expect(changed.map((c) => c.ticker).sort()).toEqual(['BULL', 'CAD', 'RITC', 'USD']);
    expect(em.positions.bySource('BULL')).toMatchObject({ ARBITRAGE: 0, HEDGE: 0 });
    expect(em.positions.bySource('RITC')).toMatchObject({ MARKET_MAKER: 0, HEDGE: 0 });
    expect(em.positions.position('USD')).toBe(0);
    expect(em.positions.position('CAD')).toBe(cad.position);
    // The close-out is P&L of the sources that held the positions, not an unattributed correction.
    expect(em.positions.bySource('CAD').ARBITRAGE).toBeCloseTo(1000 * (10.2 - 10.01) - 1000 * 0.02, 6);
    expect(Math.abs(em.positions.bySource('CAD').HEDGE)).toBeLessThan(0.001); // only the sub-cent residue
    // The ETF's close is the market maker's P&L: sold 300 at 24.99, closed at the fair value 25.1 USD.
    expect(em.positions.bySource('CAD').MARKET_MAKER).toBeCloseTo(300 * (24.99 - 25.1) - 300 * 0.02, 6);
    expect(em.counters.reconcileCorrections).toBe(0);
    const events = em.bus.events.filter((e) => e.type === 'reconcile' && e.reason === 'case close-out');
    expect(events.find((e) => e.type === 'reconcile' && e.ticker === 'BULL')).toMatchObject({
      engine: 0,
      exchange: 0,
      closedQuantity: -1000,
      closePrice: 10.2,
    });
    expect(await em.closeOut()).toEqual([]); // once
    expect(await em.reconcilePositions()).toEqual([]);
  });
  it('closes offsetting holdings of two sources when the total is already flat', async () => {
    const { ex, em } = await setup();
    // The market maker sells 500 RITC at 24.99 USD and the arbitrage buys them back at 25.01: flat
    // in total, short for one source and long for the other.
    await em.executeOrders([createOrder('RITC', 'MARKET', 'SELL', 500)], 'MARKET_MAKER');
    await em.executeOrders([createOrder('RITC', 'MARKET', 'BUY', 500)], 'ARBITRAGE');
    expect(em.positions.position('RITC')).toBe(0);
    await em.executeOrders([createOrder('BULL', 'MARKET', 'BUY', 100)], 'HEDGE'); // opens the CAD balance
    await em.executeOrders([createOrder('BULL', 'MARKET', 'SELL', 100)], 'HEDGE');
    em.mids();
    ex.caseInfo.status = 'STOPPED';
    ex.securities.BULL!.last = 10.2;
    ex.securities.BEAR!.last = 14.9;
    const usd = ex.securities.USD!;
    ex.securities.CAD!.position += usd.position * 1;
    usd.position = 0;
    em.updateCase(await ex.getCase());
    await em.closeOut();
    expect(em.positions.bySource('RITC')).toMatchObject({ MARKET_MAKER: 0, ARBITRAGE: 0 });
    // Each side's P&L is its trade against the close (fair value 25.1 USD at 1 CAD), not the cash of one leg.
    const cadBy = em.positions.bySource('CAD');
    expect(cadBy.MARKET_MAKER).toBeCloseTo(500 * (24.99 - 25.1) - 500 * 0.02, 6);
    expect(cadBy.ARBITRAGE).toBeCloseTo(500 * (25.1 - 25.01) - 500 * 0.02, 6);
    expect(em.positions.position('CAD')).toBe(ex.securities.CAD!.position);
  });
});

describe('end of case', () => {
  it('goes REDUCING in the last endOfCaseReduceTicks, then flattens what is left at market per source (close-out not free)', async () => {
    const ex = new FakeExchange();
    ex.caseInfo.tick = 280;
    const c = new Coordinator({
      api: ex,
      config: { ...FAST, endOfCaseReduceTicks: 15, endOfCaseFlattenTicks: 4, closeOutFree: false },
      runner: new InlineStrategyRunner((t) => ({ kind: t.kind, orders: [], cancels: [], memory: null, computeUs: 0 })),
      strategies: [{ kind: 'arbitrage' }],
    });
    await c.start();
    try {
      await c.em.executeOrders([createOrder('BULL', 'MARKET', 'BUY', 700)], 'ARBITRAGE');
      expect(c.em.gate.state).toBe('ACTIVE');
      ex.caseInfo.tick = 288;
      await waitFor(() => c.em.gate.state === 'REDUCING');
      expect(
        c.bus.events.some(
          (e) => e.type === 'risk' && e.state === 'REDUCING' && /end of case: 12 ticks left/.test(e.reason),
        ),
      ).toBe(true);
      // Only reducing orders pass now.
      expect(c.em.submit([createOrder('BULL', 'MARKET', 'BUY', 100, undefined, 'ARBITRAGE')]).refused).toHaveLength(1);
      expect(ex.position('BULL')).toBe(700);
      ex.caseInfo.tick = 296;
      await waitFor(() => ex.position('BULL') === 0);
      const flatten = [...c.em.store.all()].filter((o) => o.tag === 'end-of-case');
      expect(flatten.map((o) => [o.ticker, o.action, o.quantity, o.source])).toEqual([
        ['BULL', 'SELL', 700, 'ARBITRAGE'],
      ]);
      // More decision rounds: nothing is stacked on the flat position.
      const runs = c.getState().pollRates.decide!.runs;
      await waitFor(() => c.getState().pollRates.decide!.runs >= runs + 3);
      expect([...c.em.store.all()].filter((o) => o.tag === 'end-of-case')).toHaveLength(1);
    } finally {
      await c.shutdown();
    }
  });

  it('a new case lifts the end-of-case REDUCING it set', async () => {
    const ex = new FakeExchange();
    ex.caseInfo.tick = 295;
    const c = new Coordinator({ api: ex, config: { ...FAST, endOfCaseFlattenTicks: 0 } });
    await c.start();
    try {
      await waitFor(() => c.em.gate.state === 'REDUCING');
      ex.caseInfo.tick = 1;
      await waitFor(() => c.em.gate.state === 'ACTIVE');
    } finally {
      await c.shutdown();
    }
  });
});

describe('tender fast path', () => {
  it('a new tender runs the tender strategy at once, not at the next decision round, with cached depth', async () => {
    const ex = new FakeExchange();
    const tasks: StrategyTask[] = [];
    const runner = new InlineStrategyRunner((task): StrategyResult => {
      tasks.push(task);
      const t = task.context.tenders[0];
      return {
        kind: task.kind,
        orders: [],
        cancels: [],
        memory: null,
        computeUs: 1,
        tenders: t ? [{ tenderId: t.tender_id, accept: true, reason: 'test' }] : [],
      };
    });
    // One decision round at start, the next a minute later: only the fast path can answer in time.
    const c = new Coordinator({
      api: ex,
      runner,
      strategies: [{ kind: 'tender' }],
      config: { ...FAST, decisionIntervalMs: 60_000, tenderPollMs: 2, depthRefreshMs: 10 },
    });
    await c.start();
    try {
      await waitFor(() => tasks.length === 1 && c.getState().pollRates.depth!.runs >= 1);
      ex.tenders = [
        {
          tender_id: 9,
          period: 1,
          tick: 10,
          expires: 16,
          caption: 't',
          ticker: 'RITC',
          quantity: 1000,
          action: 'BUY',
          is_fixed_bid: true,
          price: 24.9,
        },
      ];
      await waitFor(() => c.em.tenderDecision(9) === 'ACCEPTED', 2000);
      expect(tasks).toHaveLength(2);
      expect(tasks[1]!.context.tenders.map((t) => t.tender_id)).toEqual([9]);
      expect(Object.keys(tasks[1]!.context.depth ?? {}).sort()).toEqual(['BEAR', 'BULL', 'RITC']);
      expect(ex.position('RITC')).toBe(1000);
    } finally {
      await c.shutdown();
    }
  });
});
