/**
 * On the simulator's virtual clock the engine counts the order rate in case time (each tick
 * standing for virtualClockTickMs), as the simulator does: an order over the rate waits for a
 * later tick, not for wall time, and does not hold the tick's ready signal.
 */
import { request } from 'undici';
import { createOrder } from '../src/execution/orders';
import { ordersUnsettled } from '../src/lifecycle/virtual-ready';
import { sleep, startRig, type SimRig } from './sim-helpers';

const bid = (price: number) => createOrder('BULL', 'LIMIT', 'BUY', 100, price, 'MARKET_MAKER', 'mm:bid');

async function nextTick(r: SimRig): Promise<number> {
  const t = (await r.client.getCase()).tick;
  const res = await request(`${r.sim.url.replace(/\/v1$/, '')}/sim/ready?tick=${t}`, {
    method: 'POST',
    headers: { 'X-API-Key': r.sim.apiKey },
  });
  await res.body.text();
  for (let i = 0; i < 400; i++) {
    const c = await r.client.getCase();
    if (c.tick > t) {
      r.em.updateCase(c);
      return c.tick;
    }
    await sleep(5);
  }
  throw new Error('the tick did not end');
}

describe('the order rate on the virtual clock', () => {
  let r: SimRig | undefined;
  afterEach(async () => {
    await r?.close();
    r = undefined;
  });

  it('holds an order over the rate until the case time frees the window, not the wall time', async () => {
    // The simulator's ticks never end on their own here (a minute's maximum wait); the engine
    // counts 3 orders per second at 500 ms a tick: two ticks' worth in its window.
    r = await startRig(
      {
        clock: 'virtual',
        tickMs: 60_000,
        minTickMs: 0,
        scenario: { securities: [{ ticker: 'BULL', apiOrdersPerSecond: 3 }] },
      },
      { virtualClockReady: true, virtualClockTickMs: 500 },
    );
    const rig = r;
    const report = rig.em.submit([bid(9.5), bid(9.4), bid(9.3), bid(9.2)]);
    expect(rig.em.queue.size('BULL')).toBe(1);
    // Longer than the window in wall time: the held order stays held, and the sent ones settle.
    await sleep(1_100);
    expect(rig.em.queue.size('BULL')).toBe(1);
    expect(ordersUnsettled(rig.em)).toBe(0);
    expect(report.orders.filter((o) => o.state === 'OPEN')).toHaveLength(3);
    await nextTick(rig);
    expect(rig.em.queue.size('BULL')).toBe(1);
    await nextTick(rig);
    expect(rig.em.queue.size('BULL')).toBe(0);
    await report.settled;
    expect(report.orders.map((o) => o.state)).toEqual(['OPEN', 'OPEN', 'OPEN', 'OPEN']);
    expect(rig.em.counters.rateLimited).toBe(0);
  });
});
