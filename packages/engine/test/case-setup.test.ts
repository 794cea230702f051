import type { StrategyKind, StrategyResult, StrategyTask } from '@ritc/strategies';
import { Coordinator } from '../src/lifecycle/coordinator';
import { InlineStrategyRunner } from '../src/lifecycle/strategy-runner';
import { FakeExchange, makeSecurity } from './fake-exchange';

const waitFor = async (cond: () => boolean, ms = 3000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
};

const FAST = { decisionIntervalMs: 5, orderPollMs: 10, casePollMs: 20, tenderPollMs: 20, traderPollMs: 20 };

/** A case with new names: XETF (EUR) = AAA + BBB (CAD), EUR quoted in CAD. */
function newCaseExchange(): FakeExchange {
  const ex = new FakeExchange(['AAA', 'BBB']);
  const book = { bid_size: 1e9, ask_size: 1e9 };
  ex.securities.EUR = makeSecurity('EUR', { type: 'CURRENCY', currency: 'CAD', bid: 1.4999, ask: 1.5001, ...book });
  ex.securities.XETF = makeSecurity('XETF', {
    currency: 'EUR',
    underlying_tickers: ['AAA', 'BBB'],
    limits: [{ name: 'LIMIT-STOCK', units: 2 }],
    bid: 13.32,
    ask: 13.34,
    ...book,
  });
  return ex;
}

describe('the coordinator takes what it trades from the case', () => {
  it('new tickers: the strategies decide on XETF/AAA/BBB/EUR, read from the exchange', async () => {
    const seen = new Map<StrategyKind, StrategyTask>();
    const runner = new InlineStrategyRunner((task): StrategyResult => {
      seen.set(task.kind, task);
      return { kind: task.kind, orders: [], cancels: [], memory: null, computeUs: 0 };
    });
    const c = new Coordinator({
      api: newCaseExchange(),
      runner,
      strategies: [{ kind: 'marketMaking' }, { kind: 'arbitrage' }, { kind: 'tender' }],
      config: FAST,
    });
    await c.start();
    try {
      await waitFor(() => seen.size === 3);
      expect(c.caseSetup?.legs).toEqual({ etf: 'XETF', basket: ['AAA', 'BBB'], fx: 'EUR' });
      expect(c.caseSetup?.plan.fxTickers).toEqual(['EUR']);
      expect(seen.get('arbitrage')!.context.params).toEqual({ etf: 'XETF', stocks: ['AAA', 'BBB'], fx: 'EUR' });
      // AAA and BBB are the basket (the ETF path's hedge legs): no stock is tendered on its own.
      expect(seen.get('tender')!.context.params).toEqual({
        ticker: 'XETF',
        basket: ['AAA', 'BBB'],
        fx: 'EUR',
        singles: [],
      });
      expect(seen.get('marketMaking')!.context.params).toMatchObject({ tickers: ['AAA', 'BBB', 'XETF'] });
      // The arbitrage samples the FX security with the shares (its model is ETF·FX against the basket).
      expect(Object.keys(seen.get('arbitrage')!.context.history?.mid ?? {}).sort()).toEqual([
        'AAA',
        'BBB',
        'EUR',
        'XETF',
      ]);
    } finally {
      await c.shutdown();
    }
  });

  it('a case with no ETF: the arbitrage is off; the market maker runs, the tender strategy on the stock alone', async () => {
    const kinds = new Set<StrategyKind>();
    const runner = new InlineStrategyRunner((task): StrategyResult => {
      kinds.add(task.kind);
      return { kind: task.kind, orders: [], cancels: [], memory: null, computeUs: 0 };
    });
    const c = new Coordinator({
      api: new FakeExchange(['ALGO']),
      runner,
      strategies: [{ kind: 'marketMaking' }, { kind: 'arbitrage' }, { kind: 'tender' }],
      config: FAST,
    });
    await c.start();
    try {
      await waitFor(() => (c.getState().strategies.marketMaking?.runs ?? 0) >= 5);
      await waitFor(() => (c.getState().strategies.tender?.runs ?? 0) >= 1);
      expect([...kinds].sort()).toEqual(['marketMaking', 'tender']);
      expect(c.caseSetup?.legs).toBeNull();
      expect(c.caseSetup?.specs.map((s) => [s.kind, s.enabled])).toEqual([
        ['marketMaking', undefined],
        ['arbitrage', false],
        ['tender', undefined],
      ]);
      expect(c.caseSetup?.specs.find((s) => s.kind === 'tender')?.params).toEqual({ singles: ['ALGO'] });
    } finally {
      await c.shutdown();
    }
  });
});
