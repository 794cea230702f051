/**
 * Physical limits measured on this machine, in this run: what no engine on it can beat.
 * - a bare localhost HTTP round trip: undici Pool.request of a 2-byte body from a node:http server
 *   in a child process (the floor under every poll and order);
 * - a bare postMessage round trip between two threads (the floor under every hand-off between a
 *   feed worker, the pool and the coordinator).
 */
import { fork } from 'node:child_process';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { Pool } from 'undici';
import { p50p99 } from './quantiles';

export interface RoundTrip {
  /** Microseconds. */
  p50Us: number;
  p99Us: number;
  n: number;
}

const nowUs = (): number => Number(process.hrtime.bigint()) / 1e3;

/** Sequential undici round trips to a node:http server in a child process. */
export async function httpRoundTrip(n = 5_000, warmup = 1_000): Promise<RoundTrip> {
  const child = fork(path.join(__dirname, 'echo-server.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      child.once('message', (m) => resolve((m as { port: number }).port));
      child.once('exit', (code) => reject(new Error(`echo server exited (${code})`)));
    });
    const pool = new Pool(`http://127.0.0.1:${port}`, { connections: 1, pipelining: 1, keepAliveTimeout: 30_000 });
    try {
      const one = async () => {
        const r = await pool.request({ method: 'GET', path: '/' });
        await r.body.text();
      };
      for (let i = 0; i < warmup; i++) await one();
      const lat = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const t = nowUs();
        await one();
        lat[i] = nowUs() - t;
      }
      const q = p50p99(lat);
      return { p50Us: q.p50, p99Us: q.p99, n };
    } finally {
      await pool.close();
    }
  } finally {
    child.disconnect();
  }
}

const ECHO_WORKER = `const { parentPort } = require('node:worker_threads'); parentPort.on('message', (m) => parentPort.postMessage(m));`;

/** Sequential postMessage round trips main -> worker -> main of a small object. */
export async function threadRoundTrip(n = 20_000, warmup = 2_000): Promise<RoundTrip> {
  const w = new Worker(ECHO_WORKER, { eval: true });
  try {
    let resolveOne: () => void = () => {};
    w.on('message', () => resolveOne());
    const one = () =>
      new Promise<void>((r) => {
        resolveOne = r;
        w.postMessage({ seq: 1 });
      });
    for (let i = 0; i < warmup; i++) await one();
    const lat = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const t = nowUs();
      await one();
      lat[i] = nowUs() - t;
    }
    const q = p50p99(lat);
    return { p50Us: q.p50, p99Us: q.p99, n };
  } finally {
    await w.terminate();
  }
}
