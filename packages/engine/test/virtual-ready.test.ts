import http from 'node:http';
import type { AddressInfo } from 'node:net';
// The engine's ready signal on the simulator's virtual clock: the readiness rule (pure) and the
// loop that follows it.
import {
  VirtualReady,
  compareCaseTime,
  feedsReached,
  nextReadyStep,
  type ReadinessState,
  tenderLoopMs,
  readySignal,
} from '../src/lifecycle/virtual-ready';
import { Loop } from '../src/lifecycle/loops';
import { silentLogger } from '../src/runtime/logger';

const at = (tick: number, period = 1) => ({ period, tick });
const idle: ReadinessState = {
  feeds: [at(5), at(5), at(5)],
  decided: at(5),
  signalled: at(4),
  active: true,
  decisionsBusy: false,
  ordersUnsettled: 0,
  tenderAnswers: 0,
};

describe('the readiness rule', () => {
  it('orders case times by period, then tick', () => {
    expect(compareCaseTime(at(3), at(4))).toBeLessThan(0);
    expect(compareCaseTime(at(1, 2), at(300, 1))).toBeGreaterThan(0);
    expect(compareCaseTime(at(7), at(7))).toBe(0);
  });

  it('a tick is reached once every feed has a snapshot of it', () => {
    expect(feedsReached([at(6), at(5), at(6)])).toEqual(at(5));
    expect(feedsReached([at(6), null])).toBeNull();
    expect(feedsReached([at(2, 2), at(299, 1)])).toEqual(at(299, 1));
  });

  it('signals a tick whose round ran and whose orders, tenders and decisions are all done', () => {
    expect(nextReadyStep(idle)).toEqual({ kind: 'signal', at: at(5) });
  });

  it('starts the round of a newly reached tick, after an older round still deciding', () => {
    expect(nextReadyStep({ ...idle, decided: at(4) })).toEqual({ kind: 'round', at: at(5) });
    expect(nextReadyStep({ ...idle, decided: null, signalled: null })).toEqual({ kind: 'round', at: at(5) });
    expect(nextReadyStep({ ...idle, decided: at(4), decisionsBusy: true })).toEqual({ kind: 'wait' });
  });

  it.each<[string, Partial<ReadinessState>]>([
    ['a feed still on the tick before', { feeds: [at(5), at(4), at(5)] }],
    ['a feed without a snapshot', { feeds: [at(5), null] }],
    ['the tick already signalled', { signalled: at(5) }],
    ['the case not running', { active: false }],
    ['a decision still running', { decisionsBusy: true }],
    ['an order queued or unanswered', { ordersUnsettled: 1 }],
    ['a tender answer unanswered', { tenderAnswers: 1 }],
  ])('waits with %s', (_why, change) => {
    expect(nextReadyStep({ ...idle, ...change })).toEqual({ kind: 'wait' });
  });
});

