/**
 * The exchange reads of a tick's round on the simulator's virtual clock, in one request: GET
 * /sim/batch (a simulator extension) answers the reads the previous round made (the case, the open
 * orders, the limits, the trader, the books) as their own requests would, and the round's loops
 * take their answers from it instead of asking one by one. A read's CPU goes mostly to the request
 * itself (a socket write and a parse on either side), and a round made five to eight every tick.
 *
 * Only a round's reads are answered from its batch, and only while the round runs: an answer not
 * taken by then is dropped, never served later. A batch that fails costs only the saving: the loops
 * then ask the server themselves, as on the wall clock and against a real RIT, where none is sent.
 */
import http from 'node:http';
import type { PrefetchedReads } from '@ritc/rit-client';

/**
 * The reads a round may take from its batch: those it makes every tick. Not the transacted and
 * cancelled orders, read only when an order left the open list (and growing with the case).
 */
const BATCHABLE = /^\/(case|limits|trader|orders\?status=OPEN|securities\/book\?[^]*)$/;

/** One read's answer in the batch: the status and body its own request would have had. */
export interface BatchAnswer {
  status: number;
  body: unknown;
}

export type FetchBatch = (reads: readonly string[]) => Promise<BatchAnswer[]>;

export class TickReads implements PrefetchedReads {
  /** The current round's answers by read (null outside a round). */
  private answers: Map<string, unknown> | null = null;
  /** The batchable reads the current round made: the next round's batch. */
  private asked: Set<string> | null = null;
  private next: string[] = [];
  /** Batches sent, reads answered from them, and batches that failed. */
  readonly counts = { batches: 0, taken: 0, failed: 0 };

  constructor(private readonly fetchBatch: FetchBatch) {}

  take(read: string): { json: unknown } | undefined {
    if (this.asked === null || !BATCHABLE.test(read)) return undefined;
    this.asked.add(read);
    const a = this.answers;
    if (a === null || !a.has(read)) return undefined;
    const json = a.get(read);
    a.delete(read);
    this.counts.taken++;
    return { json };
  }

  /** Runs a round (`fn`: the loops' reads and what follows them) with the batch of the last round's reads. */
  async round<T>(fn: () => Promise<T>): Promise<T> {
    this.answers = await this.prefetch(this.next);
    this.asked = new Set();
    try {
      return await fn();
    } finally {
      this.next = [...this.asked];
      this.asked = null;
      this.answers = null;
    }
  }

  private async prefetch(reads: readonly string[]): Promise<Map<string, unknown>> {
    const out = new Map<string, unknown>();
    if (reads.length === 0) return out;
    try {
      this.counts.batches++;
      const answers = await this.fetchBatch(reads);
      if (answers.length !== reads.length) throw new Error('batch answered a different number of reads');
      reads.forEach((r, i) => {
        const a = answers[i]!;
        // An error is left to the read itself: it gets the server's own answer, and its error handling.
        if (a.status === 200) out.set(r, a.body);
      });
    } catch {
      this.counts.failed++;
      out.clear();
    }
    return out;
  }
}

function validAnswers(x: unknown): BatchAnswer[] {
  if (!Array.isArray(x)) throw new Error('batch answer is not a list');
  for (const a of x as unknown[]) {
    const s = (a as Partial<BatchAnswer> | null)?.status;
    if (typeof s !== 'number' || !('body' in (a as object))) throw new Error('batch answer lacks a status or body');
  }
  return x as BatchAnswer[];
}

/**
 * GET /sim/batch on the simulator whose API is at `baseUrl` (…/v1), over node:http on a kept-alive
 * connection (once per tick, as the ready signal).
 */
export function simBatch(baseUrl: string, apiKey: string): FetchBatch {
  const url = new URL(baseUrl.replace(/\/v1\/?$/, ''));
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  return (reads) =>
    new Promise<BatchAnswer[]>((resolve, reject) => {
      const q = new URLSearchParams();
      for (const r of reads) q.append('read', r);
      const req = http.request(
        {
          host: url.hostname,
          port: url.port,
          path: `${url.pathname.replace(/\/$/, '')}/sim/batch?${q.toString()}`,
          headers: { 'X-API-Key': apiKey },
          agent,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.once('end', () => {
            try {
              if (res.statusCode !== 200) throw new Error(`GET /sim/batch: HTTP ${res.statusCode}`);
              resolve(validAnswers(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
            } catch (e) {
              reject(e instanceof Error ? e : new Error(String(e)));
            }
          });
          res.once('error', reject);
        },
      );
      req.setTimeout(1_000, () => req.destroy(new Error('GET /sim/batch: no answer in 1 s')));
      req.once('error', reject);
      req.end();
    });
}
