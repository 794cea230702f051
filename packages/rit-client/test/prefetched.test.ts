// GETs answered from reads made beforehand (the engine's batch of a tick on the simulator's
// virtual clock): parsed as the server's own answer, and only the read given.
import { MalformedResponseError, RitClient, type PrefetchedReads } from '../src';

const caseJson = {
  name: 'c',
  period: 1,
  tick: 7,
  ticks_per_period: 300,
  total_periods: 1,
  status: 'ACTIVE',
  is_enforce_trading_limits: true,
};

function stub(answers: Record<string, unknown>): PrefetchedReads & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    take(read) {
      asked.push(read);
      return read in answers ? { json: answers[read] } : undefined;
    },
  };
}

describe('RitClient with prefetched reads', () => {
  // Nothing listens here: a GET that went to the server would fail with a network error.
  const api = new RitClient({ baseUrl: 'http://127.0.0.1:9/v1', apiKey: 'k', getRetries: 0, timeoutMs: 200 });
  afterAll(() => api.close());

  it('answers a GET from its read, by path and query, without asking the server', async () => {
    const pre = stub({ '/case': caseJson, '/orders?status=OPEN': [] });
    api.setPrefetched(pre);
    expect((await api.getCase()).tick).toBe(7);
    expect(await api.getOrders('OPEN')).toEqual([]);
    expect(pre.asked).toEqual(['/case', '/orders?status=OPEN']);
    await expect(api.getOrders('CANCELLED')).rejects.toThrow(/network|connect|ECONNREFUSED/i);
    api.setPrefetched(null);
  });

  it("fails a malformed prefetched answer with the parsers' clear error", async () => {
    api.setPrefetched(stub({ '/case': { ...caseJson, tick: 'seven' } }));
    const err = await api.getCase().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MalformedResponseError);
    expect((err as Error).message).toContain('GET /case: tick');
    api.setPrefetched(null);
  });
});
