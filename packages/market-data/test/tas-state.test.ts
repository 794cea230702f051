import { TasState } from '@ritc/market-data';

const p = (id: number, price = 10, quantity = 100, period = 1, tick = 1) => ({ id, period, tick, price, quantity });

describe('TasState', () => {
  it('ingests newest-first batches in id order and de-duplicates', () => {
    const s = new TasState(8);
    s.reset(1);
    const r1 = s.ingest([p(3, 10.2, 300), p(2, 10.1, 200), p(1, 10, 100)]);
    expect(r1.fresh.map((x) => x.id)).toEqual([1, 2, 3]);
    expect(s.lastId).toBe(3);
    const r2 = s.ingest([p(5, 10.3), p(3, 10.2, 300), p(3, 10.2, 300), p(2)]);
    expect(r2.fresh.map((x) => x.id)).toEqual([5]);
    expect(r2.duplicates).toBe(3);
    expect(s.volume).toBe(700);
    expect(s.tradeCount).toBe(4);
    expect(s.last).toBe(10.3);
    expect(s.vwap).toBeCloseTo((1000 + 2020 + 3060 + 1030) / 700, 12);
  });

  it('counts malformed entries and rejects a non-list payload', () => {
    const s = new TasState();
    s.reset(1);
    const r = s.ingest([p(1), { id: 2, price: 'x' }, null, p(3, NaN), p(4, 10, -5)]);
    expect(r.fresh.map((x) => x.id)).toEqual([1]);
    expect(r.malformed).toBe(4);
    expect(() => s.ingest({ id: 1 })).toThrow(/MD_MALFORMED_TAS/);
  });

  it('reports a newer period without ingesting it, drops older periods', () => {
    const s = new TasState();
    s.reset(2);
    expect(s.ingest([p(1, 10, 100, 3)]).newPeriod).toBe(3);
    expect(s.tradeCount).toBe(0);
    const r = s.ingest([p(9, 10, 100, 1), p(1, 10, 100, 2)]);
    expect(r.fresh.map((x) => x.id)).toEqual([1]);
    expect(r.duplicates).toBe(1);
  });

  it('keeps memory flat: the history ring is bounded', () => {
    const s = new TasState(16);
    s.reset(1);
    for (let i = 1; i <= 1000; i++) s.ingest([p(i)]);
    expect(s.recent.length).toBe(16);
    expect(s.recent.toArray(1).map((t) => t.id)).toEqual([1000]);
    expect(s.tradeCount).toBe(1000);
  });
});