describe('VirtualReady', () => {
  function harness(signal: (tick: number) => Promise<void>) {
    const w = {
      feeds: [at(1), at(1)] as ({ period: number; tick: number } | null)[],
      busy: false,
      orders: 0,
      calls: [] as string[],
      warnings: [] as string[],
    };
    const vr = new VirtualReady({
      feeds: () => w.feeds,
      active: () => true,
      decisionsBusy: () => w.busy,
      ordersUnsettled: () => w.orders,
      tenderAnswers: () => 0,
      refresh: () => {
        w.calls.push('refresh');
        return Promise.resolve();
      },
      decide: () => {
        w.calls.push('decide');
        w.busy = true;
      },
      signal: (t) => {
        w.calls.push(`signal ${t}`);
        return signal(t);
      },
      log: { ...silentLogger, warn: (m: string) => void w.warnings.push(m) },
    });
    return { vr, w };
  }

  it('reads the exchange and decides on a new tick, then signals it once the decisions are done', async () => {
    const { vr, w } = harness(() => Promise.resolve());
    await vr.step();
    expect(w.calls).toEqual(['refresh', 'decide']);
    await vr.step(); // deciding
    w.busy = false;
    w.orders = 1;
    await vr.step(); // an order on its way
    w.orders = 0;
    await vr.step();
    await vr.step(); // signalled once
    expect(w.calls).toEqual(['refresh', 'decide', 'signal 1']);
    w.feeds = [at(2), at(1)];
    await vr.step(); // one feed behind
    w.feeds = [at(2), at(2)];
    await vr.step();
    expect(w.calls.slice(3)).toEqual(['refresh', 'decide']);
    expect(vr.counts).toEqual({ signalled: 1, failed: 0 });
  });

  it('a failed signal is logged once and does not stop the next ticks', async () => {
    const { vr, w } = harness(() => Promise.reject(new Error('HTTP 503')));
    for (const tick of [1, 2, 3]) {
      w.feeds = [at(tick), at(tick)];
      await vr.step(); // round
      w.busy = false;
      await vr.step(); // signal
    }
    expect(w.calls.filter((c) => c.startsWith('signal'))).toEqual(['signal 1', 'signal 2', 'signal 3']);
    expect(vr.counts).toEqual({ signalled: 0, failed: 3 });
    expect(w.warnings).toHaveLength(1);
    expect(w.warnings[0]).toMatch(/ready signal failed/);
  });
});

describe('Loop.runNow', () => {
  it('runs the job at once, after a run in progress, and keeps the schedule', async () => {
    let runs = 0;
    let release: () => void = () => undefined;
    const loop = new Loop(
      'x',
      60_000,
      () =>
        new Promise<void>((r) => {
          runs++;
          release = r;
        }),
      () => undefined,
    );
    loop.start();
    await new Promise((r) => setImmediate(r));
    expect(runs).toBe(1); // the first run, in progress
    const now = loop.runNow();
    release();
    await new Promise((r) => setImmediate(r));
    expect(runs).toBe(2); // run again after the one in progress, not in an hour
    release();
    await now;
    expect(loop.runs).toBe(2);
    await loop.stop();
    await loop.runNow(); // a stopped loop runs nothing
    expect(runs).toBe(2);
  });
});

describe('tenderLoopMs', () => {
  it("keeps the feeds' poll delay on the wall clock and slows to the floor on the virtual clock", () => {
    expect(tenderLoopMs(false, 5)).toBe(5);
    expect(tenderLoopMs(true, 5)).toBe(100);
    // A feed delay above the floor is kept either way.
    expect(tenderLoopMs(true, 250)).toBe(250);
  });
});

describe('readySignal', () => {
  it('POSTs /sim/ready?tick=N beside the API with the key, on one kept-alive connection; fails on an error status', async () => {
    const asked: { method?: string; url?: string; key?: string; port: number }[] = [];
    const srv = http.createServer((req, res) => {
      asked.push({
        method: req.method,
        url: req.url,
        key: req.headers['x-api-key'] as string,
        port: req.socket.remotePort ?? 0,
      });
      res.writeHead(asked.length === 3 ? 409 : 200).end('{}');
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    try {
      const { port } = srv.address() as AddressInfo;
      const signal = readySignal(`http://127.0.0.1:${port}/v1`, 'key-1');
      await signal(7);
      await signal(8);
      await expect(signal(9)).rejects.toThrow('HTTP 409');
      expect(asked.map((a) => [a.method, a.url, a.key])).toEqual([
        ['POST', '/sim/ready?tick=7', 'key-1'],
        ['POST', '/sim/ready?tick=8', 'key-1'],
        ['POST', '/sim/ready?tick=9', 'key-1'],
      ]);
      expect(new Set(asked.map((a) => a.port)).size).toBe(1);
    } finally {
      srv.closeAllConnections();
      await new Promise<void>((r) => srv.close(() => r()));
    }
  });
});
