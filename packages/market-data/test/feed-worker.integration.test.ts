import {
  SnapshotSlots,
  startFeedWorker,
  type FeedWorkerHandle,
  type FeedWorkerMessage,
  type Snapshot,
} from '@ritc/market-data';
import { last } from '@ritc/quant';
import type { Book, Tas } from '@ritc/rit-client';
import { FakeRitServer } from '../src/testing/fake-rit-server';
import { collect, FEED_WORKER_FILE, waitFor } from './helpers/threads';

// Independent top-of-book computation from the server's own book.
function expectedTop(book: Book) {
  const rem = (o: { quantity: number; quantity_filled: number }) => o.quantity - o.quantity_filled;
  const bid = Math.max(...book.bids.map((o) => o.price as number));
  const ask = Math.min(...book.asks.map((o) => o.price as number));
  return {
    bid,
    ask,
    bidSize: book.bids.filter((o) => o.price === bid).reduce((a, o) => a + rem(o), 0),
    askSize: book.asks.filter((o) => o.price === ask).reduce((a, o) => a + rem(o), 0),
    depthBid: book.bids.reduce((a, o) => a + rem(o), 0),
    depthAsk: book.asks.reduce((a, o) => a + rem(o), 0),
  };
}

const printsOf = (events: ReturnType<typeof collect>): Tas[] =>
  events.flatMap((e) => (e.type === 'prints' ? e.prints : []));

