/**
 * Simulator benchmarks (npm run bench:sim):
 *  1. matching engine orders/s in-process (raw OrderBook, and Exchange.submitOrder with validation,
 *     limits and accounting), target >= 500,000 orders/s;
 *  2. HTTP GET /securities/book requests/s from a separate worker thread with several undici
 *     connections, target >= 10,000 req/s;
 *  3. memory (RSS / heap) before and after a 3,600-tick case at 0 ms ticks: should stay flat.
 * Timings on a shared 2-core machine are noisy: run it a few times.
 */
import { Worker } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';
import { writeBenchJson, type BenchRow } from './lib/bench-output';
import { at } from '@ritc/quant';
import { BUY, Exchange, OrderBook, Rng, SELL, SimOrder, defaultConfig, startSimServer } from '@ritc/sim';

interface Row {
  metric: string;
  value: string;
  target: string;
  ok: string;
}
const rows: Row[] = [];
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

function gc(): void {
  v8.setFlagsFromString('--expose-gc');
  const g = vm.runInNewContext('gc') as () => void;
  g();
  g();
}

/** Random order flow around a mid: half marketable, half resting; oldest resting orders cancelled. */
function benchRawBook(n: number): number {
  const rng = new Rng(1);
  let fills = 0;
  const book = new OrderBook(() => {
    fills++;
  });
  const resting: SimOrder[] = [];
  const sides = new Int8Array(n);
  const prices = new Int32Array(n);
  const qtys = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    sides[i] = rng.chance(0.5) ? 0 : 1;
    const marketable = rng.chance(0.5);
    const off = rng.int(0, 5);
    prices[i] = sides[i] === 0 ? 1000 + (marketable ? off : -off - 1) : 1000 + (marketable ? -off : off + 1);
    qtys[i] = rng.int(1, 10) * 100;
  }
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const o = new SimOrder(i + 1, 0, 0, sides[i] === 0 ? BUY : SELL, 'LIMIT', at(prices, i), at(qtys, i), 1, 0);
    book.match(o);
    if (o.filled < o.quantity) {
      book.rest(o);
      resting.push(o);
      if (resting.length > 2000) {
        for (let k = 0; k < 1000; k++) book.cancel(at(resting, k));
        resting.splice(0, 1000);
      }
    }
  }
  const s = (performance.now() - t0) / 1000;
  if (fills === 0) throw new Error('no fills: the benchmark flow is wrong');
  return n / s;
}

function benchExchange(n: number): number {
  const cfg = defaultConfig();
  cfg.limits.enforce = false;
  cfg.tenders.enabled = false;
  const ex = new Exchange(cfg);
  const rng = new Rng(2);
  const inputs = Array.from({ length: 4096 }, () => {
    const buy = rng.chance(0.5);
    const off = rng.int(-5, 5) / 100;
    return {
      ticker: 'BULL',
      type: 'LIMIT' as const,
      action: buy ? ('BUY' as const) : ('SELL' as const),
      quantity: rng.int(1, 10) * 100,
      price: 10 + (buy ? off : -off),
    };
  });
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    ex.submitOrder(ex.user, at(inputs, i & 4095));
    if ((i & 1023) === 1023) {
      for (const o of ex.traderOrders) if (o.live) ex.cancelOrder(o);
      ex.traderOrders.length = 0;
      ex.orders.clear();
    }
  }
  return n / ((performance.now() - t0) / 1000);
}

