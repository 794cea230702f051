import workerThreads from 'node:worker_threads';
import type { EngineEvent } from '@ritc/engine';
import { classifyWorker, duplicateOrders, nonFinitePaths, runChecks, unresolvedOrders, WorkerSpy } from '../src/chaos';
import type { CaseRun, CaseSnapshot } from '../src/evaluate';
import type { RunSummary } from '@ritc/runner';

const order = (
  clientId: string,
  orderId: number | null,
  state: 'PENDING_NEW' | 'OPEN' | 'TRANSACTED' | 'UNKNOWN',
  tick = 10,
): EngineEvent => ({
  type: 'order',
  t: 0,
  tick,
  clientId,
  orderId,
  ticker: 'RITC',
  action: 'BUY',
  orderType: 'LIMIT',
  price: 25,
  quantity: 100,
  filled: 0,
  vwap: null,
  state,
  prevState: null,
  source: 'MARKET_MAKER',
});

function fakeRun(o: {
  events: EngineEvent[];
  exchangeOrders: number[];
  position?: number;
  enginePosition?: number;
  open?: number;
  breach?: number;
  nlv?: number;
  exitCode?: number;
}): CaseRun {
  const snapshot = {
    tick: 95,
    status: 'ACTIVE',
    account: {
      nlv: 0,
      fines: 0,
      orders: o.exchangeOrders.length,
      limit_refusals: 0,
      limit_breach_ticks: o.breach ?? 0,
      limits: [{ name: 'LIMIT-STOCK', gross: 0, net: 0, gross_limit: 1, net_limit: 1, breached: false }],
      securities: [
        { ticker: 'CAD', currency: 'CAD', position: 123, fees: 0, rebates: 0 },
        { ticker: 'RITC', currency: 'USD', position: o.position ?? 0, fees: 0, rebates: 0 },
      ],
    },
    stats: {},
    orders: o.exchangeOrders.map((id) => ({
      id,
      ticker: 'RITC',
      action: 'BUY',
      type: 'LIMIT',
      quantity: 100,
      filled: 0,
      status: 'CANCELLED',
      tick: 20,
    })),
    openOrders: o.open ?? 0,
    tenders: { offered: 0, accepted: 0, declined: 0, expired: 0 },
    fxRates: { CAD: 1, USD: 1 },
    currencies: ['CAD', 'USD'],
  } as unknown as CaseSnapshot;
  const summary = {
    errors: { count: 0, samples: [] },
    outage: null,
    positions: { RITC: { engine: o.enginePosition ?? o.position ?? 0, exchange: o.position ?? 0 } },
    openOrdersAtExit: o.open ?? 0,
    pnl: { total: o.nlv ?? 0 },
  } as unknown as RunSummary;
  return {
    result: {
      exitCode: o.exitCode ?? 130,
      interrupted: true,
      summary,
      reportDir: '',
      files: { summary: '', html: '', events: '' },
    },
    snapshot,
    events: o.events,
    wallMs: 1,
  };
}

const byName = (r: ReturnType<typeof runChecks>, n: string) => r.filter((c) => c.name === n).every((c) => c.ok);

