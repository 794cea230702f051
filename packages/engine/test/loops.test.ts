import { at } from '@ritc/quant';
import { SnapshotSlots, SLOT_FIELD_COUNT, F } from '@ritc/market-data';
import { Loop } from '../src/lifecycle/loops';
import { LatencyRecorder } from '../src/runtime/latency';
import { TouchWatch, type TouchSource } from '../src/lifecycle/touch-watch';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function slotSource(slots: SnapshotSlots): TouchSource {
  return {
    touchVersion: (t) => slots.touchVersion(slots.indexOf(t)),
    waitForTouch: (t, since, ms) => slots.waitForTouch(slots.indexOf(t), since, ms),
    interrupt: (t) => slots.interruptTouchWaits(slots.indexOf(t)),
  };
}

function touch(bid: number, ask: number): Float64Array {
  const v = new Float64Array(SLOT_FIELD_COUNT).fill(NaN);
  v[F.bid] = bid;
  v[F.ask] = ask;
  v[F.flags] = 0;
  return v;
}

describe('Loop', () => {
  it('fixed rate: a run longer than the interval is not followed by a whole interval of waiting', async () => {
    const starts: number[] = [];
    // Each run takes 40 ms against a 50 ms interval: fixed rate starts every ~50 ms, fixed delay every ~90 ms.
    const mk = (fixedRate: boolean, into: number[]) =>
      new Loop(
        't',
        50,
        async () => {
          into.push(performance.now());
          await sleep(40);
        },
        () => {},
        fixedRate,
      );
    const delayStarts: number[] = [];
    const a = mk(true, starts),
      b = mk(false, delayStarts);
    a.start();
    b.start();
    await sleep(480);
    await Promise.all([a.stop(), b.stop()]);
    const gaps = (xs: number[]) => xs.slice(1).map((x, i) => x - at(xs, i));
    const median = (xs: number[]) =>
      at(
        [...xs].sort((p, q) => p - q),
        Math.floor(xs.length / 2),
      );
    expect(starts.length).toBeGreaterThan(delayStarts.length);
    expect(median(gaps(starts))).toBeLessThan(median(gaps(delayStarts)) - 20);
    expect(median(gaps(delayStarts))).toBeGreaterThanOrEqual(89);
  });

  it('counts errors without stopping', async () => {
    let n = 0;
    const errs: unknown[] = [];
    const l = new Loop(
      'e',
      1,
      () => {
        n++;
        if (n % 2) throw new Error('odd');
      },
      (_name, e) => errs.push(e),
    );
    l.start();
    while (n < 6) await sleep(2);
    await l.stop();
    expect(l.errors).toBeGreaterThanOrEqual(3);
    expect(l.runs).toBeGreaterThanOrEqual(2);
    expect(l.lastError).toBe('odd');
    expect(errs.length).toBe(l.errors);
  });
});

describe('TouchWatch', () => {
  it('runs its job when a watched touch moves, not when a publish leaves the touch as it was', async () => {
    const slots = SnapshotSlots.create(['RITC', 'BULL', 'BEAR']);
    let runs = 0;
    const w = new TouchWatch(
      'market',
      slotSource(slots),
      ['RITC', 'BULL'],
      () => {
        runs++;
      },
      () => {},
    );
    w.start();
    const ritc = slots.writer(0),
      bear = slots.writer(2);
    ritc.publish(touch(25, 25.02));
    await sleep(10);
    expect(runs).toBe(1);
    ritc.publish(touch(25, 25.02));
    bear.publish(touch(10, 10.02)); // not watched
    await sleep(10);
    expect(runs).toBe(1);
    ritc.publish(touch(25.01, 25.03));
    await sleep(10);
    expect(runs).toBe(2);
    expect(w.runs).toBe(2);
    await w.stop();
  });

  it('stops at once (its waits are interrupted) and reports a throwing job as an error', async () => {
    const slots = SnapshotSlots.create(['RITC']);
    const errors: unknown[] = [];
    const w = new TouchWatch(
      'market',
      slotSource(slots),
      ['RITC'],
      () => {
        throw new Error('boom');
      },
      (_n, e) => errors.push(e),
      60_000,
    );
    w.start();
    slots.writer(0).publish(touch(25, 25.02));
    await sleep(10);
    expect(w.errors).toBe(1);
    expect(w.lastError).toBe('boom');
    expect(errors).toHaveLength(1);
    const t0 = performance.now();
    await w.stop();
    expect(performance.now() - t0).toBeLessThan(1000); // not the 60 s wait timeout
  });
});

describe('LatencyRecorder', () => {
  it('answers percentiles over the ring, sorted once per new sample (a view asks for several)', () => {
    const r = new LatencyRecorder(4);
    expect(r.summary()).toEqual({ count: 0, p50: null, p99: null, max: null });
    for (const x of [30, 10, 20]) r.record(x);
    expect(r.summary()).toEqual({ count: 3, p50: 20, p99: 30, max: 30 });
    r.record(NaN); // ignored
    r.record(5);
    r.record(1); // the ring keeps the last 4: 10, 20, 5, 1
    expect(r.percentile(100)).toBe(20);
    expect(r.percentile(50)).toBe(5);
    expect(r.count).toBe(5);
    expect(r.lastSamples(2)).toEqual([5, 1]);
  });
});
