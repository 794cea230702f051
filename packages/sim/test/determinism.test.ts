import type { SimServer } from '../src';
import { NO_RATE_LIMIT, get, post, startSim } from './helpers';

/** Runs a scripted session (orders at fixed ticks) and returns everything observable. */
async function session(seed: number): Promise<string> {
  const s: SimServer = await startSim({ seed, ticks: 120, scenario: { ...NO_RATE_LIMIT } });
  try {
    const out: unknown[] = [];
    for (let t = 0; t < 119; t++) {
      if (t % 10 === 3)
        out.push(
          (
            await post(s, '/orders', {
              ticker: 'RITC',
              type: 'MARKET',
              quantity: 2000,
              action: t % 20 === 3 ? 'BUY' : 'SELL',
            })
          ).body,
        );
      if (t % 15 === 7) {
        const b = (await get(s, '/securities/book', { ticker: 'BULL' })).body;
        out.push(
          (
            await post(s, '/orders', {
              ticker: 'BULL',
              type: 'LIMIT',
              quantity: 3000,
              action: 'BUY',
              price: b.bids[0].price,
            })
          ).body,
        );
      }
      const tenders = (await get(s, '/tenders')).body;
      for (const td of tenders)
        if (td.tick === s.exchange.tick) out.push((await post(s, `/tenders/${td.tender_id}`)).body);
      s.advance(1);
      if (t % 30 === 0) out.push((await get(s, '/securities/book', { ticker: 'RITC', limit: 50 })).body);
    }
    out.push((await get(s, '/securities/tas', { ticker: 'BEAR' })).body);
    out.push((await get(s, '/news')).body);
    out.push((await get(s, '/orders', { status: 'TRANSACTED' })).body);
    out.push((await get(s, '/securities')).body);
    s.advance(1);
    out.push((await get(s, '/sim/account')).body);
    return JSON.stringify(out);
  } finally {
    await s.close();
  }
}

describe('determinism', () => {
  it('the same seed and the same orders at the same ticks give the same market', async () => {
    const a = await session(77);
    const b = await session(77);
    expect(a.length).toBeGreaterThan(10_000);
    expect(b).toBe(a);
  });

  it('a different seed gives a different market', async () => {
    expect(await session(78)).not.toBe(await session(77));
  });
});
