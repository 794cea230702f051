import { FeedThreadPark, SnapshotSlots, startFeedWorker, type FeedWorkerMessage } from '@ritc/market-data';
import { FakeRitServer } from '../src/testing/fake-rit-server';
import { collect, FEED_WORKER_FILE, waitFor } from './helpers/threads';

describe('parked feed threads (FeedThreadPark)', () => {
  let server: FakeRitServer;
  let park: FeedThreadPark;

  beforeEach(async () => {
    server = new FakeRitServer({ tickers: ['RITC', 'BULL'], seed: 3, tickMs: 40, stepsPerTick: 4, levels: 10 });
    await server.listen();
    park = new FeedThreadPark();
  });
  afterEach(async () => {
    await park.close();
    await server.close();
  });

  const options = (slots: SnapshotSlots, ticker: string, logs: FeedWorkerMessage[]) => ({
    file: FEED_WORKER_FILE,
    ticker,
    baseUrl: server.url,
    apiKey: server.apiKey,
    slot: slots.ref(slots.indexOf(ticker)),
    pollDelayMs: 0,
    bookDepth: 10,
    timeoutMs: 300,
    onEvent: (m: FeedWorkerMessage) => logs.push(m),
    park,
  });

  it('a stopped feed leaves its thread idle, and the next feed runs in it with its own security and slot', async () => {
    const firstLogs: FeedWorkerMessage[] = [];
    const first = SnapshotSlots.create(['RITC']);
    const a = await startFeedWorker(options(first, 'RITC', firstLogs));
    const threadId = a.worker.threadId;
    await waitFor(() => first.readSnapshot(0).version > 5, 10_000, 'RITC snapshots');
    await a.stop();
    expect(park.size).toBe(1);
    const versionAtStop = first.readSnapshot(0).version;

    const secondLogs: FeedWorkerMessage[] = [];
    const second = SnapshotSlots.create(['BULL']);
    const b = await startFeedWorker(options(second, 'BULL', secondLogs));
    expect(park.size).toBe(0);
    expect(b.worker.threadId).toBe(threadId);
    const events = collect(await b.ports.open());
    await waitFor(() => second.readSnapshot(0).version > 5, 10_000, 'BULL snapshots');
    await waitFor(() => events.some((e) => e.type === 'prints' && e.ticker === 'BULL'), 10_000, 'BULL prints');
    const s = second.readSnapshot(0);
    expect(s.ticker).toBe('BULL');
    expect(s.bid).toBe(Math.max(...server.book('BULL', 10).bids.map((o) => o.price as number)));
    // The first run's slot is no longer written, and its logs stop at its stop.
    await new Promise((r) => setTimeout(r, 200));
    expect(first.readSnapshot(0).version).toBe(versionAtStop);
    expect(secondLogs.some((l) => l.type === 'log' && l.thread === 'feed:BULL')).toBe(true);
    expect(firstLogs.some((l) => l.type === 'log' && l.thread === 'feed:BULL')).toBe(false);
    const stats = await b.api.stats();
    expect(stats.ticker).toBe('BULL');
    expect(stats.polls).toBeGreaterThan(0);
    await b.stop();
    expect(park.size).toBe(1);
  });

  it('a thread that died while parked is not handed out; close() ends the idle ones', async () => {
    const slots = SnapshotSlots.create(['RITC', 'BULL']);
    const a = await startFeedWorker(options(slots, 'RITC', []));
    const deadId = a.worker.threadId;
    const exited = new Promise((r) => a.worker.once('exit', r));
    await a.stop();
    expect(park.size).toBe(1);
    await a.worker.terminate();
    await exited;
    const b = await startFeedWorker(options(slots, 'BULL', []));
    expect(b.worker.threadId).not.toBe(deadId);
    await waitFor(() => slots.readSnapshot(1).version > 2, 10_000, 'BULL snapshots');
    await b.stop();
    expect(park.size).toBe(1);
    const bExited = new Promise((r) => b.worker.once('exit', r));
    await park.close();
    expect(park.size).toBe(0);
    await bExited;
    // After close, a stopped feed's thread is terminated, not parked.
    const c = await startFeedWorker(options(slots, 'RITC', []));
    const cExited = new Promise((r) => c.worker.once('exit', r));
    await c.stop();
    await cExited;
    expect(park.size).toBe(0);
  });
});
