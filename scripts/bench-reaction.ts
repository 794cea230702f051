/**
 * Reaction-latency benchmark: `npm run bench:reaction [-- --samples 100 --delays 0,5,20 --bot engine|naive]`.
 *
 * End to end by the simulator's clock (see scripts/lib/reaction.ts): tender posted → accept
 * arriving, and RITC pushed away from fair value → first arbitrage order arriving; p50 and p99 at
 * poll delays 0, 5 and 20 ms. Targets: p50 ≤ delay/2 + 2 ms, p99 ≤ delay + 5 ms.
 * `--bot naive` measures the naive baseline's tender reaction instead (a check of the harness).
 */
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { startNaiveBot } from '@ritc/evaluation';
import { lookupEngine } from '@ritc/evaluation';
import { writeBenchJson, type BenchRow } from './lib/bench-output';
import { measureReaction, reactionTargets, type StartBot } from './lib/reaction';
import { fmtNum, markdownTable } from './lib/table';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      samples: { type: 'string', default: '100' },
      delays: { type: 'string', default: '0,5,20' },
      bot: { type: 'string', default: 'engine' },
      kinds: { type: 'string', default: 'tender,shock' },
    },
  });
  const samples = Number(values.samples);
  const delays = String(values.delays).split(',').map(Number);
  const kinds = String(values.kinds).split(',') as ('tender' | 'shock')[];
  const bot = String(values.bot);
  const startBot: StartBot = bot === 'naive' ? startNaiveBot : lookupEngine();
  const rows: BenchRow[] = [];
  const table: string[][] = [];
  const simWorkerFile = path.resolve(__dirname, '..', 'sim.worker.js');
  for (const kind of kinds) {
    for (const d of delays) {
      const what = kind === 'tender' ? 'tender posted → accept' : 'RITC shock → first arb order';
      const t = reactionTargets(d);
      const name = `${what}, poll delay ${d} ms`;
      if (kind === 'shock' && bot === 'naive') continue; // the naive bot does not arbitrage
      try {
        const r = await measureReaction({ startBot, kind, pollDelayMs: d, samples, simWorkerFile });
        const ok50 = r.samples.length > 0 && r.p50Ms <= t.p50Ms;
        const ok99 = r.samples.length > 0 && r.p99Ms <= t.p99Ms;
        rows.push({
          group: 'reaction',
          name: `${name}: p50`,
          value: r.p50Ms,
          unit: 'ms',
          target: `<= ${t.p50Ms}`,
          pass: ok50,
          floor: 'http-rtt',
        });
        rows.push({
          group: 'reaction',
          name: `${name}: p99`,
          value: r.p99Ms,
          unit: 'ms',
          target: `<= ${t.p99Ms}`,
          pass: ok99,
          floor: 'http-rtt',
        });
        rows.push({
          group: 'reaction',
          name: `HTTP round trip while trading at poll delay ${d} ms (${kind} run): p50`,
          value: r.loadedRtt.p50Us,
          unit: 'µs',
          floor: 'http-rtt',
        });
        rows.push({
          group: 'reaction',
          name: `HTTP round trip while trading at poll delay ${d} ms (${kind} run): p99`,
          value: r.loadedRtt.p99Us,
          unit: 'µs',
        });
        table.push([
          `${name} (${bot})`,
          fmtNum(r.p50Ms, 2),
          fmtNum(r.p99Ms, 2),
          `${r.samples.length}/${r.samples.length + r.missed}`,
          `p50 <= ${t.p50Ms}, p99 <= ${t.p99Ms}`,
          ok50 && ok99 ? 'met' : 'MISSED',
          `${fmtNum(r.loadedRtt.p50Us / 1000, 2)} / ${fmtNum(r.loadedRtt.p99Us / 1000, 2)}`,
        ]);
      } catch (e) {
        table.push([name, '—', '—', '0', `failed: ${(e as Error).message}`, 'MISSED', '']);
        rows.push({
          group: 'reaction',
          name: `${name}: p50`,
          value: null,
          unit: 'ms',
          target: `<= ${t.p50Ms}`,
          pass: false,
          floor: 'http-rtt',
        });
      }
    }
  }
  console.log(
    markdownTable(
      [
        'reaction (simulator clock)',
        'p50 ms',
        'p99 ms',
        'reacted',
        'target',
        '',
        'HTTP RTT under this load p50 / p99 ms',
      ],
      table,
    ),
  );
  writeBenchJson(rows);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exitCode = 1;
});
