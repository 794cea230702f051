// A tick's round on the virtual clock takes its reads from one GET /sim/batch: against the real
// simulator over HTTP, and the rules (what is batched, when an answer may be taken).
import { RitClient } from '@ritc/rit-client';
import { startSimServer, type SimServer } from '@ritc/sim';
import { TickReads, simBatch, type FetchBatch } from '../src/lifecycle/tick-reads';

describe('a round of reads from one batch, against the simulator', () => {
  let sim: SimServer;
  let api: RitClient;
  beforeEach(async () => {
    sim = await startSimServer({ port: 0, seed: 5, tickMs: 0, ticks: 100 });
    sim.resume();
    api = new RitClient({ baseUrl: sim.url, apiKey: sim.apiKey });
  });
  afterEach(async () => {
    await api.close();
    await sim.close();
  });

  const requests = () => ({ ...sim.stats().requests });
  const round = () =>
    Promise.all([api.getCase(), api.getOrders('OPEN'), api.getLimits(), api.getTrader(), api.getBook('RITC', 20)]);

  it("learns a round's reads, then answers the next round's from one request, the same as the server's", async () => {
    const reads = new TickReads(simBatch(sim.url, sim.apiKey));
    api.setPrefetched(reads);
    await reads.round(round);
    sim.advance(1);
    const before = requests();
    const got = await reads.round(round);
    const after = requests();
    const delta = (k: string) => (after[k] ?? 0) - (before[k] ?? 0);
    expect(delta('GET /sim/batch')).toBe(1);
    for (const k of ['GET /v1/case', 'GET /v1/orders', 'GET /v1/limits', 'GET /v1/trader', 'GET /v1/securities/book'])
      expect([k, delta(k)]).toEqual([k, 0]);
    expect(reads.counts).toEqual({ batches: 1, taken: 5, failed: 0 });
    api.setPrefetched(null);
    expect(got).toEqual(await round());
    expect(got[0].tick).toBe(sim.exchange.tick);
  });

  it('serves nothing outside a round, nor twice, and never the transacted orders', async () => {
    const reads = new TickReads(simBatch(sim.url, sim.apiKey));
    api.setPrefetched(reads);
    await reads.round(async () => {
      await api.getCase();
      await api.getOrders('TRANSACTED');
    });
    const before = requests();
    await reads.round(async () => {
      await api.getCase();
      await api.getCase();
      await api.getOrders('TRANSACTED');
    });
    await api.getCase();
    const after = requests();
    const delta = (k: string) => (after[k] ?? 0) - (before[k] ?? 0);
    // The first /case of the round from the batch; the second, the one after the round and the
    // transacted orders from the server.
    expect([delta('GET /sim/batch'), delta('GET /v1/case'), delta('GET /v1/orders')]).toEqual([1, 2, 1]);
  });

  it('lets the reads ask the server themselves when the batch fails', async () => {
    const reads = new TickReads(simBatch(sim.url, 'wrong key'));
    api.setPrefetched(reads);
    await reads.round(round);
    const got = await reads.round(round);
    expect(reads.counts).toEqual({ batches: 1, taken: 0, failed: 1 });
    expect(got[0].tick).toBe(sim.exchange.tick);
  });
});

describe('the batch answers', () => {
  it('leaves a read whose answer is an error to its own request, and drops a batch of the wrong length', async () => {
    let answers: { status: number; body: unknown }[] = [];
    const fetch: FetchBatch = () => Promise.resolve(answers);
    const reads = new TickReads(fetch);
    await reads.round(async () => {
      reads.take('/case');
      reads.take('/limits');
    });
    answers = [
      { status: 200, body: { tick: 3 } },
      { status: 500, body: { code: 'INTERNAL_ERROR' } },
    ];
    await reads.round(async () => {
      expect(reads.take('/case')).toEqual({ json: { tick: 3 } });
      expect(reads.take('/limits')).toBeUndefined();
    });
    answers = [{ status: 200, body: { tick: 4 } }];
    await reads.round(async () => {
      expect(reads.take('/case')).toBeUndefined();
    });
    expect(reads.counts).toEqual({ batches: 2, taken: 1, failed: 1 });
  });
});