describe('security feed worker over HTTP (fake RIT server)', () => {
  let server: FakeRitServer;
  let handle: FeedWorkerHandle | null = null;
  const logs: FeedWorkerMessage[] = [];

  beforeEach(async () => {
    server = new FakeRitServer({ tickers: ['RITC', 'BULL'], seed: 7, tickMs: 40, stepsPerTick: 4, levels: 10 });
    await server.listen();
  });
  afterEach(async () => {
    await handle?.stop();
    handle = null;
    await server.close();
  });

  async function start(
    slots: SnapshotSlots,
    ticker: string,
    extra: Partial<Parameters<typeof startFeedWorker>[0]> = {},
  ) {
    handle = await startFeedWorker({
      file: FEED_WORKER_FILE,
      ticker,
      baseUrl: server.url,
      apiKey: server.apiKey,
      slot: slots.ref(slots.indexOf(ticker)),
      pollDelayMs: 0,
      bookDepth: 10,
      timeoutMs: 300,
      vpin: { bucketVolume: 5000, window: 5 },
      onEvent: (m) => logs.push(m),
      ...extra,
    });
    return handle;
  }

  it('loses no print and counts none twice over thousands of polls; the snapshot matches the book', async () => {
    const slots = SnapshotSlots.create(['RITC', 'BULL']);
    const h = await start(slots, 'RITC');
    const events = collect(await h.ports.open());
    await waitFor(async () => (await h.api.stats()).polls >= 2000, 30_000, '2000 polls');
    server.pause();
    const lastId = last(server.allPrints('RITC')).id;
    await waitFor(() => (printsOf(events).at(-1)?.id ?? 0) >= lastId, 5000, 'the last print');
    await waitFor(() => slots.readSnapshot(0).flags.inactive, 5000, 'inactive flag');

    const got = printsOf(events);
    const all = server.allPrints('RITC');
    expect(all.length).toBeGreaterThan(100);
    expect(got.map((p) => p.id)).toEqual(all.map((p) => p.id));
    expect(got).toEqual(all);

    const s: Snapshot = slots.readSnapshot(0);
    expect(s.ticker).toBe('RITC');
    expect(s.version).toBeGreaterThan(1000);
    const top = expectedTop(server.book('RITC', 10));
    expect({
      bid: s.bid,
      ask: s.ask,
      bidSize: s.bidSize,
      askSize: s.askSize,
      depthBid: s.depthBid,
      depthAsk: s.depthAsk,
    }).toEqual(top);
    expect(s.mid).toBeCloseTo((top.bid + top.ask) / 2, 10);
    expect(s.volume).toBe(all.reduce((a, p) => a + p.quantity, 0));
    expect(s.tradeCount).toBe(all.length);
    expect(s.last).toBe(last(all).price);
    expect(s.flags.stale).toBe(false);
    expect(s.bucketsCompleted).toBeGreaterThan(5);
    expect(s.vpin).not.toBeNull();
    expect(s.vpin!).toBeGreaterThanOrEqual(0);
    expect(s.vpin!).toBeLessThanOrEqual(1);
    expect(s.tick).toBe(server.state.tick);
    expect(Math.abs(s.monoMs - (performance.timeOrigin + performance.now()))).toBeLessThan(5000);
    expect(slots.readSnapshot(1).version).toBe(0); // BULL has no worker here
    expect(events.some((e) => e.type === 'state' && e.status === 'PAUSED')).toBe(true);
    const stats = await h.api.stats();
    expect(stats.duplicatesDropped).toBe(0);
    expect(stats.rttP99Us).toBeGreaterThan(0);
    expect((await h.api.snapshot()).lastPrintId).toBe(lastId);
    expect((await h.api.recentPrints(3)).map((p) => p.id)).toEqual(all.slice(-3).map((p) => p.id));
    expect(logs.some((l) => l.type === 'log' && l.thread === 'feed:RITC')).toBe(true);
    expect(JSON.stringify(logs)).not.toContain(server.apiKey);
  });

  it('follows a new period: ids restart, nothing is lost in either period', async () => {
    const slots = SnapshotSlots.create(['BULL']);
    const h = await start(slots, 'BULL', { pollDelayMs: 2 });
    const events = collect(await h.ports.open());
    await waitFor(() => printsOf(events).length > 30, 10_000, 'prints of period 1');
    server.pause();
    const p1 = server.allPrints('BULL');
    await waitFor(() => printsOf(events).length >= p1.length, 5000, 'the rest of period 1');
    server.nextPeriod();
    server.resume();
    await waitFor(() => printsOf(events).filter((p) => p.period === 2).length > 30, 10_000, 'prints of period 2');
    server.pause();
    const p2 = server.allPrints('BULL');
    await waitFor(
      () => printsOf(events).filter((p) => p.period === 2).length >= p2.length,
      5000,
      'the rest of period 2',
    );
    expect(printsOf(events)).toEqual([...p1, ...p2]);
    const s = slots.readSnapshot(0);
    expect(s.period).toBe(2);
    expect(s.volume).toBe(p2.reduce((a, p) => a + p.quantity, 0));
    // Subscribers hear of the new period before any of its prints, whichever poll saw it first.
    const firstState2 = events.findIndex((e) => e.type === 'state' && e.period === 2);
    const firstPrint2 = events.findIndex((e) => e.type === 'prints' && e.prints.some((p) => p.period === 2));
    expect(firstState2).toBeGreaterThanOrEqual(0);
    expect(firstState2).toBeLessThan(firstPrint2);
  });

  it('survives 500s, malformed bodies and hung requests without crashing or poisoning its state', async () => {
    const slots = SnapshotSlots.create(['RITC']);
    const h = await start(slots, 'RITC', { staleAfterMs: 1000 });
    const events = collect(await h.ports.open());
    server.faults = { error500: 0.15, malformed: 0.15, hang: 0.01 };
    const scratch = new Float64Array(64);
    let sawStale = false;
    await waitFor(
      async () => {
        slots.readInto(0, scratch);
        const s = slots.readSnapshot(0);
        for (const v of Object.values(s)) if (typeof v === 'number') expect(Number.isNaN(v)).toBe(false);
        if (s.flags.stale) sawStale = true;
        const st = await h.api.stats();
        return st.failedPolls >= 50 && sawStale;
      },
      20_000,
      '50 failed polls',
    );
    server.faults = {};
    await waitFor(
      async () => (await h.api.stats()).consecutiveFailures === 0 && !slots.readSnapshot(0).flags.stale,
      10_000,
      'recovery',
    );
    server.pause();
    const v0 = slots.readSnapshot(0).version;
    const all = server.allPrints('RITC');
    await waitFor(() => (printsOf(events).at(-1)?.id ?? 0) >= last(all).id, 5000, 'all prints');
    await waitFor(() => slots.readSnapshot(0).version >= v0 + 2, 5000, 'a poll after the pause');
    expect(printsOf(events)).toEqual(all);
    const s = slots.readSnapshot(0);
    const top = expectedTop(server.book('RITC', 10));
    expect([s.bid, s.ask]).toEqual([top.bid, top.ask]);
    expect(s.volume).toBe(all.reduce((a, p) => a + p.quantity, 0));
    expect(events.some((e) => e.type === 'stale')).toBe(true);
    expect(events.some((e) => e.type === 'recovered')).toBe(true);
    expect(logs.some((l) => l.type === 'log' && l.level === 'warn')).toBe(true);
  });

  it('flags an empty book and a one-sided book with null prices', async () => {
    const slots = SnapshotSlots.create(['RITC']);
    await start(slots, 'RITC');
    server.setBook('RITC', { bids: [], asks: [] });
    await waitFor(() => slots.readSnapshot(0).flags.empty, 5000, 'empty flag');
    const e = slots.readSnapshot(0);
    expect([e.bid, e.ask, e.mid]).toEqual([null, null, null]);
    server.setBook('RITC', { bids: server.book('BULL', 3).bids, asks: [] });
    await waitFor(() => slots.readSnapshot(0).flags.oneSided, 5000, 'one-sided flag');
    const o = slots.readSnapshot(0);
    expect(o.bid).not.toBeNull();
    expect([o.ask, o.mid]).toEqual([null, null]);
  });
});
