import { startSimServer, type SimServer } from '@ritc/sim';
import { FeedSupervisor, SnapshotSlots, fetchFeedTickers, summarizeBook } from '@ritc/market-data';
import { RitClient, type Tas } from '@ritc/rit-client';
import { collect, FEED_WORKER_FILE, waitFor } from './helpers/threads';

// Against the real simulator over HTTP (the simulator in this thread, the feeds in worker threads).
describe('security feed workers against @ritc/sim', () => {
  let sim: SimServer;
  beforeAll(async () => {
    sim = await startSimServer({ port: 0, seed: 11, tickMs: 40, ticks: 1000 });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('follows every tradeable security: prints complete and unique, snapshots equal to the book', async () => {
    const http = new RitClient({ baseUrl: sim.url, apiKey: sim.apiKey });
    const tickers = await fetchFeedTickers(http);
    expect(tickers).toEqual(expect.arrayContaining(['RITC', 'BULL', 'BEAR', 'USD']));
    expect(tickers).not.toContain('CAD');
    const slots = SnapshotSlots.create(tickers);
    const sup = new FeedSupervisor({
      file: FEED_WORKER_FILE,
      baseUrl: sim.url,
      apiKey: sim.apiKey,
      slots,
      bookDepth: 20,
      pollDelays: 1,
      autoStart: false,
    });
    const events = new Map<string, ReturnType<typeof collect>>();
    try {
      await sup.start();
      // Subscribe before polling starts, so the ports see every print of the period.
      for (const h of sup.handles()) events.set(h.ticker, collect(await h.ports.open()));
      for (const h of sup.handles()) await h.api.start();
      await waitFor(async () => (await sup.handle('RITC').api.stats()).polls > 1000, 30_000, '1000 RITC polls');
      sim.pause();
      for (const t of tickers) await waitFor(() => slots.readSnapshotOf(t).flags.inactive, 5000, `${t} inactive`);
      for (const t of tickers) {
        const v = slots.readSnapshotOf(t).version;
        await waitFor(() => slots.readSnapshotOf(t).version > v + 1, 5000, `${t} polled after the pause`);
      }
      let stocksWithPrints = 0;
      for (const t of tickers) {
        const tape = sim.exchange.tas[sim.exchange.meta(t).idx];
        const seen = events.get(t);
        if (!tape || !seen) throw new Error(`${t}: no time & sales in the simulator or no subscription`);
        const all = tape.all().map((p) => ({ ...p }));
        const got: Tas[] = seen.flatMap((e) => (e.type === 'prints' ? e.prints : []));
        expect([t, got.map((p) => p.id)]).toEqual([t, all.map((p) => p.id)]);
        expect(got).toEqual(all);
        if (all.length > 0) stocksWithPrints++;
        const s = slots.readSnapshotOf(t);
        const book = summarizeBook(await http.getBook(t, 20));
        const nn = (x: number) => (Number.isNaN(x) ? null : x);
        expect([t, s.bid, s.ask, s.bidSize, s.askSize, s.depthBid, s.depthAsk]).toEqual([
          t,
          nn(book.bid),
          nn(book.ask),
          book.bidSize,
          book.askSize,
          book.depthBid,
          book.depthAsk,
        ]);
        expect(s.volume).toBe(all.reduce((a, p) => a + p.quantity, 0));
        expect(s.flags.stale).toBe(false);
        for (const v of Object.values(s)) if (typeof v === 'number') expect(Number.isNaN(v)).toBe(false);
        expect((await sup.handle(t).api.stats()).duplicatesDropped).toBe(0);
      }
      expect(stocksWithPrints).toBeGreaterThanOrEqual(3);
    } finally {
      await sup.stop();
      await http.close();
    }
  });
});
