/**
 * Memory per thread, from outside the threads: a node:inspector session on the main thread
 * attaches to every worker (NodeWorker domain) and asks each isolate for its V8 heap after a
 * full GC (HeapProfiler.collectGarbage, so the figures are live data, not garbage timing).
 * Resident memory (RSS) is per process; threads share it, so it is reported once.
 */
import * as inspector from 'node:inspector';

export interface ThreadMemory {
  /** 'main' or the worker's title (its `name` option when it has one), e.g. "[worker 3] feed:RITC". */
  thread: string;
  /** Worker script URL when the inspector reports one. */
  url: string;
  usedBytes: number;
  totalBytes: number;
}

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
}

export class ThreadMemorySampler {
  private readonly session = new inspector.Session();
  private readonly workers = new Map<string, { title: string; url: string }>();
  private readonly pending = new Map<number, Pending>();
  private seq = 0;
  private connected = false;

  async start(): Promise<void> {
    if (this.connected) return;
    this.session.connect();
    this.connected = true;
    this.session.on(
      'NodeWorker.attachedToWorker',
      (m: { params: { sessionId: string; workerInfo: { title: string; url: string } } }) => {
        this.workers.set(m.params.sessionId, { title: m.params.workerInfo.title, url: m.params.workerInfo.url });
      },
    );
    this.session.on('NodeWorker.detachedFromWorker', (m: { params: { sessionId: string } }) => {
      this.workers.delete(m.params.sessionId);
    });
    this.session.on('NodeWorker.receivedMessageFromWorker', (m: { params: { message: string } }) => {
      let msg: { id?: number; result?: unknown; error?: { message: string } };
      try {
        msg = JSON.parse(m.params.message) as typeof msg;
      } catch {
        return; // not a protocol reply (nothing we asked for can be waiting on it)
      }
      const p = msg.id !== undefined ? this.pending.get(msg.id) : undefined;
      if (!p) return;
      this.pending.delete(msg.id!);
      if (msg.error) p.reject(new Error(msg.error.message));
      else p.resolve(msg.result);
    });
    await this.post('NodeWorker.enable', { waitForDebuggerOnStart: false });
  }

  private post(method: string, params: object = {}): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.session.post(method as 'NodeWorker.enable', params as never, (err: Error | null, res?: unknown) =>
        err ? reject(err) : resolve(res),
      );
    });
  }

  private toWorker(sessionId: string, method: string, timeoutMs: number): Promise<unknown> {
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${method}: no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.post('NodeWorker.sendMessageToWorker', { sessionId, message: JSON.stringify({ id, method }) }).catch(
        (e: Error) => {
          this.pending.delete(id);
          clearTimeout(timer);
          reject(e);
        },
      );
    });
  }

  /** Heap of every live thread (main first), each after a full GC when `gc` is set. */
  async sample(opts: { gc?: boolean; timeoutMs?: number } = {}): Promise<ThreadMemory[]> {
    const timeoutMs = opts.timeoutMs ?? 2_000;
    if (opts.gc) await this.post('HeapProfiler.collectGarbage');
    const main = (await this.post('Runtime.getHeapUsage')) as { usedSize: number; totalSize: number };
    const out: ThreadMemory[] = [{ thread: 'main', url: '', usedBytes: main.usedSize, totalBytes: main.totalSize }];
    for (const [sid, w] of [...this.workers]) {
      try {
        if (opts.gc) await this.toWorker(sid, 'HeapProfiler.collectGarbage', timeoutMs);
        const h = (await this.toWorker(sid, 'Runtime.getHeapUsage', timeoutMs)) as {
          usedSize: number;
          totalSize: number;
        };
        out.push({ thread: w.title, url: w.url, usedBytes: h.usedSize, totalBytes: h.totalSize });
      } catch {
        // The thread exited (or is restarting) between the listing and the question: skip it.
      }
    }
    return out;
  }

  stop(): void {
    if (!this.connected) return;
    this.connected = false;
    for (const p of this.pending.values()) p.reject(new Error('sampler stopped'));
    this.pending.clear();
    try {
      this.session.post('NodeWorker.disable');
    } catch {
      // already gone
    }
    this.session.disconnect();
  }
}

/** Growth from `from` to `to` as a fraction (0.1 = +10 %); null when `from` is 0. */
export function growth(from: number, to: number): number | null {
  return from > 0 ? (to - from) / from : null;
}
