import fc from 'fast-check';
import {
  F,
  SLOT_FIELD_COUNT,
  SLOT_FIELDS,
  SLOT_STRIDE_BYTES,
  SnapshotSlots,
  MarketDataError,
  snapshotToValues,
  readSlot,
  type Snapshot,
} from '@ritc/market-data';

const base: Omit<Snapshot, 'ticker' | 'version'> = {
  period: 1,
  tick: 42,
  monoMs: 1e12,
  bid: 24.99,
  ask: 25.01,
  bidSize: 500,
  askSize: 700,
  mid: 25,
  depthBid: 10_000,
  depthAsk: 8_000,
  bookImbalance: 2000 / 18000,
  last: 25.0,
  lastSize: 300,
  volume: 123_400,
  vpin: 0.31,
  signedImbalance: -0.1,
  buyFraction: 0.45,
  sigmaMidPerTick: 0.02,
  sigmaPerBucket: 0.05,
  bucketVolume: 90_000,
  bucketDurationTicks: 3.2,
  bucketDurationMs: 3200,
  longRunSigma: 0.021,
  flags: { stale: false, empty: false, oneSided: true, inactive: false },
  vwap: 24.98,
  tradeCount: 77,
  lastPrintId: 991,
  bucketsCompleted: 12,
};

describe('SnapshotSlots', () => {
  it('lays slots out on 64-byte boundaries with every Snapshot number in the layout', () => {
    expect(SLOT_STRIDE_BYTES % 64).toBe(0);
    expect(SLOT_STRIDE_BYTES).toBeGreaterThanOrEqual(8 + 8 * SLOT_FIELD_COUNT);
    for (const k of Object.keys(base)) {
      if (k !== 'flags') expect(SLOT_FIELDS as readonly string[]).toContain(k);
    }
    const slots = SnapshotSlots.create(['RITC', 'BULL']);
    expect(slots.sab.byteLength).toBe(2 * SLOT_STRIDE_BYTES);
  });

  it('reports version 0 and nulls (never NaN) for a slot never written', () => {
    const slots = SnapshotSlots.create(['RITC']);
    const s = slots.readSnapshot(0);
    expect(s.version).toBe(0);
    expect(s.ticker).toBe('RITC');
    expect(s.bid).toBeNull();
    expect(s.mid).toBeNull();
    expect(s.vpin).toBeNull();
    for (const v of Object.values(s)) if (typeof v === 'number') expect(Number.isNaN(v)).toBe(false);
  });

  it('round-trips a snapshot and counts versions', () => {
    const slots = SnapshotSlots.create(['RITC', 'BULL']);
    const w = slots.writer(1);
    w.publishSnapshot(base);
    w.publishSnapshot({ ...base, tick: 43 });
    const s = slots.readSnapshotOf('BULL');
    expect(s).toEqual({ ...base, tick: 43, ticker: 'BULL', version: 2 });
    expect(slots.readSnapshot(0).version).toBe(0); // neighbours untouched
    const scratch = new Float64Array(SLOT_FIELD_COUNT);
    expect(slots.readInto(1, scratch)).toBe(2);
    expect(scratch[F.bid]).toBe(24.99);
    // another thread's view built from the descriptor sees the same
    expect(SnapshotSlots.attach(slots.descriptor).readSnapshot(1)).toEqual(s);
    expect(readSlot(slots.ref(1), 'BULL')).toEqual(s);
  });

  it('round-trips arbitrary doubles and maps NaN to null', () => {
    const slots = SnapshotSlots.create(['X']);
    const w = slots.writer(0);
    fc.assert(
      fc.property(fc.double(), fc.double({ noNaN: true }), (bid, ask) => {
        w.publishSnapshot({ ...base, bid: Number.isNaN(bid) ? null : bid, ask });
        const s = slots.readSnapshot(0);
        expect(s.bid).toBe(Number.isNaN(bid) ? null : bid);
        expect(s.ask).toBe(ask);
      }),
    );
  });

  it('repairs a slot left mid-write by a dead writer when a new writer attaches', () => {
    const slots = SnapshotSlots.create(['X']);
    slots.writer(0).publishSnapshot(base);
    const seq = new Int32Array(slots.sab);
    Atomics.add(seq, 0, 1); // the writer "died" between begin and end
    expect(() => slots.readInto(0, new Float64Array(SLOT_FIELD_COUNT))).toThrow(/MD_SLOT_BUSY/);
    const w2 = slots.writer(0);
    w2.publishSnapshot({ ...base, tick: 7 });
    expect(slots.readSnapshot(0).tick).toBe(7);
  }, 20_000);

  it('rejects bad indices, tickers and descriptors', () => {
    const slots = SnapshotSlots.create(['A']);
    expect(() => slots.writer(1)).toThrow(MarketDataError);
    expect(() => slots.indexOf('B')).toThrow(/no slot/);
    expect(() => SnapshotSlots.create(['A', 'A'])).toThrow(/duplicate/);
    expect(() => SnapshotSlots.attach({ sab: slots.sab, tickers: ['A', 'B'] })).toThrow(/layout/);
    expect(snapshotToValues(base).length).toBe(SLOT_FIELD_COUNT);
  });
});
