import type { Order, Tender } from '@ritc/rit-client';
import type { SimServer } from '../src';
import { NO_RATE_LIMIT, QUIET, del, get, post, startSim, type JsonBody } from './helpers';

let s: SimServer;
afterEach(() => s.close());

const account = async () => (await get(s, '/sim/account')).body.traders[0];
const ritcOf = (a: JsonBody) => a.securities.find((x: { ticker: string }) => x.ticker === 'RITC');

describe('tenders', () => {
  it('posts scheduled RITC tenders (4-8 per 300 ticks, 10k-100k shares, 6-tick window, priced off the touch)', async () => {
    s = await startSim({ seed: 21 });
    const seen = new Map<number, { t: Tender; bid: number; ask: number }>();
    for (let i = 0; i < 299; i++) {
      s.advance(1);
      const list = (await get<Tender[]>(s, '/tenders')).body;
      for (const t of list) {
        if (seen.has(t.tender_id)) continue;
        const sec = (await get(s, '/securities', { ticker: 'RITC' })).body[0];
        seen.set(t.tender_id, { t, bid: sec.bid, ask: sec.ask });
      }
    }
    expect(seen.size).toBeGreaterThanOrEqual(4);
    expect(seen.size).toBeLessThanOrEqual(8);
    for (const { t, bid, ask } of seen.values()) {
      expect(Object.keys(t)).toEqual([
        'tender_id',
        'period',
        'tick',
        'expires',
        'caption',
        'ticker',
        'quantity',
        'action',
        'is_fixed_bid',
        'price',
      ]);
      expect(t).toMatchObject({ ticker: 'RITC', is_fixed_bid: true, period: 1 });
      expect(t.expires - t.tick).toBe(6);
      expect(t.quantity).toBeGreaterThanOrEqual(10_000);
      expect(t.quantity).toBeLessThanOrEqual(100_000);
      const off = t.action === 'BUY' ? bid - t.price! : t.price! - ask;
      expect(off).toBeGreaterThanOrEqual(-0.021);
      expect(off).toBeLessThanOrEqual(0.101);
    }
  });

  it('accept books the position at the tender price, without fee and without an /orders entry', async () => {
    s = await startSim({ scenario: { ...QUIET, ...NO_RATE_LIMIT } });
    const t = (await post<Tender>(s, '/sim/tender', { action: 'BUY', quantity: 50_000, price: 24.9 })).body;
    expect((await get<Tender[]>(s, '/tenders')).body).toEqual([t]);
    const wrong = await post(s, `/tenders/${t.tender_id}`, { price: 25.5 });
    expect(wrong.status).toBe(400);
    const ok = await post(s, `/tenders/${t.tender_id}`, { price: 24.9 });
    expect(ok.body).toEqual({ success: true });
    const a = await account();
    expect(ritcOf(a).position).toBe(50_000);
    expect(ritcOf(a).vwap).toBeCloseTo(24.9, 10);
    expect(ritcOf(a).fees).toBe(0);
    expect(a.cash.USD).toBeCloseTo(-50_000 * 24.9, 6);
    expect((await get<Order[]>(s, '/orders', { status: 'TRANSACTED' })).body).toEqual([]);
    expect((await get<Tender[]>(s, '/tenders')).body).toEqual([]);
    const again = await post(s, `/tenders/${t.tender_id}`);
    expect(again.status).toBe(400);
    expect(again.body.code).toBe('TENDER_NOT_ACTIVE');
    expect((await post(s, '/tenders/424242')).status).toBe(404);
    // Latency record: posted, then decided.
    const lat = (await get(s, '/sim/latency')).body.events;
    const ev = lat.find((e: { kind: string; id: number }) => e.kind === 'tender' && e.id === t.tender_id);
    expect(ev.decision).toBe('ACCEPT');
    expect(ev.decision_reaction_ms).toBeGreaterThanOrEqual(0);
    // First seen by the GET /tenders right after the post, before the accept arrived.
    expect(ev.first_seen_at_ms).toBeGreaterThanOrEqual(ev.posted_at_ms);
    expect(ev.seen_reaction_ms).toBeLessThanOrEqual(ev.decision_reaction_ms);
    expect(ev.first_seen_at_ms).toBeLessThanOrEqual(ev.decision_at_ms);
  });

  it('accept without price works for a fixed-bid tender; a SELL tender moves the other way', async () => {
    s = await startSim({ scenario: { ...QUIET, ...NO_RATE_LIMIT } });
    const t = (await post<Tender>(s, '/sim/tender', { action: 'SELL', quantity: 20_000, price: 25.3 })).body;
    expect((await post(s, `/tenders/${t.tender_id}`)).status).toBe(200);
    const a = await account();
    expect(ritcOf(a).position).toBe(-20_000);
    expect(a.cash.USD).toBeCloseTo(20_000 * 25.3, 6);
  });

  it('decline removes it; expiry removes it after the window', async () => {
    s = await startSim({ scenario: { ...QUIET, ...NO_RATE_LIMIT } });
    const t1 = (await post<Tender>(s, '/sim/tender', { action: 'BUY', quantity: 10_000 })).body;
    expect((await del(s, `/tenders/${t1.tender_id}`)).body).toEqual({ success: true });
    expect((await get<Tender[]>(s, '/tenders')).body).toEqual([]);
    const t2 = (await post<Tender>(s, '/sim/tender', { action: 'BUY', quantity: 10_000 })).body;
    s.advance(5);
    expect((await get<Tender[]>(s, '/tenders')).body.map((x) => x.tender_id)).toEqual([t2.tender_id]);
    s.advance(1);
    expect((await get<Tender[]>(s, '/tenders')).body).toEqual([]);
    const late = await post(s, `/tenders/${t2.tender_id}`);
    expect(late.status).toBe(400);
    expect(late.body.code).toBe('TENDER_NOT_ACTIVE');
  });

  it('refuses an accept that would breach enforced limits', async () => {
    s = await startSim({ scenario: { ...QUIET, ...NO_RATE_LIMIT } });
    const t = (await post<Tender>(s, '/sim/tender', { action: 'BUY', quantity: 100_001 })).body;
    const r = await post(s, `/tenders/${t.tender_id}`);
    expect(r.status).toBe(422);
    expect(r.body.code).toBe('LIMIT_EXCEEDED');
    expect(ritcOf(await account()).position).toBe(0);
    expect((await get<Tender[]>(s, '/tenders')).body).toHaveLength(1);
  });
});
