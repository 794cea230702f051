// Engine cases run one after another in one process share their threads (WarmThreads): the second
// case starts no feed thread, and each case still trades its own market to a clean end.
import { WarmThreads } from '@ritc/engine';
import { caseKey } from '../src/evaluate/case-source';
import { runCaseJob } from '../src/tune/index';

jest.setTimeout(120_000);

test('two engine cases in a row reuse the feed threads and both end clean', async () => {
  const warm = new WarmThreads();
  const kase = caseKey({ name: 'ritc-2020', ticks: 150, tickMs: 200, clock: 'virtual', minTickMs: null });
  try {
    const first = await runCaseJob(
      { bot: 'engine', params: {}, seed: 1, case: kase, build: 'warm-test' },
      {
        warmThreads: warm,
      },
    );
    // The default case trades four securities: their four threads wait idle for the next case.
    expect(warm.feeds.size).toBe(4);
    const second = await runCaseJob(
      { bot: 'engine', params: {}, seed: 2, case: kase, build: 'warm-test' },
      {
        warmThreads: warm,
      },
    );
    // Still four: the second case took the parked threads instead of starting new ones.
    expect(warm.feeds.size).toBe(4);
    for (const m of [first, second]) {
      expect(m.openOrdersAtExit).toBe(0);
      expect(m.limitBreachTicks).toBe(0);
      expect(m.fines).toBe(0);
      expect(m.orders).toBeGreaterThan(0);
    }
    // Different seeds, different markets: a reused thread did not carry the first case's book over.
    expect(second.pnl).not.toBe(first.pnl);
  } finally {
    await warm.close();
  }
  expect(warm.feeds.size).toBe(0);
});
