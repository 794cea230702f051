/**
 * RIT client benchmark: `npm run bench:client [-- --requests 20000 --warmup 2000]`.
 *
 * A node:http server in a child process (so client and server do not share one event loop) serves
 * a ~2 KB RIT-shaped book. Sequential requests, one at a time, as a feed worker polls:
 * - bare undici Pool.request() + JSON.parse (the floor),
 * - RitClient.getBook (deadline timer, start tracking, field-by-field validation, stats),
 * plus the cost of parseBook alone. Targets: >= 5,000 req/s and p50 < 150 µs for getBook.
 */
import { fork } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { Pool } from 'undici';
import { at } from '@ritc/quant';
import { RitClient, parseValue, parsers } from '@ritc/rit-client';
import { writeBenchJson, type BenchRow } from './lib/bench-output';

const TARGET_RPS = 5_000;
const TARGET_P50_US = 150;

/** 5 orders a side, RIT key order and float quantities, like the real capture (~2 KB). */
function makeBook(): string {
  const order = (i: number, action: 'BUY' | 'SELL') => ({
    order_id: 2280 + i + (action === 'SELL' ? 100 : 0),
    period: 1,
    tick: 114 - i,
    trader_id: 'ANON',
    ticker: 'BULL',
    quantity: 11000.0 + i * 100,
    price: action === 'BUY' ? 9.98 - i * 0.01 : 10.02 + i * 0.01,
    type: 'LIMIT',
    action,
    quantity_filled: i % 2 === 0 ? 0.0 : 8900.0,
    vwap: i % 2 === 0 ? null : 9.84,
    status: 'OPEN',
  });
  const side = (a: 'BUY' | 'SELL') => Array.from({ length: 5 }, (_, i) => order(i, a));
  return JSON.stringify({ bids: side('BUY'), asks: side('SELL') });
}

function runServer(): void {
  const body = makeBook();
  const server = http.createServer((req, res) => {
    req.resume();
    if (req.url?.startsWith('/v1/securities/book')) {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    } else {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"code":"NOT_FOUND"}');
    }
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => {
    process.send?.({ port: (server.address() as AddressInfo).port, bytes: Buffer.byteLength(body) });
  });
  process.on('disconnect', () => process.exit(0));
}

interface Result {
  name: string;
  n: number;
  rps: number;
  p50: number;
  p99: number;
}

async function measure(name: string, n: number, warmup: number, op: () => Promise<unknown>): Promise<Result> {
  for (let i = 0; i < warmup; i++) await op();
  const lat = new Float64Array(n);
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    const s = process.hrtime.bigint();
    await op();
    lat[i] = Number(process.hrtime.bigint() - s) / 1e3;
  }
  const totalS = Number(process.hrtime.bigint() - t0) / 1e9;
  lat.sort();
  return {
    name,
    n,
    rps: n / totalS,
    p50: at(lat, Math.floor(n * 0.5)),
    p99: at(lat, Math.min(n - 1, Math.floor(n * 0.99))),
  };
}

function measureSync(n: number, op: () => unknown): number {
  for (let i = 0; i < 1000; i++) op();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) op();
  return Number(process.hrtime.bigint() - t0) / 1e3 / n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { requests: { type: 'string', default: '20000' }, warmup: { type: 'string', default: '2000' } },
  });
  const n = Number(values.requests);
  const warmup = Number(values.warmup);
  const child = fork(__filename, ['--server'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const { port, bytes } = await new Promise<{ port: number; bytes: number }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as { port: number; bytes: number }));
    child.once('exit', (code) => reject(new Error(`server exited (${code})`)));
  });
  const origin = `http://127.0.0.1:${port}`;

  const pool = new Pool(origin, {
    connections: 2,
    pipelining: 1,
    keepAliveTimeout: 30_000,
    headersTimeout: 2_000,
    bodyTimeout: 2_000,
  });
  const client = new RitClient({ baseUrl: `${origin}/v1`, apiKey: 'bench' });
  const results: Result[] = [];
  try {
    results.push(
      await measure('undici Pool.request + JSON.parse', n, warmup, async () => {
        const res = await pool.request({
          method: 'GET',
          path: '/v1/securities/book?ticker=BULL',
          headers: { 'x-api-key': 'bench' },
        });
        return JSON.parse(await res.body.text()) as unknown;
      }),
    );
    results.push(await measure('RitClient.getBook (validated)', n, warmup, () => client.getBook('BULL')));
    // Second round, in reverse order, so neither side profits from a warmer machine.
    results.push(await measure('RitClient.getBook (validated), 2nd', n, warmup, () => client.getBook('BULL')));
    results.push(
      await measure('undici Pool.request + JSON.parse, 2nd', n, warmup, async () => {
        const res = await pool.request({
          method: 'GET',
          path: '/v1/securities/book?ticker=BULL',
          headers: { 'x-api-key': 'bench' },
        });
        return JSON.parse(await res.body.text()) as unknown;
      }),
    );
  } finally {
    await client.close();
    await pool.close();
    child.disconnect();
  }
  const text = makeBook();
  const parseUs = measureSync(50_000, () => JSON.parse(text));
  const validateUs = measureSync(50_000, () => parseValue('GET /securities/book', JSON.parse(text), parsers.parseBook));

  const pad = (s: string, w: number) => s.padEnd(w);
  const num = (x: number, d = 0) => x.toFixed(d).padStart(9);
  console.log(
    `\nbench-client: ${n} sequential GET /securities/book per row, ${bytes}-byte book, server in a child process\n`,
  );
  console.log(`${pad('client', 40)}${'req/s'.padStart(9)}${'p50 µs'.padStart(9)}${'p99 µs'.padStart(9)}  target`);
  for (const r of results) {
    const isClient = r.name.startsWith('RitClient');
    const ok = r.rps >= TARGET_RPS && r.p50 < TARGET_P50_US;
    const target = isClient
      ? `>= ${TARGET_RPS} req/s, p50 < ${TARGET_P50_US} µs: ${ok ? 'MET' : 'MISSED'}`
      : '(baseline)';
    console.log(`${pad(r.name, 40)}${num(r.rps)}${num(r.p50, 1)}${num(r.p99, 1)}  ${target}`);
  }
  console.log(
    `\nJSON.parse of the book: ${parseUs.toFixed(2)} µs; JSON.parse + parseBook validation: ${validateUs.toFixed(2)} µs`,
  );

  const json: BenchRow[] = [];
  for (const r of results) {
    const isClient = r.name.startsWith('RitClient');
    json.push({
      group: 'client',
      name: `${r.name}: req/s`,
      value: Math.round(r.rps),
      unit: 'req/s',
      ...(isClient ? { target: `>= ${TARGET_RPS}`, pass: r.rps >= TARGET_RPS } : {}),
    });
    json.push({
      group: 'client',
      name: `${r.name}: p50`,
      value: r.p50,
      unit: 'µs',
      floor: 'http-rtt',
      ...(isClient ? { target: `< ${TARGET_P50_US}`, pass: r.p50 < TARGET_P50_US } : {}),
    });
    json.push({ group: 'client', name: `${r.name}: p99`, value: r.p99, unit: 'µs', floor: 'http-rtt' });
  }
  json.push({ group: 'client', name: 'parseBook validation (JSON.parse + parse)', value: validateUs, unit: 'µs' });
  writeBenchJson(json);
}

if (process.argv.includes('--server')) {
  runServer();
} else {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
