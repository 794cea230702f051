// Benchmarks of @ritc/quant's hot paths. Prints a table with targets.
// Run: npm run bench:quant   (build + node dist/scripts/bench-quant.js)
// Data are deterministic (MINSTD); timings on a shared 2-core VM are noisy: best of several runs.

import { writeBenchJson } from './lib/bench-output';
import {
  StreamingVpin,
  adfuller,
  at,
  computeOptimalVolume,
  last,
  minstd,
  normalQuantile,
  vpinFromBars,
} from '@ritc/quant';

interface Row {
  name: string;
  value: number;
  unit: string;
  target: string;
  ok: boolean;
}

function nowNs(): bigint {
  return process.hrtime.bigint();
}

/** Best (minimum) seconds per run of fn over `runs` repetitions after a warm-up. */
function best(runs: number, fn: () => void): number {
  fn();
  let min = Infinity;
  for (let r = 0; r < runs; r++) {
    const t = nowNs();
    fn();
    min = Math.min(min, Number(nowNs() - t) / 1e9);
  }
  return min;
}

function makeBars(n: number, seed: number): { volume: Float64Array; change: Float64Array } {
  const u = minstd(seed);
  const volume = new Float64Array(n);
  const change = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    volume[i] = 1 + Math.floor(u() * 2000);
    change[i] = 0.01 * normalQuantile(u());
  }
  return { volume, change };
}

const rows: Row[] = [];
let sink = 0; // keeps results observable so the JIT cannot drop the work

// 1. Streaming VPIN updates/s (expanding σ, the worker's default mode).
{
  const N = 2_000_000;
  const { volume, change } = makeBars(4096, 1);
  const s = new StreamingVpin({ bucketVolume: 5000, window: 50 });
  const sec = best(5, () => {
    for (let i = 0; i < N; i++) sink += s.addBarValues(at(volume, i & 4095), at(change, i & 4095));
  });
  const perSec = N / sec;
  rows.push({
    name: 'streaming VPIN addBar (expanding σ)',
    value: perSec / 1e6,
    unit: 'M updates/s',
    target: '≥ 5',
    ok: perSec >= 5e6,
  });
  const objs = Array.from({ length: 4096 }, (_, i) => ({ volume: at(volume, i), priceChange: at(change, i) }));
  const f = new StreamingVpin({ bucketVolume: 5000, window: 50, sigma: 0.01 });
  const sec2 = best(5, () => {
    for (let i = 0; i < N; i++) sink += f.addBar(at(objs, i & 4095));
  });
  rows.push({
    name: 'streaming VPIN addBar({…}) (fixed σ)',
    value: N / sec2 / 1e6,
    unit: 'M updates/s',
    target: '≥ 5',
    ok: N / sec2 >= 5e6,
  });
}

// 2. Batch VPIN over 100,000 bars.
{
  const { volume, change } = makeBars(100_000, 2);
  const bars = Array.from(volume, (v, i) => ({ volume: v, priceChange: at(change, i) }));
  const sec = best(5, () => {
    sink += vpinFromBars(bars, { bucketVolume: 2000, window: 50 }).vpin.length;
  });
  rows.push({ name: 'batch vpinFromBars, 100,000 bars', value: sec * 1e3, unit: 'ms', target: '—', ok: true });
}

// 3. ADF with autolag on 1,000 points (AR(1), maxlag 22 → 23 candidate fits).
{
  const u = minstd(3);
  const x: number[] = [0];
  for (let i = 1; i < 1000; i++) x.push(0.9 * last(x) + normalQuantile(u()));
  const reps = 20;
  const sec = best(5, () => {
    for (let r = 0; r < reps; r++) sink += adfuller(x).statistic;
  });
  const us = (sec / reps) * 1e6;
  rows.push({ name: 'adfuller(1,000 points, autolag AIC)', value: us, unit: 'µs', target: '< 5000', ok: us < 5000 });
}

// 4. computeOptimalVolume calls/s (parameters cycling through all branches).
{
  const N = 1_000_000;
  const vbs = [0.5, 0.4, 0.99, 0.3, 0.62, 0.05];
  const ms = [1000, -1000, 2500, -400];
  const sec = best(5, () => {
    for (let i = 0; i < N; i++)
      sink += computeOptimalVolume(at(ms, i & 3), 0.8, at(vbs, i % 6), 1000, 10000, 10000, -1.644853627, 0);
  });
  rows.push({ name: 'computeOptimalVolume', value: N / sec / 1e6, unit: 'M calls/s', target: '—', ok: true });
}

const w = [40, 12, 12, 9, 5];
const line = (c: string[]) => c.map((s, i) => (i === 0 ? s.padEnd(at(w, i)) : s.padStart(at(w, i)))).join('  ');
console.log(line(['benchmark', 'value', 'unit', 'target', 'ok']));
console.log(line(w.map((n) => '-'.repeat(n))));
for (const r of rows)
  console.log(line([r.name, r.value.toFixed(r.value < 10 ? 2 : 0), r.unit, r.target, r.ok ? 'yes' : 'NO']));
console.log(`\n(node ${process.version}; checksum ${sink.toFixed(3)})`);
writeBenchJson(
  rows.map((r) => ({
    group: 'quant',
    name: r.name,
    value: r.value,
    unit: r.unit,
    ...(r.target !== '—' ? { target: r.target, pass: r.ok } : {}),
  })),
);
if (rows.some((r) => !r.ok)) process.exitCode = 1;
