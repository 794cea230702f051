/**
 * Running the simulator in a worker thread. The thread entry (workers/sim.worker.ts) calls
 * runSimWorker(); the parent uses startSimWorker(file, opts). Messages: worker -> parent
 * {type:'started', url, port} | {type:'error', message} | {type:'stopped'}; parent -> worker {type:'stop'}.
 */
import { Worker, parentPort, workerData } from 'node:worker_threads';
import { startSimServer, type SimOptions } from './http/server';

export type SimWorkerMessage =
  { type: 'started'; url: string; port: number } | { type: 'error'; message: string } | { type: 'stopped' };

export interface SimWorkerHandle {
  url: string;
  port: number;
  worker: Worker;
  /** Stops the server and waits for the thread to exit. */
  stop(): Promise<void>;
}

/** Body of the worker thread: starts a server from workerData (SimOptions) and serves until 'stop'. */
export async function runSimWorker(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('runSimWorker must run inside a worker thread');
  let server;
  try {
    server = await startSimServer((workerData ?? {}) as SimOptions);
  } catch (e) {
    port.postMessage({ type: 'error', message: (e as Error).message } satisfies SimWorkerMessage);
    port.close();
    return;
  }
  const s = server;
  port.on('message', (m: unknown) => {
    if (typeof m !== 'object' || m === null || (m as { type?: unknown }).type !== 'stop') return;
    void s.close().then(() => {
      port.postMessage({ type: 'stopped' } satisfies SimWorkerMessage);
      port.close();
    });
  });
  port.postMessage({ type: 'started', url: s.url, port: s.port } satisfies SimWorkerMessage);
}

/** Starts a simulator in a worker thread running `file` (the compiled workers/sim.worker.js). */
export function startSimWorker(file: string, opts: SimOptions = {}): Promise<SimWorkerHandle> {
  const worker = new Worker(file, { workerData: opts });
  return new Promise((resolve, reject) => {
    const onExit = (code: number): void =>
      reject(new Error(`simulator worker exited with code ${code} before starting`));
    worker.once('error', reject);
    worker.once('exit', onExit);
    worker.on('message', (m: SimWorkerMessage) => {
      if (m.type === 'error') {
        worker.off('exit', onExit);
        void worker.terminate();
        reject(new Error(`simulator worker failed to start: ${m.message}`));
      } else if (m.type === 'started') {
        worker.off('exit', onExit);
        worker.off('error', reject);
        resolve({
          url: m.url,
          port: m.port,
          worker,
          stop: () =>
            new Promise<void>((res) => {
              const timer = setTimeout(() => void worker.terminate(), 5_000);
              worker.once('exit', () => {
                clearTimeout(timer);
                res();
              });
              worker.postMessage({ type: 'stop' });
            }),
        });
      }
    });
  });
}
