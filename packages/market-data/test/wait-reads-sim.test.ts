import { startSimServer, type SimServer } from '@ritc/sim';
import {
  DEFAULT_POLLER_OPTIONS,
  FeedPoller,
  SnapshotSlots,
  defaultVpinFactory,
  simWaitForChange,
  summarizeBook,
  type FeedEvent,
} from '@ritc/market-data';
import { RitClient, type Tas } from '@ritc/rit-client';

// Against the real simulator over HTTP: a waiting feed reads the book and prints from the wait's
// answer, one request per change, and sees the same market the /v1 reads show.
describe('a waiting feed against @ritc/sim', () => {
  let sim: SimServer;
  beforeAll(async () => {
    sim = await startSimServer({ port: 0, seed: 7, tickMs: 0, ticks: 300 });
    sim.resume();
  });
  afterAll(async () => {
    await sim.close();
  });

  it('makes one /sim/wait per change and no book or time & sales reads, with every print once', async () => {
    const api = new RitClient({ baseUrl: sim.url, apiKey: sim.apiKey });
    const slots = SnapshotSlots.create(['RITC']);
    const events: FeedEvent[] = [];
    const poller = new FeedPoller({
      ...DEFAULT_POLLER_OPTIONS,
      ticker: 'RITC',
      api,
      writer: slots.writer(0),
      emit: (e) => events.push(e),
      log: () => undefined,
      vpinFactory: defaultVpinFactory(),
      waitForChange: simWaitForChange(sim.url, sim.apiKey, 'RITC'),
    });
    const before = { ...sim.stats().requests };
    const count = (k: string) => (sim.stats().requests[k] ?? 0) - (before[k] ?? 0);
    try {
      const cycles = 30;
      for (let i = 0; i < cycles; i++) {
        sim.advance(1);
        await poller.pollOnce();
      }
      expect(count('GET /sim/wait')).toBe(cycles);
      expect([count('GET /v1/securities/book'), count('GET /v1/securities/tas'), count('GET /v1/case')]).toEqual([
        0, 0, 0,
      ]);
      const tape = sim.exchange.tas[sim.exchange.meta('RITC').idx]!.all().map((p) => ({ ...p }));
      expect(tape.length).toBeGreaterThan(0);
      const got: Tas[] = events.flatMap((e) => (e.type === 'prints' ? e.prints : []));
      expect(got).toEqual(tape);
      const s = slots.readSnapshotOf('RITC');
      const book = summarizeBook(await api.getBook('RITC', DEFAULT_POLLER_OPTIONS.bookDepth));
      expect([s.tick, s.bid, s.ask, s.bidSize, s.askSize, s.depthBid, s.depthAsk, s.flags.stale]).toEqual([
        sim.exchange.tick,
        book.bid,
        book.ask,
        book.bidSize,
        book.askSize,
        book.depthBid,
        book.depthAsk,
        false,
      ]);
    } finally {
      await api.close();
    }
  });
});
