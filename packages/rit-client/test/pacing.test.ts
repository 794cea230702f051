/** Per-ticker order pacing: rate slots, server blocks, isolation between tickers. */
import { OrderPacer, RitClient } from '@ritc/rit-client';
import * as F from './fixtures/rit-responses';
import { type FakeRit, sendJson, startFakeRit } from './helpers/fake-rit';
import { VirtualClock } from './helpers/virtual-clock';
import { item } from './helpers/checked';

describe('OrderPacer (virtual time)', () => {
  test('N concurrent orders at rate R get slots 1/R apart; another ticker goes at once', async () => {
    const clock = new VirtualClock();
    const pacer = new OrderPacer(clock);
    pacer.setRate('A', 5);
    const sentAt: Record<'A' | 'B', number[]> = { A: [], B: [] };
    const go = (t: 'A' | 'B') => pacer.acquire(t).then(() => void sentAt[t].push(clock.now()));
    const all = Promise.all([go('A'), go('A'), go('A'), go('A'), go('A'), go('B')]);
    await clock.run();
    await all;
    expect(sentAt.A).toEqual([0, 200, 400, 600, 800]);
    expect(sentAt.B).toEqual([0]);
  });

  test('a block (X-Wait-Until / 429) delays only its ticker, also orders already waiting', async () => {
    const clock = new VirtualClock();
    const pacer = new OrderPacer(clock);
    pacer.setRate('A', 10);
    const sentAt: number[] = [];
    const first = pacer.acquire('A').then(() => sentAt.push(clock.now()));
    const second = pacer.acquire('A').then(() => sentAt.push(clock.now())); // slot at 100
    await new Promise((r) => setImmediate(r));
    clock.advance(20);
    pacer.block('A', 300); // e.g. a 429 on the first order: nothing before t=320
    let bAt = -1;
    const b = pacer.acquire('B').then(() => (bAt = clock.now()));
    await clock.run();
    await Promise.all([first, second, b]);
    expect(sentAt[0]).toBe(0);
    expect(sentAt[1]).toBeGreaterThanOrEqual(320);
    expect(bAt).toBe(20);
  });

  test('server hints are capped; bogus values are ignored', () => {
    const pacer = new OrderPacer(new VirtualClock(), { maxBlockMs: 1000 });
    expect(pacer.block('A', 60_000)).toBe(1000);
    expect(pacer.block('A', NaN)).toBe(0);
    expect(pacer.block('A', -5)).toBe(0);
  });

  test('a manual rate wins over the rate learned from /securities', () => {
    const pacer = new OrderPacer(new VirtualClock());
    pacer.setRate('A', 2, 'manual');
    pacer.setRate('A', 100, 'auto');
    expect(pacer.rate('A')).toBe(2);
    pacer.setRate('B', 100, 'auto');
    expect(pacer.rate('B')).toBe(100);
    pacer.setRate('B', 0, 'manual');
    expect(pacer.rate('B')).toBeNull();
  });
});

describe('RitClient pacing over HTTP', () => {
  let rit: FakeRit;
  let client: RitClient;
  let waitUntil = '0';

  beforeAll(async () => {
    rit = await startFakeRit({
      'POST /orders': (req, res) =>
        sendJson(res, 200, { ...F.limitOrder, ticker: req.query.get('ticker') }, { 'X-Wait-Until': waitUntil }),
      'GET /securities': {
        body: [F.security('BULL', { api_orders_per_second: 10 }), F.security('BEAR', { api_orders_per_second: 1000 })],
      },
    });
    client = new RitClient({ baseUrl: rit.baseUrl, apiKey: 'pace-key' });
  });

  afterAll(async () => {
    await client.close();
    await rit.close();
  });

  const order = (ticker: string) =>
    client.postOrder({ ticker, type: 'LIMIT', quantity: 100, action: 'BUY', price: 9.7 });

  test('5 orders on one ticker at 10/s (learned from /securities) take >= 0.4 s; another ticker is not held back', async () => {
    await client.getSecurities();
    expect(client.orderRate('BULL')).toBe(10);
    const t0 = performance.now();
    const bull = [order('BULL'), order('BULL'), order('BULL'), order('BULL'), order('BULL')];
    const bear = order('BEAR');
    await Promise.all([...bull, bear]);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(399);
    const hits = rit.hits('POST /orders');
    const bullAt = hits.filter((h) => h.query.get('ticker') === 'BULL').map((h) => h.at);
    const bearAt = hits.filter((h) => h.query.get('ticker') === 'BEAR').map((h) => h.at);
    expect(bullAt).toHaveLength(5);
    // Sends are >= 100 ms apart on the client; allow for arrival jitter of the first request.
    expect(item(bullAt, 4) - item(bullAt, 0)).toBeGreaterThanOrEqual(300);
    // BEAR arrived before BULL's second slot even opened.
    expect(item(bearAt, 0)).toBeLessThan(item(bullAt, 1));
    expect(client.stats().pacedMs).toBeGreaterThan(0);
  });

  test('X-Wait-Until of an accepted order holds the next order on that ticker', async () => {
    waitUntil = '0.15';
    client.setOrderRate('RITC', 0);
    await order('RITC');
    waitUntil = '0';
    await order('RITC');
    const ritc = rit.hits('POST /orders').filter((h) => h.query.get('ticker') === 'RITC');
    const first = item(ritc, 0);
    const second = item(ritc, 1);
    // The block starts when the first answer arrives, which is after the first request arrived.
    expect(second.at - first.at).toBeGreaterThanOrEqual(150);
  });

  test("pacing: 'caller' sends at once: no rate slot, and X-Wait-Until is returned, not applied", async () => {
    // A client whose every wait is recorded: in 'caller' mode it must not wait at all.
    const sleeps: number[] = [];
    const own = new RitClient({
      baseUrl: rit.baseUrl,
      apiKey: 'pace-key',
      clock: { now: () => performance.now(), sleep: (ms) => (sleeps.push(ms), new Promise((r) => setTimeout(r, ms))) },
    });
    try {
      own.setOrderRate('BULL', 10);
      const post = (pacing: 'client' | 'caller') =>
        own.postOrder({ ticker: 'BULL', type: 'LIMIT', quantity: 100, action: 'BUY', price: 9.7 }, { pacing });
      waitUntil = '0.3';
      const answers = await Promise.all([post('caller'), post('caller'), post('caller')]);
      waitUntil = '0';
      await post('caller');
      for (const a of answers) expect(a.waitUntilSec).toBeCloseTo(0.3);
      expect(sleeps).toEqual([]);
      expect(own.stats().pacedMs).toBe(0);
      // The same client, pacing itself: the same orders wait for their 10/s slots.
      await Promise.all([post('client'), post('client'), post('client')]);
      expect(sleeps.length).toBeGreaterThan(0);
      expect(own.stats().pacedMs).toBeGreaterThan(0);
    } finally {
      await own.close();
    }
  });
});
