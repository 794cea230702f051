import type { MarketChange, MarketPoint, WaitForChange, WaitReads } from '@ritc/market-data';
import { order } from './helpers/fake-api';
import { makePoller } from './helpers/poller';

/** A wait whose answers carry the book and prints (the simulator asked for them), recording the reads asked. */
function carrying(answers: MarketChange[]): { wait: WaitForChange; asked: (WaitReads | undefined)[] } {
  const asked: (WaitReads | undefined)[] = [];
  const wait: WaitForChange = (_seen, _timeoutMs, reads) => {
    asked.push(reads && { ...reads });
    const next = answers.shift();
    return next === undefined ? Promise.reject(new Error('script ran out')) : Promise.resolve(next);
  };
  return { wait, asked };
}

const print = (id: number, tick: number, price: number) => ({ id, period: 1, tick, price, quantity: 100 });

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

  it('reads the book and prints from the wait answer that carries them: one request per change', async () => {
    const book = { bids: [order('BUY', 9.5, 300)], asks: [order('SELL', 9.7, 200)] };
    const { wait, asked } = carrying([
      { status: 'ACTIVE', period: 1, tick: 5, version: 10, book, tas: [print(2, 5, 9.6), print(1, 4, 9.55)] },
      { status: 'ACTIVE', period: 1, tick: 6, version: 11, book, tas: [print(3, 6, 9.65)] },
    ]);
    const { api, poller, slots, events } = makePoller({ waitForChange: wait, bookDepth: 7 });
    await poller.pollOnce();
    const snap = slots.readSnapshot(0);
    expect([snap.tick, snap.bid, snap.ask, snap.tradeCount, snap.lastPrintId]).toEqual([5, 9.5, 9.7, 2, 2]);
    await poller.pollOnce();
    expect(slots.readSnapshot(0).lastPrintId).toBe(3);
    expect(api.calls).toEqual({ case: 0, book: 0, tas: 0 });
    // The prints after the last id seen, with the depth and limit the /v1 reads would have sent.
    expect(asked).toEqual([
      { bookLimit: 7, tasAfter: 0, tasLimit: 10_000 },
      { bookLimit: 7, tasAfter: 2, tasLimit: 10_000 },
    ]);
    const prints = events.flatMap((e) => (e.type === 'prints' ? e.prints.map((p) => p.id) : []));
    expect(prints).toEqual([1, 2, 3]);
  });

  it("fails the poll with the parsers' error on a malformed carried book or print, and recovers", async () => {
    const book = { bids: [order('BUY', 9.5, 300)], asks: [] };
    const { wait } = carrying([
      { status: 'ACTIVE', period: 1, tick: 5, version: 10, book: { bids: 'x', asks: [] }, tas: [] },
      { status: 'ACTIVE', period: 1, tick: 6, version: 11, book, tas: [{ id: 1, period: 1, tick: 'six' }] },
      { status: 'ACTIVE', period: 1, tick: 7, version: 12, book, tas: [print(1, 7, 9.6)] },
    ]);
    const { poller, logs, slots } = makePoller({ waitForChange: wait });
    await poller.pollOnce();
    expect(poller.stats().lastErrorCode).toBe('RIT_ERR_MALFORMED');
    expect(logs.map((l) => l.message).join('\n')).toContain('GET /sim/wait (book): bids');
    expect(slots.readSnapshot(0).flags.stale).toBe(true);
    await poller.pollOnce();
    expect(poller.stats().failedPolls).toBe(2);
    await poller.pollOnce();
    expect(slots.readSnapshot(0).flags.stale).toBe(false);
    expect(slots.readSnapshot(0).lastPrintId).toBe(1);
  });

  it('reads the prints again from id 0 when the wait shows a new period (the carried ones were cut at the old id)', async () => {
    const book = { bids: [order('BUY', 9.5, 300)], asks: [order('SELL', 9.7, 200)] };
    const { wait } = carrying([
      { status: 'ACTIVE', period: 1, tick: 5, version: 10, book, tas: [print(4, 5, 9.6)] },
      { status: 'ACTIVE', period: 2, tick: 1, version: 11, book, tas: [] },
    ]);
    const { api, poller, slots } = makePoller({ waitForChange: wait });
    await poller.pollOnce();
    api.newPeriod();
    api.print(9.8, 50, 1);
    await poller.pollOnce();
    expect(api.tasAfter).toEqual([0]);
    const snap = slots.readSnapshot(0);
    expect([snap.period, snap.lastPrintId, snap.last]).toEqual([2, 1, 9.8]);
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
