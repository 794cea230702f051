import {
  DEFAULT_POLLER_OPTIONS,
  FeedPoller,
  defaultVpinFactory,
  SnapshotSlots,
  type FeedEvent,
  type PollerOptions,
} from '@ritc/market-data';
import { FakeApi } from './fake-api';

export function makePoller(over: Partial<PollerOptions> = {}) {
  const api = new FakeApi();
  const events: FeedEvent[] = [];
  const logs: Array<{ level: string; message: string }> = [];
  const slots = SnapshotSlots.create(['X']);
  const poller = new FeedPoller({
    ...DEFAULT_POLLER_OPTIONS,
    ticker: 'X',
    api,
    writer: slots.writer(0),
    casePollMs: 0,
    emit: (e) => events.push(e),
    log: (level, message) => logs.push({ level, message }),
    vpinFactory: defaultVpinFactory(),
    ...over,
  });
  return { api: (over.api as FakeApi | undefined) ?? api, poller, events, logs, slots };
}
