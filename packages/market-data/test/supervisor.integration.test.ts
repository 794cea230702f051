import { FeedSupervisor, MarketDataError, SnapshotSlots, startFeedWorker, type FeedIncident } from '@ritc/market-data';
import { FakeRitServer } from '../src/testing/fake-rit-server';
import { collect, FEED_WORKER_FILE, waitFor } from './helpers/threads';

describe('FeedSupervisor', () => {
  let server: FakeRitServer;
  beforeEach(async () => {
    server = new FakeRitServer({ tickers: ['RITC', 'BULL', 'BEAR', 'USD'], seed: 3, tickMs: 50, stepsPerTick: 2 });
    await server.listen();
  });
  afterEach(async () => {
    await server.close();
  });

  it('runs one worker per security and restarts a killed one, logging the incident', async () => {
    const slots = SnapshotSlots.create(['RITC', 'BULL', 'BEAR', 'USD']);
    const incidents: FeedIncident[] = [];
    const restarted: string[] = [];
    const sup = new FeedSupervisor({
      file: FEED_WORKER_FILE,
      baseUrl: server.url,
      apiKey: server.apiKey,
      slots,
      bookDepth: 5,
      pollDelays: { defaultMs: 5, perTicker: { USD: 20 } },
      backoff: { initialMs: 50, maxMs: 200 },
      onIncident: (i) => incidents.push(i),
      onRestart: (h) => restarted.push(h.ticker),
    });
    try {
      await sup.start();
      expect(sup.handles().map((h) => h.ticker)).toEqual(['RITC', 'BULL', 'BEAR', 'USD']);
      await waitFor(
        () => slots.tickers.every((_, i) => slots.readSnapshot(i).version > 3),
        10_000,
        'all slots written',
      );
      expect((await sup.handle('USD').api.stats()).pollDelayMs).toBe(20);
      expect((await sup.handle('BULL').api.stats()).pollDelayMs).toBe(5);

      const bull = sup.handle('BULL');
      const oldThread = bull.worker.threadId;
      await bull.worker.terminate(); // killed from outside: not a stop()
      await waitFor(() => restarted.includes('BULL'), 10_000, 'BULL restart');
      expect(incidents[0]).toMatchObject({ ticker: 'BULL', kind: 'crash', exitCode: 1, attempt: 1, delayMs: 50 });
      expect(incidents.some((i) => i.ticker === 'BULL' && i.kind === 'restarted')).toBe(true);
      expect(bull.worker.threadId).not.toBe(oldThread);
      const v = slots.readSnapshot(1).version;
      await waitFor(() => slots.readSnapshot(1).version > v + 3, 10_000, 'the new BULL worker publishing');
      expect((await bull.api.stats()).running).toBe(true);
      const events = collect(await bull.ports.open()); // subscriptions are re-opened after a restart
      await waitFor(() => events.some((e) => e.type === 'prints'), 10_000, 'prints from the new worker');
    } finally {
      await sup.stop();
    }
    // stop() is not a crash: no new incidents, every thread gone.
    const n = incidents.length;
    await new Promise((r) => setTimeout(r, 300));
    expect(incidents.length).toBe(n);
    for (const h of sup.handles())
      expect(await Promise.race([h.exited, new Promise((r) => setTimeout(() => r('alive'), 1000))])).not.toBe('alive');
  });

  it('reports a worker that cannot start (bad config) as an error, not a hang', async () => {
    const slots = SnapshotSlots.create(['RITC']);
    await expect(
      startFeedWorker({
        file: FEED_WORKER_FILE,
        ticker: 'RITC',
        baseUrl: 'not a url',
        apiKey: 'k',
        slot: slots.ref(0),
        pollDelayMs: 0,
        bookDepth: 5,
      }),
    ).rejects.toThrow(MarketDataError);
  });

  it('backs off exponentially on repeated crashes and gives up after maxAttempts', async () => {
    const slots = SnapshotSlots.create(['RITC']);
    const incidents: FeedIncident[] = [];
    const sup = new FeedSupervisor({
      file: FEED_WORKER_FILE,
      baseUrl: server.url,
      apiKey: server.apiKey,
      slots,
      bookDepth: 5,
      pollDelays: 2,
      backoff: { initialMs: 20, maxMs: 1000 },
      maxAttempts: 2,
      onIncident: (i) => incidents.push(i),
      onRestart: (h) => {
        void h.worker.terminate();
      }, // every new incarnation dies at once
    });
    try {
      await sup.start();
      await waitFor(() => slots.readSnapshot(0).version > 2, 10_000, 'first publishes');
      await sup
        .handle('RITC')
        .api.setPollDelay(Number.NaN)
        .catch(() => undefined); // a rejected call is not a crash
      expect(incidents).toEqual([]);
      await sup.handle('RITC').worker.terminate();
      await waitFor(() => incidents.some((i) => i.kind === 'gave-up'), 10_000, 'give-up');
      const crashes = incidents.filter((i) => i.kind === 'crash');
      expect(crashes.map((i) => [i.attempt, i.delayMs])).toEqual([
        [1, 20],
        [2, 40],
      ]);
      expect(incidents.at(-1)).toMatchObject({ kind: 'gave-up', ticker: 'RITC', attempt: 2 });
      expect(slots.readSnapshot(0).ticker).toBe('RITC'); // the slot stays readable
    } finally {
      await sup.stop();
    }
  });
});
