/**
 * Feed benchmark: `npm run bench:feed [-- --seconds 3 --polls 100000 --depth 20]`.
 *
 * Against the local simulator (@ritc/sim, run in its own thread so it does not share the reader's
 * event loop) or, with `--fake` or if the simulator thread fails to start, the market-data fake RIT
 * server. Prints, per security worker: polls/s at poll delay 0 (one book + one TAS request per poll), p50/p99 of the poll
 * round trip, the snapshot read cost seen by another thread while the worker writes, and then the
 * resident memory over a long run of one worker (100,000 polls by default).
 */
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { writeBenchJson, type BenchRow } from './lib/bench-output';
import { at, first, last } from '@ritc/quant';
import { DEFAULT_API_KEY } from '@ritc/sim';
import {
  SLOT_FIELD_COUNT,
  SnapshotSlots,
  startFeedWorker,
  type FeedStats,
  type FeedWorkerHandle,
} from '@ritc/market-data';
// The fake server is not part of the package's public entry (it is a test fixture): imported from its build.
import { FakeRitServer } from '@ritc/market-data/dist/testing/fake-rit-server';

const WORKER_FILE = path.resolve(__dirname, '..', 'security-feed.worker.js');

interface Market {
  url: string;
  apiKey: string;
  kind: string;
  tickers: string[];
  close(): Promise<void>;
}

async function startSimThread(): Promise<Market | null> {
  // The thread loads the simulator's build by path (an eval'd worker has no module of its own to import from).
  const simIndex = require.resolve('@ritc/sim');
  // A long case so the feed never sees STOPPED during the soak; 100 ms ticks keep the market moving.
  const opts = { port: 0, seed: 42, tickMs: 100, ticks: 100_000 };
  const w = new Worker(`require(${JSON.stringify(simIndex)}).runSimWorker()`, { eval: true, workerData: opts });
  const started = await new Promise<{ url: string } | null>((resolve) => {
    w.on('message', (m: { type: string; url?: string; message?: string }) => {
      if (m.type === 'started') resolve(m.url === undefined ? null : { url: m.url });
      if (m.type === 'error') {
        console.error(`simulator failed: ${m.message}`);
        resolve(null);
      }
    });
    w.once('exit', () => resolve(null));
  });
  if (!started) return null;
  return {
    url: started.url,
    apiKey: DEFAULT_API_KEY,
    kind: '@ritc/sim (worker thread, 100 ms ticks)',
    tickers: ['RITC', 'BULL', 'BEAR', 'USD'],
    close: () =>
      new Promise<void>((res) => {
        w.once('exit', () => res());
        w.postMessage({ type: 'stop' });
        setTimeout(() => void w.terminate(), 3000).unref();
      }),
  };
}

