/**
 * One pacer for POST /orders, over real HTTP with the real RitClient: the engine's submission
 * queue waits (429 Retry-After or body `wait`, X-Wait-Until) and re-sends; the client sends each
 * order at once and exactly once. Decision→send latency includes the waits.
 */
import type http from 'node:http';
import { RitClient } from '@ritc/rit-client';
import * as F from '../../rit-client/test/fixtures/rit-responses';
import { type FakeRit, type Recorded, sendJson, startFakeRit } from '../../rit-client/test/helpers/fake-rit';
import { ExecutionManager } from '../src/execution/execution-manager';
import { createOrder } from '../src/execution/orders';
import { startRig, type SimRig } from './sim-helpers';

const bid = (price: number) => createOrder('BULL', 'LIMIT', 'BUY', 100, price, 'MARKET_MAKER', 'mm:bid');

type Answer = (req: Recorded, res: http.ServerResponse) => void;

/** Answers POST /orders from a script (then accepts everything), each with its own order id. */
async function rig(script: Answer[]) {
  let nextId = 1000;
  const accept: Answer = (req, res) =>
    sendJson(res, 200, { ...F.limitOrder, order_id: nextId++, price: Number(req.query.get('price')) });
  const rit: FakeRit = await startFakeRit({
    'GET /case': { body: F.caseBody },
    'GET /limits': { body: F.limitsBody },
    // A fast ticker: the sliding window never holds an order in these tests, only the server's waits do.
    'GET /securities': { body: [F.security('BULL', { api_orders_per_second: 1000, position: 0 })] },
    'GET /orders': { body: [] },
    'POST /orders': (req, res) => (script.shift() ?? accept)(req, res),
  });
  // Built the way the CLI builds it: default options, pacing included; the engine opts out per order.
  const client = new RitClient({ baseUrl: rit.baseUrl, apiKey: 'pacing-key' });
  const em = new ExecutionManager({ api: client });
  await em.init();
  const posts = () => rit.hits('POST /orders').map((h) => h.at);
  return {
    em,
    client,
    posts,
    close: async () => {
      em.close();
      await client.close();
      await rit.close();
    },
  };
}

const gaps = (xs: number[]) => xs.slice(1).map((x, i) => x - (xs[i] ?? x));

describe('one pacer for POST /orders: the submission queue', () => {
  it('a 429 (Retry-After, then body `wait` only) is re-sent exactly once per answer, after its wait, not twice paced', async () => {
    const r = await rig([
      (_q, res) => sendJson(res, 429, { code: 'RATE_LIMIT_EXCEEDED', wait: 0.2 }, { 'Retry-After': '0.2' }),
      (_q, res) => sendJson(res, 429, { code: 'RATE_LIMIT_EXCEEDED', wait: 0.2 }),
    ]);
    try {
      const report = r.em.submit([bid(9.5)]);
      await report.settled;
      const [order] = report.orders;
      expect(order?.state).toBe('OPEN');
      expect(order?.orderId).toBe(1000);
      // Two 429 answers, two re-sends: three requests, no more.
      const at = r.posts();
      expect(at).toHaveLength(3);
      for (const g of gaps(at)) {
        expect(g).toBeGreaterThanOrEqual(190);
        // One wait per answer: a client holding the ticker too would add its own wait on top.
        expect(g).toBeLessThan(390);
      }
      expect(r.em.counters.rateLimited).toBe(2);
      // The client re-sent nothing and never waited: the queue did both.
      const stats = r.client.stats();
      expect(stats.byEndpoint['POST /orders']).toMatchObject({ requests: 3, retries: 0, rateLimited: 2 });
      expect(stats.pacedMs).toBe(0);
      // Decision→send of the send that went through includes both waits.
      const lat = r.em.latencyDecisionToSendUs.summary();
      expect(lat.count).toBe(3);
      expect(lat.max).toBeGreaterThanOrEqual(380_000);
    } finally {
      await r.close();
    }
  });

  it('X-Wait-Until holds the next order once (in the queue, not again in the client) and its latency shows the wait', async () => {
    const r = await rig([(_q, res) => sendJson(res, 200, { ...F.limitOrder, order_id: 1 }, { 'X-Wait-Until': '0.2' })]);
    try {
      const first = r.em.submit([bid(9.5)]);
      await first.settled;
      const second = r.em.submit([bid(9.4)]);
      await second.settled;
      expect(second.orders[0]?.state).toBe('OPEN');
      const at = r.posts();
      expect(at).toHaveLength(2);
      const [gap] = gaps(at);
      expect(gap).toBeGreaterThanOrEqual(150);
      expect(gap).toBeLessThan(390);
      expect(r.client.stats().pacedMs).toBe(0);
      const lat = r.em.latencyDecisionToSendUs.summary();
      expect(lat.count).toBe(2);
      // The second decision waited for the block before its POST left.
      expect(lat.max).toBeGreaterThanOrEqual(150_000);
    } finally {
      await r.close();
    }
  });
});

describe('one pacer for POST /orders, against the simulator’s own rate limit', () => {
  let rig: SimRig | undefined;
  afterEach(async () => {
    await rig?.close();
  });

  it('orders sent faster than the exchange allows: every 429 is re-sent once, by the queue, and all go through', async () => {
    // The exchange takes 5 orders a second on BULL; the engine is told it may send 12 at once.
    rig = await startRig(
      { tickMs: 20, scenario: { securities: [{ ticker: 'BULL', apiOrdersPerSecond: 5 }] } },
      { pacingBurst: 12 },
    );
    const { em, client, sim } = rig;
    const intents = Array.from({ length: 12 }, (_, i) =>
      createOrder('BULL', 'MARKET', i % 2 ? 'SELL' : 'BUY', 100, undefined, 'ARBITRAGE'),
    );
    const report = await em.executeOrders(intents);
    expect(report.orders).toHaveLength(12);
    expect(report.orders.every((o) => o.orderId !== null)).toBe(true);
    const rejected429 = sim.stats().rate_limited_429;
    expect(rejected429).toBeGreaterThan(0);
    const posts = client.stats().byEndpoint['POST /orders'];
    // Each 429 answer was followed by exactly one re-send: 12 orders + one request per 429.
    expect(posts).toMatchObject({ requests: 12 + rejected429, rateLimited: rejected429, retries: 0 });
    expect(em.counters.rateLimited).toBe(rejected429);
    expect(client.stats().pacedMs).toBe(0);
    // One latency sample per request; the orders that met a 429 waited for the exchange's window.
    const lat = em.latencyDecisionToSendUs.summary();
    expect(lat.count).toBe(12 + rejected429);
    expect(lat.max).toBeGreaterThanOrEqual(100_000);
  });
});
