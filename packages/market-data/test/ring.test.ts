import fc from 'fast-check';
import { Float64Ring, RecordRing } from '@ritc/market-data';

describe('ring buffers', () => {
  it('Float64Ring keeps the newest `capacity` values in order', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 16 }),
        fc.array(fc.double({ noNaN: true }), { maxLength: 100 }),
        (cap, xs) => {
          const r = new Float64Ring(cap);
          for (const x of xs) r.push(x);
          const expected = xs.slice(Math.max(0, xs.length - cap));
          expect(r.length).toBe(expected.length);
          expect(r.toArray()).toEqual(expected);
          if (expected.length > 0) expect(r.last()).toBe(expected[expected.length - 1]);
          expect(Number.isNaN(r.at(cap))).toBe(true);
        },
      ),
    );
  });

  it('RecordRing stores records column-wise and overwrites the oldest', () => {
    const r = new RecordRing(3, ['id', 'price'] as const);
    for (let i = 1; i <= 5; i++) r.push({ id: i, price: i * 10 });
    expect(r.toArray()).toEqual([
      { id: 3, price: 30 },
      { id: 4, price: 40 },
      { id: 5, price: 50 },
    ]);
    expect(r.toArray(1)).toEqual([{ id: 5, price: 50 }]);
    r.clear();
    expect(r.length).toBe(0);
  });

  it('rejects a non-positive capacity', () => {
    expect(() => new Float64Ring(0)).toThrow(RangeError);
    expect(() => new RecordRing(1.5, ['a'])).toThrow(RangeError);
  });
});
