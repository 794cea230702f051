import type { Snapshot } from '@ritc/market-data';
import { FakeApi, order } from './helpers/fake-api';
import { makePoller } from './helpers/poller';

function noNaN(s: Snapshot): void {
  for (const [k, v] of Object.entries(s)) if (typeof v === 'number') expect([k, Number.isNaN(v)]).toEqual([k, false]);
}

describe('FeedPoller', () => {
  it('publishes top of book and prints, then polls TAS incrementally', async () => {
    const { api, poller, events, slots } = makePoller();
    api.print(10, 100);
    api.print(10.01, 200);
    await poller.pollOnce();
    const s = slots.readSnapshot(0);
    expect(s.version).toBe(1);
    expect([s.bid, s.ask, s.mid, s.bidSize, s.askSize]).toEqual([9.99, 10.01, 10, 500, 700]);
    expect([s.last, s.lastSize, s.volume, s.tradeCount, s.lastPrintId]).toEqual([10.01, 200, 300, 2, 2]);
    expect(s.flags).toEqual({ stale: false, empty: false, oneSided: false, inactive: false });
    expect(s.monoMs).toBeGreaterThan(0);
    noNaN(s);
    expect(events.filter((e) => e.type === 'prints')).toEqual([{ type: 'prints', ticker: 'X', prints: api.prints }]);
    expect(events.find((e) => e.type === 'state')).toEqual({
      type: 'state',
      ticker: 'X',
      status: 'ACTIVE',
      period: 1,
      tick: 1,
    });
    api.print(10.02, 50);
    await poller.pollOnce();
    expect(api.tasAfter).toEqual([0, 2]);
    expect(slots.readSnapshot(0).volume).toBe(350);
    expect(poller.stats().printsSeen).toBe(3);
  });

  it('sends prints after publishing them: a subscriber reading the slot on receipt sees them counted', async () => {
    const seen: Array<{ printed: number; slotVolume: number }> = [];
    const ref: { slots?: ReturnType<typeof makePoller>['slots'] } = {};
    const { api, poller, slots } = makePoller({
      emit: (e) => {
        if (e.type === 'prints')
          seen.push({
            printed: e.prints.reduce((a, p) => a + p.quantity, 0),
            slotVolume: ref.slots!.readSnapshot(0).volume,
          });
      },
    });
    ref.slots = slots;
    api.print(10, 100);
    api.print(10.01, 200);
    await poller.pollOnce();
    api.print(10.02, 50);
    await poller.pollOnce();
    expect(seen).toEqual([
      { printed: 300, slotVolume: 300 },
      { printed: 50, slotVolume: 350 },
    ]);
  });

  it('never counts a print twice when the server ignores `after`', async () => {
    const { api, poller, events } = makePoller();
    api.ignoreAfter = true;
    for (let i = 0; i < 50; i++) {
      api.print(10, 100);
      if (i % 3 === 0) api.print(10, 1);
      await poller.pollOnce();
    }
    const seen = events.flatMap((e) => (e.type === 'prints' ? e.prints.map((p) => p.id) : []));
    expect(seen).toEqual(api.prints.map((p) => p.id));
    expect(poller.tas.volume).toBe(api.prints.reduce((a, p) => a + p.quantity, 0));
    expect(poller.stats().duplicatesDropped).toBeGreaterThan(0);
  });

  it('follows a period change seen in /case: ids restart, history resets', async () => {
    const { api, poller, slots, events } = makePoller();
    for (let i = 0; i < 5; i++) api.print(10, 100);
    await poller.pollOnce();
    api.newPeriod();
    api.print(11, 7);
    await poller.pollOnce();
    expect(api.tasAfter[api.tasAfter.length - 1]).toBe(0);
    const s = slots.readSnapshot(0);
    expect([s.period, s.volume, s.tradeCount, s.last]).toEqual([2, 7, 1, 11]);
    expect(events.filter((e) => e.type === 'state').map((e) => (e as { period: number }).period)).toEqual([1, 2]);
    expect(poller.stats().periodResets).toBe(1);
  });

  it('follows a period change seen first in time & sales and refetches the whole period', async () => {
    const { api, poller, slots } = makePoller({ casePollMs: 1e9 });
    for (let i = 0; i < 5; i++) api.print(10, 100);
    await poller.pollOnce();
    api.newPeriod();
    for (let i = 0; i < 8; i++) api.print(12, 10); // ids 1..8; ids 6..8 pass the old `after` 5
    await poller.pollOnce();
    const s = slots.readSnapshot(0);
    expect([s.period, s.tradeCount, s.volume]).toEqual([2, 8, 80]);
    expect(api.tasAfter.slice(-2)).toEqual([5, 0]);
  });

  it('flags stale on errors and malformed payloads without NaN, keeps the last good book, and recovers', async () => {
    const { api, poller, slots, events, logs } = makePoller();
    await poller.pollOnce();
    api.faults.book.push(new Error('HTTP 500'));
    api.faults.tas.push({ not: 'a list' });
    await poller.pollOnce();
    let s = slots.readSnapshot(0);
    expect(s.flags.stale).toBe(true);
    expect([s.bid, s.ask]).toEqual([9.99, 10.01]);
    noNaN(s);
    api.faults.book.push('garbage');
    await poller.pollOnce();
    expect(poller.stats().consecutiveFailures).toBe(2);
    expect(poller.stats().lastErrorCode).toBe('MD_MALFORMED_BOOK');
    await poller.pollOnce();
    s = slots.readSnapshot(0);
    expect(s.flags.stale).toBe(false);
    expect(events.filter((e) => e.type === 'stale' || e.type === 'recovered').map((e) => e.type)).toEqual([
      'stale',
      'recovered',
    ]);
    expect(logs.some((l) => l.level === 'warn' && /poll failed/.test(l.message))).toBe(true);
  });

  it('times out a request that never answers', async () => {
    const api = new FakeApi();
    const { poller, slots } = makePoller({ api, pollTimeoutMs: 30 });
    api.getBook = () => new Promise(() => undefined);
    await poller.pollOnce();
    expect(slots.readSnapshot(0).flags.stale).toBe(true);
    expect(poller.stats().lastErrorCode).toBe('MD_TIMEOUT');
  });

  it('flags empty and one-sided books with null prices', async () => {
    const { api, poller, slots } = makePoller();
    api.book = { bids: [], asks: [] };
    await poller.pollOnce();
    let s = slots.readSnapshot(0);
    expect(s.flags.empty).toBe(true);
    expect([s.bid, s.ask, s.mid]).toEqual([null, null, null]);
    noNaN(s);
    api.book = { bids: [], asks: [order('SELL', 10.5, 100)] };
    await poller.pollOnce();
    s = slots.readSnapshot(0);
    expect(s.flags.oneSided).toBe(true);
    expect([s.bid, s.ask, s.mid]).toEqual([null, 10.5, null]);
  });

  it('flags a paused case inactive and slows down', async () => {
    const { api, poller, slots, events } = makePoller({ inactivePollMs: 250, pollDelayMs: 0 });
    api.case.status = 'PAUSED';
    await poller.pollOnce();
    expect(slots.readSnapshot(0).flags.inactive).toBe(true);
    expect((poller as unknown as { nextDelayMs(): number }).nextDelayMs()).toBeGreaterThanOrEqual(250);
    api.case.status = 'ACTIVE';
    await poller.pollOnce();
    expect(slots.readSnapshot(0).flags.inactive).toBe(false);
    expect(events.filter((e) => e.type === 'state').map((e) => (e as { status: string }).status)).toEqual([
      'PAUSED',
      'ACTIVE',
    ]);
  });

  it('runs a loop that keeps polling through faults and stops on request', async () => {
    const { api, poller, slots } = makePoller({ pollDelayMs: 0, backoffInitialMs: 1, backoffMaxMs: 5 });
    for (let i = 0; i < 20; i++) api.faults.book.push(new Error('boom'));
    poller.start();
    while (api.calls.book < 40) await new Promise((r) => setTimeout(r, 5));
    await poller.stop();
    const calls = api.calls.book;
    expect(slots.readSnapshot(0).flags.stale).toBe(true); // a stopped feed is stale
    expect(poller.stats().okPolls).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 30));
    expect(api.calls.book).toBe(calls);
    expect(() => poller.setPollDelay(-1)).toThrow(/MD_BAD_POLL_DELAY/);
  });
});