async function startFake(): Promise<Market> {
  const s = new FakeRitServer({ seed: 42, tickMs: 100, stepsPerTick: 5, ticksPerPeriod: 1_000_000 });
  const url = await s.listen();
  return {
    url,
    apiKey: s.apiKey,
    kind: 'fake RIT server (main thread)',
    tickers: ['RITC', 'BULL', 'BEAR', 'USD'],
    close: () => s.close(),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Mean cost of one consistent slot read while the worker keeps publishing (ns). */
function readCostNs(slots: SnapshotSlots, index: number, iterations: number): { into: number; snapshot: number } {
  const scratch = new Float64Array(SLOT_FIELD_COUNT);
  let sink = 0;
  for (let i = 0; i < 100_000; i++) sink += slots.readInto(index, scratch); // warm-up / JIT
  let t0 = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) sink += slots.readInto(index, scratch);
  const into = Number(process.hrtime.bigint() - t0) / iterations;
  const n2 = Math.floor(iterations / 10);
  t0 = process.hrtime.bigint();
  for (let i = 0; i < n2; i++) sink += slots.readSnapshot(index).version;
  const snapshot = Number(process.hrtime.bigint() - t0) / n2;
  if (sink === -1) console.log(sink);
  return { into, snapshot };
}

const mb = (b: number) => (b / 2 ** 20).toFixed(1);

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '3' },
      polls: { type: 'string', default: '100000' },
      depth: { type: 'string', default: '20' },
      fake: { type: 'boolean', default: false },
    },
  });
  const seconds = Number(values.seconds);
  const soakPolls = Number(values.polls);
  const depth = Number(values.depth);
  const market = (values.fake ? null : await startSimThread()) ?? (await startFake());
  console.log(`feed benchmark against ${market.kind} at ${market.url}; book depth ${depth}; ${seconds} s per security`);
  const slots = SnapshotSlots.create(market.tickers);
  const start = (ticker: string): Promise<FeedWorkerHandle> =>
    startFeedWorker({
      file: WORKER_FILE,
      ticker,
      baseUrl: market.url,
      apiKey: market.apiKey,
      slot: slots.ref(slots.indexOf(ticker)),
      pollDelayMs: 0,
      bookDepth: depth,
      onEvent: (m) => {
        if (m.type === 'log' && m.level === 'error') console.error(m.message);
      },
    });

  const rows: string[][] = [];
  const json: BenchRow[] = [];
  let client = '';
  try {
    for (const ticker of market.tickers) {
      const h = await start(ticker);
      await sleep(1500); // warm-up: JIT of worker and server, connections
      await h.api.resetStats();
      await sleep(seconds * 1000);
      const st: FeedStats = await h.api.stats();
      const cost = readCostNs(slots, slots.indexOf(ticker), 2_000_000);
      client = st.client;
      json.push({
        group: 'feed',
        name: `${ticker} worker, poll delay 0: polls/s`,
        value: Math.round(st.pollsPerSec),
        unit: 'polls/s',
        target: '>= 1,500',
        pass: st.pollsPerSec >= 1500,
      });
      json.push({
        group: 'feed',
        name: `${ticker} poll round trip (book + TAS): p50`,
        value: st.rttP50Us / 1000,
        unit: 'ms',
        floor: 'http-rtt',
      });
      json.push({
        group: 'feed',
        name: `${ticker} poll round trip (book + TAS): p99`,
        value: st.rttP99Us / 1000,
        unit: 'ms',
        floor: 'http-rtt',
      });
      json.push({
        group: 'feed',
        name: `${ticker} snapshot readInto while the worker writes`,
        value: cost.into,
        unit: 'ns',
        target: '< 1,000',
        pass: cost.into < 1000,
      });
      rows.push([
        ticker,
        st.pollsPerSec.toFixed(0),
        (st.rttP50Us / 1000).toFixed(3),
        (st.rttP99Us / 1000).toFixed(3),
        String(st.failedPolls),
        cost.into.toFixed(0),
        cost.snapshot.toFixed(0),
        mb(st.heapUsedBytes),
      ]);
      await h.stop();
    }
    console.log(
      `\nThroughput, one worker at a time, poll delay 0 (client: ${client}); target ≥ 1,500 polls/s, read < 1 µs`,
    );
    table(
      ['security', 'polls/s', 'rtt p50 ms', 'rtt p99 ms', 'failed', 'readInto ns', 'readSnapshot ns', 'heap MB'],
      rows,
    );

    // Soak: one worker until `soakPolls` polls; memory must stay flat.
    const ticker = first(market.tickers);
    const h = await start(ticker);
    const soak: string[][] = [];
    const memory: { rss: string; heap: string }[] = []; // per mark, as printed in the soak table
    const marks = [0.1, 0.25, 0.5, 0.75, 1].map((f) => Math.round(f * soakPolls));
    const t0 = Date.now();
    let prev = { polls: 0, ms: t0 };
    for (const mark of marks) {
      let st = await h.api.stats();
      while (st.polls < mark) {
        await sleep(100);
        st = await h.api.stats();
      }
      const now = Date.now();
      const mem = { rss: mb(process.memoryUsage().rss), heap: mb(st.heapUsedBytes) };
      memory.push(mem);
      soak.push([
        ticker,
        String(st.polls),
        ((now - t0) / 1000).toFixed(1),
        ((st.polls - prev.polls) / ((now - prev.ms) / 1000)).toFixed(0),
        mem.rss,
        mem.heap,
        String(st.printsSeen),
        String(st.failedPolls),
      ]);
      prev = { polls: st.polls, ms: now };
    }
    await h.stop();
    console.log(`\nSoak: one ${ticker} worker to ${soakPolls} polls (resident memory of the whole process)`);
    table(
      ['security', 'polls', 'elapsed s', 'polls/s (interval)', 'rss MB', 'worker heap MB', 'prints', 'failed'],
      soak,
    );
    const m0 = first(memory);
    const m1 = last(memory);
    json.push({
      group: 'feed',
      name: `soak: one ${ticker} worker to ${soakPolls} polls, worker heap`,
      value: `${m0.heap} -> ${m1.heap}`,
      unit: 'MB',
    });
    json.push({ group: 'feed', name: `soak: process RSS`, value: `${m0.rss} -> ${m1.rss}`, unit: 'MB' });
  } finally {
    await market.close();
    writeBenchJson(json);
  }
}

function table(head: string[], rows: string[][]): void {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => at(r, i).length)));
  const line = (r: string[]) =>
    `| ${r.map((c, i) => (i === 0 ? c.padEnd(at(w, i)) : c.padStart(at(w, i)))).join(' | ')} |`;
  console.log(line(head));
  console.log(`|${w.map((x, i) => (i === 0 ? ':' : '-') + '-'.repeat(x) + (i === 0 ? '-' : ':')).join('|')}|`);
  for (const r of rows) console.log(line(r));
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exitCode = 1;
});