describe('fault checks', () => {
  it('a clean run passes every check', () => {
    const r = runChecks({
      run: fakeRun({
        events: [order('a', null, 'PENDING_NEW'), order('a', 1, 'OPEN'), order('b', 2, 'TRANSACTED')],
        exchangeOrders: [1, 2],
      }),
      onsetTick: 5,
    });
    expect(r.filter((c) => !c.ok)).toEqual([]);
  });

  it('one client order that became two exchange orders fails no-dup', () => {
    const events = [order('a', 1, 'OPEN'), order('a', 2, 'OPEN')];
    expect(duplicateOrders(events)).toEqual([{ clientId: 'a', orderIds: [1, 2] }]);
    expect(byName(runChecks({ run: fakeRun({ events, exchangeOrders: [1, 2] }), onsetTick: 5 }), 'no-dup')).toBe(false);
  });

  it('an exchange order nobody claims fails no-dup unless the bot reported an unknown outcome', () => {
    const claimed = [order('a', 1, 'OPEN')];
    expect(
      byName(runChecks({ run: fakeRun({ events: claimed, exchangeOrders: [1, 2] }), onsetTick: 5 }), 'no-dup'),
    ).toBe(false);
    const admitted = [...claimed, order('b', null, 'UNKNOWN')];
    expect(unresolvedOrders(admitted)).toBe(1);
    expect(
      byName(runChecks({ run: fakeRun({ events: admitted, exchangeOrders: [1, 2] }), onsetTick: 5 }), 'no-dup'),
    ).toBe(true);
  });

  it('an outage ridden out under injected faults is not a run error; a lost exchange or an own error is', () => {
    const ev = [order('a', 1, 'OPEN')];
    const withOutage = (lost: boolean, extraErrors: number) => {
      const run = fakeRun({ events: ev, exchangeOrders: [1] });
      const samples = ['exchange did not answer 3 requests over 1 outage(s), 0.2 s in all'];
      if (extraErrors > 0) samples.unshift('strategy task failed');
      Object.assign(run.result.summary, {
        outage: { outages: 1, failures: 3, downMs: 200, lost },
        errors: { count: 1 + extraErrors, samples },
      });
      return runChecks({ run, onsetTick: 5 }).find((c) => c.name === 'exit');
    };
    const rode = withOutage(false, 0);
    expect(rode?.ok).toBe(true);
    expect(rode?.detail).toContain('rode out 3 unanswered requests');
    expect(withOutage(true, 0)?.ok).toBe(false);
    const own = withOutage(false, 1);
    expect(own?.ok).toBe(false);
    expect(own?.detail).toContain('strategy task failed');
  });

  it('positions, open orders, limits, exit code and trading are each checked', () => {
    const ev = [order('a', 1, 'OPEN')];
    expect(
      byName(
        runChecks({
          run: fakeRun({ events: ev, exchangeOrders: [1], position: 100, enginePosition: 0 }),
          onsetTick: 5,
        }),
        'positions',
      ),
    ).toBe(false);
    expect(
      byName(runChecks({ run: fakeRun({ events: ev, exchangeOrders: [1], open: 2 }), onsetTick: 5 }), 'open-orders'),
    ).toBe(false);
    expect(
      byName(runChecks({ run: fakeRun({ events: ev, exchangeOrders: [1], breach: 3 }), onsetTick: 5 }), 'limits'),
    ).toBe(false);
    expect(
      byName(runChecks({ run: fakeRun({ events: ev, exchangeOrders: [1], exitCode: 1 }), onsetTick: 5 }), 'exit'),
    ).toBe(false);
    // The only order is at tick 20: nothing after tick 50 means the bot stopped trading.
    expect(byName(runChecks({ run: fakeRun({ events: ev, exchangeOrders: [1] }), onsetTick: 50 }), 'trading')).toBe(
      false,
    );
  });

  it('finds NaN and Infinity anywhere in the report and events', () => {
    expect(nonFinitePaths({ a: 1, b: { c: [1, NaN] }, d: -Infinity, e: null })).toEqual(['b.c[1]', 'd']);
    expect(
      byName(
        runChecks({ run: fakeRun({ events: [order('a', 1, 'OPEN')], exchangeOrders: [1], nlv: NaN }), onsetTick: 5 }),
        'no-NaN',
      ),
    ).toBe(false);
  });
});

describe('WorkerSpy', () => {
  it('classifies threads and records and kills workers created while installed', async () => {
    expect(classifyWorker('/x/dist/security-feed.worker.js')).toBe('feed');
    expect(classifyWorker('/x/node_modules/piscina/dist/worker.js')).toBe('pool');
    const spy = new WorkerSpy().install();
    try {
      const { Worker } = workerThreads;
      const w = new Worker('setInterval(() => {}, 1000)', { eval: true });
      expect(spy.workers).toHaveLength(1);
      expect(spy.alive('other')).toHaveLength(1);
      const exited = new Promise<number>((r) => w.once('exit', r));
      expect(await spy.kill('other')).not.toBeNull();
      await exited;
      expect(spy.alive('other')).toHaveLength(0);
      expect(await spy.kill('feed')).toBeNull();
    } finally {
      spy.uninstall();
    }
    const { Worker } = workerThreads;
    const w2 = new Worker('0', { eval: true });
    expect(spy.workers).toHaveLength(1);
    await w2.terminate();
  });
});
