/**
 * Soak run (not in CI): `npm run soak [-- --ticks 3600 --tick-ms 20 --bot engine|naive --every 300]`.
 *
 * One long case at fast ticks against the simulator (in its own thread, so its memory is its own
 * row), printing resident memory (process RSS) and the V8 heap of every thread (after a full GC,
 * via the inspector) every 300 ticks. Memory must stay flat: growth under 10 % from the end of the
 * warm-up (tick 600) to the end, per engine thread and for the process. Exit code 1 otherwise.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { startSimWorker } from '@ritc/sim';
import { resolveConfig, runTrading, type RunDeps } from '@ritc/runner';
import { startNaiveBot } from '@ritc/evaluation';
import { lookupEngine } from '@ritc/evaluation';
import { growth, ThreadMemorySampler, type ThreadMemory } from '@ritc/evaluation';
import { fmtNum, markdownTable } from './lib/table';

const MB = 2 ** 20;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

interface Sample {
  tick: number;
  elapsedS: number;
  rss: number;
  threads: ThreadMemory[];
}

/** "[worker 3] feed:RITC" → "feed:RITC"; unnamed workers keep their number. */
function label(t: ThreadMemory, simTitle: string | null): string {
  if (t.thread === 'main') return 'main';
  if (simTitle && t.thread === simTitle) return 'sim (simulator thread)';
  const m = /^\[worker (\d+)\]\s*(.*)$/.exec(t.thread);
  const name = m?.[2]?.trim();
  const file = t.url ? path.basename(t.url) : '';
  const role = file === 'security-feed.worker.js' ? 'security feed' : file === 'worker.js' ? 'strategy pool' : file;
  return name ? name : `thread ${m?.[1] ?? '?'}${role ? ` (${role})` : ''}`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      ticks: { type: 'string', default: '3600' },
      'tick-ms': { type: 'string', default: '20' },
      bot: { type: 'string', default: 'engine' },
      every: { type: 'string', default: '300' },
      warmup: { type: 'string', default: '600' },
      seed: { type: 'string', default: '1' },
    },
  });
  const ticks = Number(values.ticks);
  const tickMs = Number(values['tick-ms']);
  const every = Number(values.every);
  const warmup = Number(values.warmup);
  const bot = String(values.bot);
  const startBot: RunDeps['startEngine'] = bot === 'naive' ? startNaiveBot : lookupEngine();
  const apiKey = 'soak';
  const sampler = new ThreadMemorySampler();
  await sampler.start();
  const sim = await startSimWorker(path.resolve(__dirname, '..', 'sim.worker.js'), {
    port: 0,
    apiKey,
    seed: Number(values.seed),
    tickMs,
    ticks,
    autoStart: true,
  });
  // The simulator is the first worker: remember its inspector title to label it.
  await sleep(100);
  const simTitle = (await sampler.sample()).find((t) => t.thread !== 'main')?.thread ?? null;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'soak-'));
  const config = resolveConfig({
    command: 'trade',
    flags: { apiUrl: sim.url, apiKey, dashboard: false, reportDir: dir, logLevel: 'warn' },
    env: {},
  });
  const discard = new Writable({ write: (_c, _e, cb) => cb() });
  const trading = { done: false }; // set when the run ends, whenever that is
  const t0 = Date.now();
  const run = runTrading(config, {
    startEngine: startBot,
    stdout: discard,
    logStream: process.stderr,
    signals: new EventEmitter(),
    forceExit: () => {},
  }).finally(() => {
    trading.done = true;
  });

  const samples: Sample[] = [];
  let next = every;
  const caseTick = async (): Promise<number> => {
    const r = await fetch(`${sim.url}/case`, { headers: { 'X-API-Key': apiKey } });
    return ((await r.json()) as { tick: number }).tick;
  };
  while (!trading.done && next <= ticks) {
    let tick: number;
    try {
      tick = await caseTick();
    } catch {
      break; // the simulator no longer answers (case over, thread gone): the samples so far are the soak
    }
    if (tick >= next || tick >= ticks) {
      const threads = await sampler.sample({ gc: true });
      const s = { tick, elapsedS: (Date.now() - t0) / 1000, rss: process.memoryUsage().rss, threads };
      samples.push(s);
      process.stderr.write(`soak: tick ${tick}: rss ${fmtNum(s.rss / MB, 1)} MB, ${threads.length} threads\n`);
      next += every;
    }
    await sleep(Math.max(10, tickMs));
  }
  const result = await run;
  await sim.stop();
  sampler.stop();

  // Columns: every thread seen, in order of first appearance.
  const labels: string[] = [];
  for (const s of samples)
    for (const t of s.threads) {
      const l = label(t, simTitle);
      if (!labels.includes(l)) labels.push(l);
    }
  const heapOf = (s: Sample, l: string) =>
    s.threads.filter((t) => label(t, simTitle) === l).reduce((a, t) => a + t.usedBytes, 0);
  const rows = samples.map((s) => [
    String(s.tick),
    fmtNum(s.elapsedS, 0),
    fmtNum(s.rss / MB, 1),
    ...labels.map((l) => {
      const v = heapOf(s, l);
      return v > 0 ? fmtNum(v / MB, 1) : '—';
    }),
  ]);
  const cpus = os.cpus();
  console.log(
    `\n## npm run soak — bot ${bot}, ${ticks} ticks × ${tickMs} ms (exit code of the run: ${result.exitCode})\n`,
  );
  console.log(
    `Machine: ${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GB, Node ${process.version}\n`,
  );
  console.log(
    'Resident memory of the process and V8 heap used per thread (MB, after a full GC), every ' + every + ' ticks:\n',
  );
  console.log(markdownTable(['tick', 's', 'RSS', ...labels.map((l) => `${l} heap`)], rows));

  const base = samples.find((s) => s.tick >= warmup) ?? samples[0];
  // The end is the last sample with every thread of the base still up: a sample taken as the case
  // stops catches the engine shutting down (workers gone, RSS dropping), which says nothing of growth.
  const complete = (x: Sample) => !!base && x.threads.length >= base.threads.length;
  const last = [...samples].reverse().find((x) => x !== base && complete(x)) ?? samples[samples.length - 1];
  let ok = samples.length >= 2 && !!base && !!last && base !== last;
  const verdict: string[][] = [];
  if (base && last) {
    const judge = (name: string, from: number, to: number, judged: boolean) => {
      const g = growth(from, to);
      const pass = g !== null && g < 0.1;
      if (judged && !pass) ok = false;
      verdict.push([
        name,
        fmtNum(from / MB, 1),
        fmtNum(to / MB, 1),
        g === null ? '—' : `${(g * 100).toFixed(1)} %`,
        judged ? (pass ? 'yes' : 'NO') : '(info)',
      ]);
    };
    judge('process RSS', base.rss, last.rss, true);
    for (const l of labels) {
      const from = heapOf(base, l);
      const to = heapOf(last, l);
      // The simulator is not the engine; a thread that restarted has no stable baseline.
      if (from > 0 && to > 0) judge(`${l} heap`, from, to, !l.startsWith('sim'));
    }
    console.log(`\nGrowth from tick ${base.tick} (after warm-up) to tick ${last.tick}; target < 10 %:\n`);
    console.log(markdownTable(['memory', `tick ${base.tick} MB`, `tick ${last.tick} MB`, 'growth', 'flat'], verdict));
  }
  console.log(`\n${ok ? 'Memory stayed flat.' : 'Memory did NOT stay flat (or too few samples).'}`);
  fs.rmSync(dir, { recursive: true, force: true });
  if (!ok || result.exitCode !== 0) process.exitCode = 1;
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exitCode = 1;
});
