import type { StrategyResult, StrategyTask } from '@ritc/strategies';
import { Coordinator, installSignalHandlers } from '../src/lifecycle/coordinator';
import { InlineStrategyRunner } from '../src/lifecycle/strategy-runner';
import { FakeExchange } from './fake-exchange';

const waitFor = async (cond: () => boolean, ms = 3000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
};

const afterShutdown: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  await Promise.all(afterShutdown.splice(0).map((f) => f()));
});

describe('Coordinator lifecycle', () => {
  it('runs strategies with fresh contexts, keeps their memory, executes orders, and shuts down with no open order', async () => {
    const ex = new FakeExchange();
    const seen: StrategyTask[] = [];
    const runner = new InlineStrategyRunner((task): StrategyResult => {
      seen.push(task);
      const n = ((task.context.memory as { n?: number } | null)?.n ?? 0) + 1;
      const orders =
        n === 1
          ? [
              {
                ticker: 'BULL',
                type: 'LIMIT' as const,
                action: 'BUY' as const,
                quantity: 100,
                price: 9.5,
                source: 'MARKET_MAKER' as const,
                tag: 'mm:bid',
              },
            ]
          : [];
      return { kind: task.kind, orders, cancels: [], memory: { n }, computeUs: 5 };
    });
    const c = new Coordinator({
      api: ex,
      runner,
      strategies: [{ kind: 'marketMaking', params: { x: 1 } }],
      config: {
        decisionIntervalMs: 10,
        orderPollMs: 10,
        reconcileMs: 50,
        casePollMs: 20,
        tenderPollMs: 20,
        traderPollMs: 20,
        historySampleMs: 10,
      },
    });
    await c.start();
    afterShutdown.push(() => c.shutdown());
    await waitFor(() => seen.length >= 3 && c.em.openOrderViews().length === 1);
    expect(seen[1]!.context.memory).toEqual({ n: 1 });
    // The case's tickers fill the ticker parameters; the spec's own parameters are kept.
    expect(seen[0]!.context.params).toEqual({
      x: 1,
      tickers: ['BULL', 'BEAR', 'RITC'],
      etf: 'RITC',
      basket: ['BULL', 'BEAR'],
      fx: 'USD',
    });
    expect(seen[0]!.context.snapshots.BULL!.bid).toBe(9.99);
    expect(seen[2]!.context.openOrders[0]).toMatchObject({ ticker: 'BULL', source: 'MARKET_MAKER', tag: 'mm:bid' });
    expect([...ex.orders.values()].filter((o) => o.status === 'OPEN')).toHaveLength(1);
    const s = c.getState();
    expect(s.running).toBe(true);
    expect(s.counters.ordersSent).toBe(1);
    expect(s.latency.decisionToSendUs.count).toBe(1);
    expect(s.pollRates.orders!.runs).toBeGreaterThan(0);
    const report = await c.shutdown();
    expect(report.openOrdersLeft).toBe(0);
    expect([...ex.orders.values()].filter((o) => o.status === 'OPEN')).toHaveLength(0);
    expect(c.getState().running).toBe(false);
    expect(await c.shutdown()).toBe(report); // idempotent
  });

  it('skips a strategy whose previous decision is still running (stale signals are not queued)', async () => {
    const ex = new FakeExchange();
    let calls = 0;
    let release!: () => void;
    const blocker = new Promise<void>((r) => {
      release = r;
    });
    const runner = new InlineStrategyRunner(async (task) => {
      calls++;
      await blocker;
      return { kind: task.kind, orders: [], cancels: [], memory: null, computeUs: 0 };
    });
    const c = new Coordinator({
      api: ex,
      runner,
      strategies: [{ kind: 'arbitrage' }],
      config: { decisionIntervalMs: 5 },
    });
    await c.start();
    try {
      await waitFor(() => (c.getState().strategies.arbitrage?.skippedBusy ?? 0) >= 3);
      expect(calls).toBe(1);
    } finally {
      release();
      await c.shutdown();
    }
  });

  it('a throwing strategy is logged with its role and the engine carries on', async () => {
    const ex = new FakeExchange();
    const logs: Array<Record<string, unknown> | undefined> = [];
    const logger = {
      debug() {},
      info() {},
      warn() {},
      error: (_m: string, meta?: Record<string, unknown>) => {
        logs.push(meta);
      },
    };
    let n = 0;
    const runner = new InlineStrategyRunner((task) => {
      if (n++ === 0) throw new Error('boom');
      return { kind: task.kind, orders: [], cancels: [], memory: null, computeUs: 0 };
    });
    const c = new Coordinator({
      api: ex,
      runner,
      logger,
      strategies: [{ kind: 'tender' }],
      config: { decisionIntervalMs: 5 },
    });
    await c.start();
    try {
      await waitFor(() => (c.getState().strategies.tender?.runs ?? 0) >= 2);
      expect(logs[0]).toMatchObject({ thread: 'strategy-pool', role: 'tender', error: 'boom' });
    } finally {
      await c.shutdown();
    }
  });

  it('flatten on shutdown closes share positions and the USD balance', async () => {
    const ex = new FakeExchange();
    const c = new Coordinator({ api: ex, config: { decisionIntervalMs: 50 } });
    await c.start();
    await c.em.executeOrders([
      { ticker: 'RITC', type: 'MARKET', action: 'BUY', quantity: 12_000, source: 'ARBITRAGE' },
    ]);
    const r = await c.shutdown({ flatten: true });
    expect(r.flattened).toBe(true);
    expect(ex.position('RITC')).toBe(0);
    expect(Math.abs(ex.position('USD'))).toBeLessThan(100);
  });

  it('signal handlers shut down and exit', async () => {
    const codes: number[] = [];
    let flatten: boolean | undefined;
    const off = installSignalHandlers(
      {
        shutdown: async (o) => {
          flatten = o?.flatten;
          return { reason: 'x', openOrdersLeft: 0, flattened: false, timedOut: false, errors: [] };
        },
      },
      { exit: (c) => codes.push(c), flatten: true },
    );
    process.emit('SIGTERM', 'SIGTERM');
    await new Promise((r) => setTimeout(r, 10));
    off();
    expect(codes).toEqual([0]);
    expect(flatten).toBe(true);
  });
});
