import { performance } from 'node:perf_hooks';

/** Coordinator clock in ms, comparable across threads of one process (Snapshot.monoMs uses it too). */
export function monoNowMs(): number {
  return performance.timeOrigin + performance.now();
}

/** High-resolution ns counter for latency measurement. */
export function hrNowNs(): bigint {
  return process.hrtime.bigint();
}

/** A pause that does not keep the process alive. */
export function sleep(ms: number): Promise<void> {
  return new Promise((r) => {
    setTimeout(r, ms).unref();
  });
}