const LOAD_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { Pool } = require(workerData.undici);
(async () => {
  const pool = new Pool(workerData.origin, { connections: workerData.connections, pipelining: 1, keepAliveTimeout: 30000 });
  const headers = { 'X-API-Key': workerData.key };
  const path = '/v1/securities/book?ticker=RITC';
  let done = 0, errors = 0, running = true;
  const one = async () => {
    while (running) {
      try {
        const r = await pool.request({ path, method: 'GET', headers });
        await r.body.text();
        if (r.statusCode === 200) done++; else errors++;
      } catch { errors++; }
    }
  };
  const warm = Date.now() + 500;
  const loops = Array.from({ length: workerData.inflight }, one);
  while (Date.now() < warm) await new Promise((r) => setTimeout(r, 50));
  const d0 = done; const t0 = performance.now();
  await new Promise((r) => setTimeout(r, workerData.ms));
  const n = done - d0; const s = (performance.now() - t0) / 1000;
  running = false;
  await Promise.all(loops);
  await pool.close();
  parentPort.postMessage({ rps: n / s, errors });
})();
`;

async function benchHttp(): Promise<{ rps: number; errors: number; bytes: number }> {
  const server = await startSimServer({
    port: 0,
    tickMs: 1000,
    apiKey: 'bench',
    seed: 5,
    ticks: 3600,
    scenario: { tenders: { enabled: false } },
  });
  try {
    server.advance(30);
    const origin = server.url.replace(/\/v1$/, '');
    const sample = await fetch(`${server.url}/securities/book?ticker=RITC`, { headers: { 'X-API-Key': 'bench' } });
    const bytes = (await sample.text()).length;
    const w = new Worker(LOAD_WORKER, {
      eval: true,
      workerData: { undici: require.resolve('undici'), origin, key: 'bench', connections: 8, inflight: 32, ms: 3000 },
    });
    const res = await new Promise<{ rps: number; errors: number }>((resolve, reject) => {
      w.once('message', resolve);
      w.once('error', reject);
    });
    await w.terminate();
    return { ...res, bytes };
  } finally {
    await server.close();
  }
}

function benchMemory(): { before: NodeJS.MemoryUsage; after: NodeJS.MemoryUsage; ms: number; orders: number } {
  const cfg = defaultConfig();
  cfg.ticksPerPeriod = 3600;
  cfg.clock = 'manual';
  cfg.tickMs = 0;
  const ex = new Exchange(cfg);
  for (let t = 0; t < 300; t++) ex.step();
  gc();
  const before = process.memoryUsage();
  const t0 = performance.now();
  while (ex.status !== 'STOPPED') ex.step();
  const ms = performance.now() - t0;
  gc();
  const after = process.memoryUsage();
  return { before, after, ms, orders: ex.counters.agentOrders };
}

async function main(): Promise<void> {
  benchRawBook(200_000); // warm-up
  const raw = Math.max(benchRawBook(1_000_000), benchRawBook(1_000_000));
  rows.push({
    metric: 'matching: OrderBook.match+rest, orders/s',
    value: fmt(raw),
    target: '>= 500,000',
    ok: raw >= 500_000 ? 'yes' : 'NO',
  });
  benchExchange(100_000);
  const exo = Math.max(benchExchange(500_000), benchExchange(500_000));
  rows.push({
    metric: 'Exchange.submitOrder (validate+limits+accounts), orders/s',
    value: fmt(exo),
    target: '(info)',
    ok: '',
  });
  const http = await benchHttp();
  rows.push({
    metric: `HTTP GET /securities/book (${http.bytes} B, 8 conns, 32 in flight), req/s`,
    value: fmt(http.rps),
    target: '>= 10,000',
    ok: http.rps >= 10_000 ? 'yes' : 'NO',
  });
  if (http.errors > 0)
    rows.push({ metric: 'HTTP errors during the run', value: String(http.errors), target: '0', ok: 'NO' });
  const mem = benchMemory();
  const mb = (x: number): string => (x / 1048576).toFixed(1);
  rows.push({
    metric: `3,600-tick case at 0 ms ticks: time (${fmt(mem.orders)} agent orders)`,
    value: `${fmt(mem.ms)} ms`,
    target: '(info)',
    ok: '',
  });
  rows.push({
    metric: 'heapUsed after 300 ticks -> after 3,600 ticks (MB)',
    value: `${mb(mem.before.heapUsed)} -> ${mb(mem.after.heapUsed)}`,
    target: 'flat (< +25 MB)',
    ok: mem.after.heapUsed - mem.before.heapUsed < 25 * 1048576 ? 'yes' : 'NO',
  });
  rows.push({
    metric: 'RSS after 300 ticks -> after 3,600 ticks (MB)',
    value: `${mb(mem.before.rss)} -> ${mb(mem.after.rss)}`,
    target: '(info)',
    ok: '',
  });

  const [w0, w1, w2] = [
    Math.max(...rows.map((r) => r.metric.length)),
    Math.max(...rows.map((r) => r.value.length)),
    Math.max(...rows.map((r) => r.target.length)),
  ];
  const line = (a: string, b: string, c: string, d: string): string =>
    `${a.padEnd(w0)}  ${b.padStart(w1)}  ${c.padEnd(w2)}  ${d}`;
  console.log(line('metric', 'value', 'target', 'met'));
  console.log('-'.repeat(w0 + w1 + w2 + 10));
  for (const r of rows) console.log(line(r.metric, r.value, r.target, r.ok));

  const json: BenchRow[] = [
    {
      group: 'sim',
      name: 'matching: OrderBook.match+rest',
      value: Math.round(raw),
      unit: 'orders/s',
      target: '>= 500,000',
      pass: raw >= 500_000,
    },
    { group: 'sim', name: 'Exchange.submitOrder (validate+limits+accounts)', value: Math.round(exo), unit: 'orders/s' },
    {
      group: 'sim',
      name: `HTTP GET /securities/book (${http.bytes} B, 8 conns, 32 in flight)`,
      value: Math.round(http.rps),
      unit: 'req/s',
      target: '>= 10,000',
      pass: http.rps >= 10_000 && http.errors === 0,
    },
    { group: 'sim', name: '3,600-tick case at 0 ms ticks', value: Math.round(mem.ms), unit: 'ms' },
    {
      group: 'sim',
      name: 'heapUsed after 300 -> 3,600 ticks',
      value: `${mb(mem.before.heapUsed)} -> ${mb(mem.after.heapUsed)}`,
      unit: 'MB',
      target: 'flat (< +25 MB)',
      pass: mem.after.heapUsed - mem.before.heapUsed < 25 * 1048576,
    },
  ];
  writeBenchJson(json);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
