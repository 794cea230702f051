import { clientIdOfPending, pendingOrderId } from '../src/execution/execution-manager';
import { createOrder } from '../src/execution/orders';
import { FakeExchange, flush } from './fake-exchange';
import { setup } from './helpers';

const bid = (price: number, qty = 100) => createOrder('BULL', 'LIMIT', 'BUY', qty, price, 'MARKET_MAKER', 'mm:bid');
const ask = (price: number, qty = 100) => createOrder('BULL', 'LIMIT', 'SELL', qty, price, 'MARKET_MAKER', 'mm:ask');

/** One order per minute on every ticker: the second order of a decision has to wait. */
function pacedExchange(): FakeExchange {
  const ex = new FakeExchange();
  ex.securities.BULL!.api_orders_per_second = 1;
  return ex;
}

describe('execution: no stale backlog', () => {
  it('a newer decision cancels the same source’s queued orders on that ticker and side, with an order event', async () => {
    const { ex, em } = await setup({ config: { pacingBurst: 1, pacingWindowMs: 60_000 } }, pacedExchange());
    em.submit([bid(9.5)], undefined, undefined, { supersede: true }); // leaves at once
    const old = em.submit([bid(9.6), ask(10.5)], undefined, undefined, { supersede: true }).orders; // both wait
    expect(em.queue.size('BULL')).toBe(2);
    const next = em.submit([bid(9.7)], undefined, undefined, { supersede: true }).orders;
    expect(old[0]!.state).toBe('CANCELLED');
    expect(old[0]!.reason).toMatch(/not sent: superseded/);
    expect(old[1]!.state).toBe('PENDING_NEW'); // the ask was not replaced
    expect(next[0]!.state).toBe('PENDING_NEW');
    expect(em.queue.size('BULL')).toBe(2);
    expect(em.counters.ordersSuperseded).toBe(1);
    expect(
      em.bus.events.some(
        (e) =>
          e.type === 'order' &&
          e.clientId === old[0]!.clientId &&
          e.state === 'CANCELLED' &&
          e.prevState === 'PENDING_NEW',
      ),
    ).toBe(true);
    expect(ex.posts).toHaveLength(1);
    em.close();
  });

  it('queued and in-flight orders are in the open-order view as pending, with a negative id that cancels them', async () => {
    const { ex, em } = await setup({ config: { pacingBurst: 1, pacingWindowMs: 60_000 } }, pacedExchange());
    let release!: () => void;
    ex.gate = new Promise<void>((r) => {
      release = r;
    });
    const [inFlight] = em.submit([bid(9.5)]).orders;
    const [queued] = em.submit([ask(10.5)]).orders;
    const views = em.openOrderViews();
    expect(views).toHaveLength(2);
    expect(views.every((v) => v.pending === true && v.orderId < 0)).toBe(true);
    expect(clientIdOfPending(views[0]!.orderId)).toBe(inFlight!.clientId);
    expect(pendingOrderId(queued!.clientId)).toBe(views[1]!.orderId);
    // Queued: withdrawn without a request. In flight: cancelled as soon as it is acknowledged.
    expect(em.cancelPending(queued!.clientId)).toBe('cancelled');
    expect(queued!.state).toBe('CANCELLED');
    expect(em.cancelPending(inFlight!.clientId)).toBe('on-ack');
    expect(em.openOrderViews()).toHaveLength(0);
    release();
    ex.gate = null;
    for (let i = 0; i < 20 && inFlight!.state !== 'CANCELLED'; i++) await flush();
    expect(inFlight!.state).toBe('CANCELLED');
    expect([...ex.orders.values()].filter((o) => o.status === 'OPEN')).toHaveLength(0);
    expect(ex.posts).toHaveLength(1);
    em.close();
  });

  it('decision→send is measured from the intent to the POST leaving and is sub-millisecond when not paced', async () => {
    const { em } = await setup();
    for (let i = 0; i < 50; i++) em.submit([bid(9 + i / 100)]);
    const s = em.latencyDecisionToSendUs.summary();
    expect(s.count).toBe(50);
    expect(s.p50!).toBeLessThan(1000);
    em.close();
  });
});
