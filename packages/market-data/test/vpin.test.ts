import { FeedIndicators, defaultVpinFactory, F, SLOT_FIELD_COUNT } from '@ritc/market-data';

describe('the feed VPIN (defaultVpinFactory = @ritc/quant StreamingVpin)', () => {
  it('matches the golden values |2Φ(z) − 1| for a constant standardised change', () => {
    for (const [z, golden] of [
      [0.5, 0.38292492254802624],
      [1, 0.6826894921370859],
      [2, 0.9544997361036416],
    ] as const) {
      const v = defaultVpinFactory()({ bucketVolume: 1000, window: 5, sigma: 1 });
      for (let i = 0; i < 20; i++) v.addBar({ volume: 700, priceChange: z, tick: i, timeMs: i * 1000 });
      expect(v.state.vpin).toBeCloseTo(golden, 10);
      expect(v.state.signedImbalance).toBeCloseTo(golden, 10);
    }
  });
});

describe('FeedIndicators', () => {
  const opts = { window: 2, calibrationTicks: 4, ticksPerBucket: 2, midWindowTicks: 10 };
  it('calibrates the bucket size from the first ticks and then produces VPIN', () => {
    const ind = new FeedIndicators(opts, defaultVpinFactory());
    const out = new Float64Array(SLOT_FIELD_COUNT);
    let id = 1;
    for (let tick = 1; tick <= 12; tick++) {
      ind.onPrint({ id: id++, period: 1, tick, price: 10 + tick * 0.01, quantity: 600 }, tick * 1000);
      ind.onPrint({ id: id++, period: 1, tick, price: 10 + tick * 0.01, quantity: 400 }, tick * 1000 + 500);
      ind.onMid(10 + tick * 0.01, tick);
      ind.onClock(tick + 1);
    }
    ind.fill(out);
    expect(out[F.bucketVolume]).toBe(2000); // 1000 shares/tick × 2 ticks per bucket
    expect(out[F.bucketsCompleted]).toBeGreaterThanOrEqual(5);
    expect(out[F.vpin]).toBeGreaterThan(0);
    expect(out[F.vpin]).toBeLessThanOrEqual(1);
    expect(out[F.buyFraction]).toBeGreaterThan(0.5); // prices only rise
    expect(out[F.bucketDurationTicks]).toBeCloseTo(1, 6);
    expect(out[F.sigmaMidPerTick]).toBeCloseTo(0, 9); // constant +0.01 per tick
    expect(Number.isFinite(out[F.longRunSigma])).toBe(true);
    ind.reset();
    ind.fill(out);
    expect(out[F.bucketVolume]).toBe(0);
    expect(Number.isNaN(out[F.vpin])).toBe(true);
  });

  it('uses a fixed bucket size when given', () => {
    const ind = new FeedIndicators({ ...opts, bucketVolume: 500 }, defaultVpinFactory());
    const out = new Float64Array(SLOT_FIELD_COUNT);
    ind.fill(out);
    expect(out[F.bucketVolume]).toBe(500);
  });
});
