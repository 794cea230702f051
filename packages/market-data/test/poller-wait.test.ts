import type { MarketPoint, WaitForChange } from '@ritc/market-data';
import { makePoller } from './helpers/poller';

/** A wait that answers from a script of points and records what the poller said it had seen. */
function scripted(points: Array<MarketPoint | Error>): { wait: WaitForChange; seen: MarketPoint[] } {
  const seen: MarketPoint[] = [];
  const wait: WaitForChange = (s) => {
    seen.push({ ...s });
    const next = points.shift();
    if (next === undefined) return Promise.reject(new Error('script ran out'));
    return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
  };
  return { wait, seen };
}

describe('FeedPoller waiting for changes (virtual clock)', () => {
  it("takes the case clock from the wait's answer instead of /case, and passes back what it saw", async () => {
    const { wait, seen } = scripted([
      { status: 'ACTIVE', period: 1, tick: 5, version: 10 },
      { status: 'ACTIVE', period: 1, tick: 6, version: 12 },
    ]);
    const { api, poller, slots } = makePoller({ waitForChange: wait });
    await poller.pollOnce();
    expect(slots.readSnapshot(0).tick).toBe(5);
    await poller.pollOnce();
    expect(slots.readSnapshot(0).tick).toBe(6);
    expect(api.calls.case).toBe(0);
    expect([api.calls.book, api.calls.tas]).toEqual([2, 2]);
    expect(seen).toEqual([
      { status: '', period: 0, tick: 0, version: -1 },
      { status: 'ACTIVE', period: 1, tick: 5, version: 10 },
    ]);
  });

  it('polls /case again once the wait keeps failing (a simulator without it), and says so once', async () => {
    const fail = new Error('HTTP 404');
    const { wait } = scripted([fail, fail, fail]);
    const { api, poller, logs } = makePoller({ waitForChange: wait });
    for (let i = 0; i < 5; i++) await poller.pollOnce();
    // Each failed wait falls back to /case for that poll; after the third, /case only.
    expect(api.calls.case).toBe(5);
    expect(api.calls.book).toBe(5);
    expect(logs.filter((l) => l.message.startsWith('waiting for changes failed'))).toHaveLength(1);
  });
});
