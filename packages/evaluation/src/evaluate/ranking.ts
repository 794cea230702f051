/**
 * How RITC scores a heat: each heat's P&L is ranked across the teams and the ranks are averaged over
 * heats, so a bot that is second every time beats one that wins half the heats and comes last in the
 * rest. Here a seed is a heat and every bot that completed it is a team. Beside the ranks: the engine's
 * paired record against each baseline (win rate, ratio of means, and a confidence interval of the mean
 * paired difference by paired t and by a seeded bootstrap).
 */
import { studentTQuantile } from '../stats';
import { describe, type Describe } from './stats';

export interface SeedRanks {
  seed: number;
  /** bot → rank on this seed (1 = best P&L; ties share the average of their places). */
  ranks: Record<string, number>;
}

export interface RankSummary {
  perSeed: SeedRanks[];
  /** bot → mean rank over the seeds it completed (lower is better), or null when it completed none. */
  averageRank: Record<string, number | null>;
}

export interface PairedRecord {
  bot: string;
  baseline: string;
  seeds: number;
  /** Seeds where bot's P&L > baseline's, counting a tie as half. */
  wins: number;
  winRate: number | null;
  /** mean(bot) / mean(baseline) over the paired seeds; null when the baseline's mean is not > 0. */
  meanRatio: number | null;
  diff: Describe;
  /** 95% interval of the mean paired difference: mean ± t(0.975, n−1)·sd/√n. */
  tInterval: [number, number] | null;
  /** 95% percentile bootstrap interval of the mean paired difference (seeded resampling). */
  bootstrapInterval: [number, number] | null;
}

type PnlBySeed = ReadonlyMap<number, number>;

/** Ranks on each seed every bot that has a finite P&L for it. */
export function rankBySeed(pnl: Readonly<Record<string, PnlBySeed>>): RankSummary {
  const bots = Object.keys(pnl);
  const seeds = [...new Set(bots.flatMap((b) => [...(pnl[b]?.keys() ?? [])]))].sort((a, b) => a - b);
  const perSeed: SeedRanks[] = [];
  const sums = new Map<string, { sum: number; n: number }>();
  for (const seed of seeds) {
    const entries: { bot: string; v: number }[] = [];
    for (const bot of bots) {
      const v = pnl[bot]?.get(seed);
      if (v !== undefined && Number.isFinite(v)) entries.push({ bot, v });
    }
    entries.sort((a, b) => b.v - a.v);
    const ranks: Record<string, number> = {};
    for (let i = 0; i < entries.length;) {
      let j = i;
      while (j + 1 < entries.length && entries[j + 1]?.v === entries[i]?.v) j++;
      const shared = (i + 1 + (j + 1)) / 2; // places i+1 … j+1 share their average
      for (let k = i; k <= j; k++) {
        const e = entries[k];
        if (e === undefined) continue;
        ranks[e.bot] = shared;
        const s = sums.get(e.bot) ?? { sum: 0, n: 0 };
        s.sum += shared;
        s.n += 1;
        sums.set(e.bot, s);
      }
      i = j + 1;
    }
    perSeed.push({ seed, ranks });
  }
  const averageRank: Record<string, number | null> = {};
  for (const bot of bots) {
    const s = sums.get(bot);
    averageRank[bot] = s && s.n > 0 ? s.sum / s.n : null;
  }
  return { perSeed, averageRank };
}

/** Student's t quantile t(0.975, df): the half-width factor of a 95% interval. */
export function tQuantile975(df: number): number {
  return df >= 1 ? studentTQuantile(0.975, df) : Number.NaN;
}

/** A small seeded generator (mulberry32) so bootstrap intervals are reproducible run to run. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 95% percentile bootstrap interval of the mean of `xs`. */
export function bootstrapMeanInterval(xs: readonly number[], resamples = 10_000, seed = 1): [number, number] | null {
  const n = xs.length;
  if (n < 2) return null;
  const rand = mulberry32(seed);
  const means = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += xs[Math.floor(rand() * n)] ?? 0;
    means[r] = sum / n;
  }
  means.sort();
  const lo = means[Math.floor(0.025 * (resamples - 1))];
  const hi = means[Math.ceil(0.975 * (resamples - 1))];
  return lo === undefined || hi === undefined ? null : [lo, hi];
}

/** The paired record of `bot` against `baseline` over the seeds both completed. */
export function pairedRecord(bot: string, a: PnlBySeed, baseline: string, b: PnlBySeed): PairedRecord {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const [seed, x] of a) {
    const y = b.get(seed);
    if (y === undefined || !Number.isFinite(x) || !Number.isFinite(y)) continue;
    xs.push(x);
    ys.push(y);
  }
  const n = xs.length;
  const diffs = xs.map((x, i) => x - (ys[i] ?? Number.NaN));
  const wins = diffs.reduce((w, d) => w + (d > 0 ? 1 : d === 0 ? 0.5 : 0), 0);
  const meanA = describe(xs).mean;
  const meanB = describe(ys).mean;
  const diff = describe(diffs);
  const tInterval: [number, number] | null =
    diff.mean !== null && diff.sd !== null && n >= 2
      ? [
          diff.mean - (tQuantile975(n - 1) * diff.sd) / Math.sqrt(n),
          diff.mean + (tQuantile975(n - 1) * diff.sd) / Math.sqrt(n),
        ]
      : null;
  return {
    bot,
    baseline,
    seeds: n,
    wins,
    winRate: n > 0 ? wins / n : null,
    meanRatio: meanA !== null && meanB !== null && meanB > 0 ? meanA / meanB : null,
    diff,
    tInterval,
    bootstrapInterval: bootstrapMeanInterval(diffs),
  };
}
