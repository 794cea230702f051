import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { SLOT_FIELD_COUNT, SnapshotSlots, F, type Snapshot } from '@ritc/market-data';

const base: Omit<Snapshot, 'ticker' | 'version'> = {
  period: 1,
  tick: 1,
  monoMs: 0,
  bid: 25,
  ask: 25.02,
  bidSize: 1,
  askSize: 1,
  mid: 25.01,
  depthBid: 1,
  depthAsk: 1,
  bookImbalance: 0,
  last: null,
  lastSize: 0,
  volume: 0,
  vpin: null,
  signedImbalance: null,
  buyFraction: null,
  sigmaMidPerTick: null,
  sigmaPerBucket: null,
  bucketVolume: 0,
  bucketDurationTicks: null,
  bucketDurationMs: null,
  longRunSigma: null,
  flags: { stale: false, empty: false, oneSided: false, inactive: false },
  vwap: null,
  tradeCount: 0,
  lastPrintId: 0,
  bucketsCompleted: 0,
};

const values = (bid: number, ask: number): Float64Array => {
  const v = new Float64Array(SLOT_FIELD_COUNT).fill(NaN);
  v[F.bid] = bid;
  v[F.ask] = ask;
  v[F.flags] = 0;
  return v;
};

describe('slot touch notifications', () => {
  it('counts a touch move only when bid, ask or flags change, not on every publish', () => {
    const slots = SnapshotSlots.create(['RITC', 'BULL']);
    const w = slots.writer(0);
    expect(slots.touchVersion(0)).toBe(0);
    w.publish(values(25, 25.02));
    expect(slots.touchVersion(0)).toBe(1);
    w.publish(values(25, 25.02)); // same touch, new poll
    w.publish(values(25, 25.02));
    expect(slots.touchVersion(0)).toBe(1);
    expect(slots.readSnapshot(0).version).toBe(3);
    w.publish(values(25.01, 25.02));
    expect(slots.touchVersion(0)).toBe(2);
    const stale = values(25.01, 25.02);
    stale[F.flags] = 1;
    w.publish(stale);
    expect(slots.touchVersion(0)).toBe(3);
    // The other slot's counter is its own.
    expect(slots.touchVersion(1)).toBe(0);
    // A Snapshot-shaped publish goes through the same path.
    w.publishSnapshot({ ...base, bid: 30 });
    expect(slots.touchVersion(0)).toBe(4);
  });

  it('waitForTouch resolves true at once when the touch already moved, false on timeout', async () => {
    const slots = SnapshotSlots.create(['RITC']);
    const w = slots.writer(0);
    const since = slots.touchVersion(0);
    w.publish(values(25, 25.02));
    await expect(slots.waitForTouch(0, since, 1000)).resolves.toBe(true);
    const now = slots.touchVersion(0);
    w.publish(values(25, 25.02)); // no move: no wake
    await expect(slots.waitForTouch(0, now, 20)).resolves.toBe(false);
  });

  it('interruptTouchWaits wakes a waiter without a move', async () => {
    const slots = SnapshotSlots.create(['RITC']);
    const waiting = slots.waitForTouch(0, slots.touchVersion(0), 10_000);
    slots.interruptTouchWaits(0);
    await expect(waiting).resolves.toBe(true);
    expect(slots.touchVersion(0)).toBe(0);
  });

  it('a writer on another thread wakes a waiter on this one (no polling)', async () => {
    const slots = SnapshotSlots.create(['RITC', 'USD']);
    const since = slots.touchVersion(1);
    const woke = slots.waitForTouch(1, since, 25_000);
    const code = `
      const { workerData } = require('node:worker_threads');
      const { SlotWriter, SLOT_FIELD_COUNT, F } = require(workerData.modulePath);
      const w = new SlotWriter({ sab: workerData.sab, index: 1 });
      const v = new Float64Array(SLOT_FIELD_COUNT).fill(NaN);
      v[F.bid] = 1.33; v[F.ask] = 1.3302; v[F.flags] = 0;
      w.publish(v);`;
    const worker = new Worker(code, {
      eval: true,
      workerData: { modulePath: path.resolve(__dirname, '../dist/slots.js'), sab: slots.sab },
    });
    // A thread can take seconds to start on a loaded CI machine; a worker error fails the test with its message.
    const exited = new Promise<number>((resolve, reject) => {
      worker.once('error', reject);
      worker.once('exit', resolve);
    });
    await expect(exited).resolves.toBe(0);
    await expect(woke).resolves.toBe(true);
    expect(slots.touchVersion(1)).toBe(since + 1);
    expect(slots.readSnapshot(1).bid).toBe(1.33);
  }, 30_000);
});
