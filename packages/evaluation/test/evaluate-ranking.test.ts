import fc from 'fast-check';
import { bootstrapMeanInterval, pairedRecord, rankBySeed, tQuantile975 } from '../src/evaluate';

const bySeed = (xs: number[]): Map<number, number> => new Map(xs.map((v, i) => [i + 1, v]));

describe('rankBySeed (RITC: rank each heat, average the ranks)', () => {
  it('ranks each seed by P&L, best first, and averages over seeds', () => {
    const r = rankBySeed({ engine: bySeed([10, 5, 30]), reference: bySeed([20, 1, 10]), nothing: bySeed([0, 0, 0]) });
    expect(r.perSeed.map((s) => s.ranks)).toEqual([
      { reference: 1, engine: 2, nothing: 3 },
      { engine: 1, reference: 2, nothing: 3 },
      { engine: 1, reference: 2, nothing: 3 },
    ]);
    expect(r.averageRank.engine).toBeCloseTo(4 / 3, 12);
    expect(r.averageRank.reference).toBeCloseTo(5 / 3, 12);
    expect(r.averageRank.nothing).toBe(3);
  });

  it('gives tied bots the average of their places and skips bots without a result', () => {
    const r = rankBySeed({ a: bySeed([7, 1]), b: bySeed([7]), c: bySeed([3, 2]) });
    expect(r.perSeed[0]?.ranks).toEqual({ a: 1.5, b: 1.5, c: 3 });
    expect(r.perSeed[1]?.ranks).toEqual({ c: 1, a: 2 });
    expect(r.averageRank.b).toBe(1.5);
  });

  it('ranks on a seed always sum to 1 + 2 + … + n', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 1, maxLength: 6 }), (pnls) => {
        const r = rankBySeed(Object.fromEntries(pnls.map((v, i) => [`bot${i}`, new Map([[1, v]])])));
        const sum = Object.values(r.perSeed[0]?.ranks ?? {}).reduce((s, x) => s + x, 0);
        expect(sum).toBeCloseTo((pnls.length * (pnls.length + 1)) / 2, 9);
      }),
    );
  });
});

describe('pairedRecord', () => {
  it('counts wins (a tie is half), the ratio of means and the paired t interval', () => {
    const rec = pairedRecord('engine', bySeed([30, 10, 20, 5]), 'reference', bySeed([10, 10, 25, 1]));
    expect(rec.seeds).toBe(4);
    expect(rec.wins).toBe(2.5);
    expect(rec.winRate).toBeCloseTo(0.625, 12);
    expect(rec.meanRatio).toBeCloseTo(65 / 46, 12);
    // diffs 20, 0, −5, 4: mean 4.75, sd √(Σ(d−m)²/3)
    const sd = Math.sqrt((15.25 ** 2 + 4.75 ** 2 + 9.75 ** 2 + 0.75 ** 2) / 3);
    expect(rec.diff.mean).toBeCloseTo(4.75, 12);
    const t3 = 3.182446305284263; // t(0.975, 3)
    expect(rec.tInterval?.[0]).toBeCloseTo(4.75 - (t3 * sd) / 2, 6);
    expect(rec.tInterval?.[1]).toBeCloseTo(4.75 + (t3 * sd) / 2, 6);
  });

  it('pairs by seed only and has no ratio against a baseline whose mean is not positive', () => {
    const rec = pairedRecord(
      'engine',
      new Map([
        [1, 5],
        [2, 6],
        [9, 100],
      ]),
      'nothing',
      new Map([
        [1, 0],
        [2, 0],
      ]),
    );
    expect(rec.seeds).toBe(2);
    expect(rec.meanRatio).toBeNull();
    expect(rec.wins).toBe(2);
  });
});

describe('intervals', () => {
  it('t(0.975, df) matches tables and tends to the normal quantile', () => {
    expect(tQuantile975(1)).toBeCloseTo(12.706, 3);
    expect(tQuantile975(19)).toBeCloseTo(2.093, 3);
    expect(Math.abs(tQuantile975(60) - 2.0003)).toBeLessThan(2e-3);
    expect(Math.abs(tQuantile975(1e6) - 1.96)).toBeLessThan(1e-3);
  });

  it('the bootstrap interval is reproducible, holds the mean, and narrows with more data', () => {
    const small = [5, -3, 8, 1, 12, -7, 4, 2];
    const a = bootstrapMeanInterval(small, 4000, 7);
    expect(a).toEqual(bootstrapMeanInterval(small, 4000, 7));
    const mean = small.reduce((s, x) => s + x, 0) / small.length;
    expect(a?.[0]).toBeLessThan(mean);
    expect(a?.[1]).toBeGreaterThan(mean);
    const big = Array.from({ length: 16 }, () => small).flat();
    const b = bootstrapMeanInterval(big, 4000, 7);
    expect((b?.[1] ?? 0) - (b?.[0] ?? 0)).toBeLessThan(((a?.[1] ?? 0) - (a?.[0] ?? 0)) / 2);
    expect(bootstrapMeanInterval([1])).toBeNull();
  });
});
