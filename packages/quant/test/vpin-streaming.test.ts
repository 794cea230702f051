import fc from 'fast-check';
import { at, normalCdf, StreamingVpin, vpinFromBars, Welford } from '../src';
import { expectRel } from './helpers';
import { referenceBuckets } from './vpin-ref';

const barArb = fc.record({
  volume: fc.integer({ min: 0, max: 1500 }),
  priceChange: fc.double({ min: -3, max: 3, noNaN: true }),
});

describe('StreamingVpin', () => {
  test('property: equals the batch function on the same bars (fixed σ), bucket by bucket', () => {
    fc.assert(
      fc.property(
        fc.array(barArb, { minLength: 2, maxLength: 150 }),
        fc.integer({ min: 50, max: 2000 }),
        fc.integer({ min: 1, max: 15 }),
        (bars, V, n) => {
          const batch = vpinFromBars(bars, { bucketVolume: V, window: n });
          if (!(batch.sigma > 0)) return; // σ → 0⁺ limit covered elsewhere
          const s = new StreamingVpin({ bucketVolume: V, window: n, sigma: batch.sigma });
          let done = 0;
          for (const b of bars) {
            done += s.addBar(b);
            const st = s.state;
            expect(st.bucketsCompleted).toBe(done);
            if (done > 0) {
              const bb = at(batch.buckets, done - 1);
              expectRel(st.lastBucket!.buyVolume, bb.buyVolume, 1e-12);
              expectRel(st.lastBucket!.orderImbalance, bb.orderImbalance, 1e-9);
            }
            if (done >= n) expectRel(st.vpin!, at(batch.vpin, done - n), 1e-12);
            else expect(st.vpin).toBeNull();
          }
          expect(done).toBe(batch.buckets.length);
        },
      ),
      { numRuns: 300 },
    );
  });

  test('expanding σ: each bar is classified with the σ of all bars so far, frozen afterwards', () => {
    const changes = [0.4, -0.2, 0.1, 0.3, -0.5, 0.05, 0.2, -0.1, 0.6, -0.3];
    const volumes = [30, 50, 20, 70, 40, 10, 90, 60, 30, 50];
    const V = 75;
    const s = new StreamingVpin({ bucketVolume: V, window: 2 });
    const w = new Welford();
    const fractions: number[] = [];
    const snapshots: number[] = [];
    changes.forEach((d, i) => {
      w.push(d);
      const sig = w.std;
      fractions.push(Number.isFinite(sig) && sig > 0 ? normalCdf(d / sig) : d > 0 ? 1 : d < 0 ? 0 : 0.5);
      if (s.addBar({ volume: at(volumes, i), priceChange: d }) > 0) snapshots.push(s.state.lastBucket!.buyVolume);
      if (i >= 1) expectRel(s.state.sigma!, sig, 1e-14);
    });
    const ref = referenceBuckets(volumes, fractions, V);
    expect(s.bucketsCompleted).toBe(ref.count);
    // lastBucket after each completing bar is the newest bucket completed by that bar
    expect(snapshots.length).toBeGreaterThan(3);
    const st = s.state;
    expectRel(st.lastBucket!.buyVolume, at(ref.buy, ref.count - 1), 1e-12);
    const oi = ref.buy.map((b) => Math.abs(V - 2 * b));
    expectRel(st.vpin!, (at(oi, ref.count - 2) + at(oi, ref.count - 1)) / (2 * V), 1e-12);
  });

  test('signed imbalance and buy fraction carry the flow direction VPIN lacks', () => {
    const up = new StreamingVpin({ bucketVolume: 100, window: 3, sigma: 1 });
    const down = new StreamingVpin({ bucketVolume: 100, window: 3, sigma: 1 });
    for (let i = 0; i < 10; i++) {
      up.addBar({ volume: 50, priceChange: 1 });
      down.addBar({ volume: 50, priceChange: -1 });
    }
    const u = up.state;
    const d = down.state;
    expectRel(u.vpin!, d.vpin!, 1e-15);
    expectRel(u.signedImbalance!, 2 * normalCdf(1) - 1, 1e-14);
    expectRel(d.signedImbalance!, -(2 * normalCdf(1) - 1), 1e-13);
    expectRel(u.buyFraction!, normalCdf(1), 1e-14);
    expectRel(u.lastBucket!.signedImbalance, 2 * normalCdf(1) - 1, 1e-14);
  });

  test('bucket durations in ticks and ms, and per-bucket price-change std', () => {
    const s = new StreamingVpin({ bucketVolume: 100, window: 2, sigma: 1 });
    // 40-share bars at ticks 0..4: bucket 1 = ticks 0,1,2 (20 of the tick-2 bar), bucket 2 = ticks 2,3,4.
    const dps = [0.1, 0.2, -0.4, 0.3, 0.5];
    dps.forEach((dp, t) => s.addBar({ volume: 40, priceChange: dp, tick: t, timeMs: 1000 * t + 5 }));
    const st = s.state;
    expect(st.bucketsCompleted).toBe(2);
    expect(st.lastBucket).toMatchObject({
      startTick: 2,
      endTick: 4,
      durationTicks: 2,
      startMs: 2005,
      endMs: 4005,
      durationMs: 2000,
    });
    expect(st.meanBucketDurationTicks).toBe(2);
    expect(st.meanBucketDurationMs).toBe(2000);
    // bucket ΔP: pro rata to the volume split of the straddling bar
    const b1 = 0.1 + 0.2 + -0.4 * 0.5;
    const b2 = -0.4 * 0.5 + 0.3 + 0.5;
    const m = (b1 + b2) / 2;
    expectRel(st.bucketPriceChangeStd!, Math.sqrt(((b1 - m) ** 2 + (b2 - m) ** 2) / 1), 1e-12);
  });

  test('default ticks are the bar sequence; ms durations are null without times', () => {
    const s = new StreamingVpin({ bucketVolume: 10, window: 1, sigma: 1 });
    for (let i = 0; i < 4; i++) s.addBar({ volume: 5, priceChange: 0 });
    const st = s.state;
    expect(st.lastBucket).toMatchObject({ startTick: 2, endTick: 3, durationTicks: 1, durationMs: null });
    expect(st.meanBucketDurationMs).toBeNull();
  });

  test('trades aggregated per tick equal the same bars fed directly', () => {
    const trades: Array<[number, number, number]> = [
      [10.0, 30, 1],
      [10.1, 20, 1],
      [10.05, 60, 2],
      [9.9, 40, 3],
      [9.95, 10, 3],
      [10.2, 90, 5],
      [10.25, 50, 6],
    ];
    const a = new StreamingVpin({ bucketVolume: 60, window: 2, sigma: 0.1 });
    for (const [p, q, t] of trades) a.addTrade(p, q, t, t * 1000);
    a.flushBar();
    const bars = [
      { volume: 50, priceChange: 10.1 - 10.0, tick: 1 },
      { volume: 60, priceChange: 10.05 - 10.1, tick: 2 },
      { volume: 50, priceChange: 9.95 - 10.05, tick: 3 },
      { volume: 90, priceChange: 10.2 - 9.95, tick: 5 },
      { volume: 50, priceChange: 10.25 - 10.2, tick: 6 },
    ];
    const b = new StreamingVpin({ bucketVolume: 60, window: 2, sigma: 0.1 });
    for (const bar of bars) b.addBar({ ...bar, timeMs: bar.tick * 1000 });
    expect(a.state).toEqual(b.state);
    expect(() => a.addTrade(10, 1, 4)).not.toThrow(); // new bar after flush
    expect(() => a.addTrade(10, 1, 3)).toThrow(/tick went backwards/);
  });

  test('reset() forgets everything', () => {
    const s = new StreamingVpin({ bucketVolume: 10, window: 1 });
    for (let i = 0; i < 10; i++) s.addBar({ volume: 7, priceChange: (i % 3) - 1 });
    s.reset();
    const st = s.state;
    expect(st).toMatchObject({ vpin: null, bucketsCompleted: 0, sigma: null, lastBucket: null, signedImbalance: null });
  });

  test('memory stays bounded: a long stream keeps only the window', () => {
    const s = new StreamingVpin({ bucketVolume: 100, window: 5, sigma: 1 });
    for (let i = 0; i < 200_000; i++) s.addBar({ volume: 37, priceChange: (i % 7) - 3 });
    const st = s.state;
    expect(st.bucketsCompleted).toBe(Math.floor((200_000 * 37) / 100));
    expect(st.vpin).toBeGreaterThanOrEqual(0);
    expect(st.vpin).toBeLessThanOrEqual(1);
  });

  test('bad input gets a clear error', () => {
    expect(() => new StreamingVpin({ bucketVolume: -1, window: 3 })).toThrow(/bucketVolume must be > 0/);
    const s = new StreamingVpin({ bucketVolume: 10, window: 3 });
    expect(() => s.addBar({ volume: NaN, priceChange: 0 })).toThrow(/volume must be a finite number/);
    expect(() => s.addBar({ volume: 1, priceChange: NaN })).toThrow(/priceChange must be a finite number/);
    expect(() => s.addBar({ volume: -1, priceChange: 0 })).toThrow(/volume must be ≥ 0/);
    expect(s.bucketsCompleted).toBe(0);
  });
});
