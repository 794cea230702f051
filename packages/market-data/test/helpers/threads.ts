import * as path from 'node:path';
import type { MessagePort } from 'node:worker_threads';
import type { FeedEvent } from '@ritc/market-data';

/** The compiled worker entry (build first: `npx tsc -b workers`). */
export const FEED_WORKER_FILE = path.resolve(__dirname, '../../../../dist/security-feed.worker.js');

export async function waitFor(
  cond: () => boolean | Promise<boolean>,
  timeoutMs = 15_000,
  what = 'condition',
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Collects every event posted on a subscriber port. */
export function collect(port: MessagePort): FeedEvent[] {
  const events: FeedEvent[] = [];
  port.on('message', (e: FeedEvent) => events.push(e));
  return events;
}
