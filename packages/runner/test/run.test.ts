import { EventEmitter } from 'node:events';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import type { EngineEvent } from '@ritc/engine';
import { resolveConfig, type ConfigInput, type RunConfig } from '../src/config';
import { runTrading, EXIT_INTERRUPTED, type RunDeps, type StartEngineContext } from '../src/run';
import type { EngineLike, FinalAccount } from '../src/seam';
import { syntheticEvents } from './fixtures/synthetic-run';

const KEY = 'SECRET-KEY-1234';

class FakeEngine implements EngineLike {
  listeners: Array<(e: EngineEvent) => void> = [];
  shutdowns = 0;
  private end!: () => void;
  private readonly ended = new Promise<void>((r) => {
    this.end = r;
  });
  constructor(
    private readonly events: EngineEvent[],
    private readonly opts: { endsByItself?: boolean; failStart?: boolean; onStart?: () => Promise<void> } = {},
  ) {}
  on(l: (e: EngineEvent) => void) {
    this.listeners.push(l);
  }
  async start() {
    if (this.opts.failStart) throw new Error(`cannot connect with ${KEY}`);
    await this.opts.onStart?.();
    setImmediate(() => {
      for (const e of this.events) for (const l of this.listeners) l(e);
      if (this.opts.endsByItself !== false) this.end();
    });
  }
  getState() {
    return { case: { ticksPerPeriod: 300, status: 'ACTIVE' }, pollRates: { RITC: 99 } };
  }
  waitForEnd() {
    return this.ended;
  }
  async shutdown(): Promise<FinalAccount> {
    this.shutdowns++;
    return {
      nlv: 4321.5,
      positions: { RITC: { engine: 0, exchange: 0 } },
      openOrdersAtExit: 0,
      fees: -3,
      rebates: 1,
      fines: 0,
    };
  }
}

function sink(isTTY = false) {
  const out: string[] = [];
  return {
    out,
    isTTY,
    columns: 100,
    write: (s: string) => {
      out.push(s);
      return true;
    },
    text: () => out.join(''),
  };
}
function logSink() {
  const out: string[] = [];
  const stream = new Writable({
    write(c, _e, cb) {
      out.push(String(c));
      cb();
    },
  });
  return Object.assign(stream, { text: () => out.join('') });
}
const devNull = () => logSink();

describe('runTrading (the orchestration seam, with a fake engine)', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ritc-run-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const config = (command: 'default' | 'trade', flags: ConfigInput = {}): RunConfig =>
    resolveConfig({
      command,
      cwd: dir,
      flags: {
        reportDir: 'report',
        ...(command === 'trade' ? { apiUrl: 'http://127.0.0.1:1/v1', apiKey: KEY } : {}),
        ...flags,
      },
    });

  it('trades to the end, writes events.jsonl, summary.json, report.html, a log without the key, and prints the summary', async () => {
    const events = syntheticEvents({ seed: 2, ticks: 60 });
    const engine = new FakeEngine(events);
    let ctx: StartEngineContext | null = null;
    const out = sink();
    const logs = logSink();
    const signals = new EventEmitter();
    const r = await runTrading(config('trade'), {
      startEngine: async (c) => {
        ctx = c;
        c.logger.info(`engine using ${c.apiKey}`);
        return engine;
      },
      stdout: out,
      logStream: logs,
      signals,
    });
    expect(r.exitCode).toBe(0);
    expect(r.interrupted).toBe(false);
    expect(engine.shutdowns).toBe(1);
    expect(ctx!.apiUrl).toBe('http://127.0.0.1:1/v1');
    expect(ctx!.apiKey).toBe(KEY);
    expect(ctx!.profiling.enabled).toBe(false);
    expect(ctx!.profiling.execArgvFor('feed:RITC')).toEqual([]);

    const lines = fs
      .readFileSync(path.join(dir, 'report', 'events.jsonl'), 'utf8')
      .trim()
      .split('\n');
    expect(lines).toHaveLength(events.length);
    expect(JSON.parse(lines[0] ?? 'null')).toEqual(events[0]);
    const summary = JSON.parse(fs.readFileSync(path.join(dir, 'report', 'summary.json'), 'utf8'));
    expect(summary.pnl.total).toBe(4321.5);
    expect(summary.fees).toBe(-3);
    expect(summary.lastTick).toBe(60);
    expect(fs.readFileSync(path.join(dir, 'report', 'report.html'), 'utf8')).toContain('<svg class="chart"');

    const logFile = fs.readFileSync(path.join(dir, 'report', 'run.log'), 'utf8');
    expect(logFile).toContain('engine using ***');
    expect(logFile).toContain('"apiKey":"***"');
    expect(logFile).toContain('book poll timed out'); // a 'log' event, written by main
    for (const text of [logFile, logs.text(), out.text()]) expect(text).not.toContain(KEY);

    expect(out.text()).toContain('P&L total (nlv, CAD)');
    expect(out.text()).toContain('4,321.50');
    expect(out.text()).toContain(path.join(dir, 'report', 'report.html'));
    expect(signals.listenerCount('SIGINT')).toBe(0);
  });

  it('on SIGINT shuts the engine down, still writes the report, exits 130; a second SIGINT forces', async () => {
    const engine = new FakeEngine(syntheticEvents({ seed: 2, ticks: 10 }), { endsByItself: false });
    const signals = new EventEmitter();
    const forced: number[] = [];
    const p = runTrading(config('trade'), {
      startEngine: async () => engine,
      stdout: sink(),
      logStream: devNull(),
      signals,
      forceExit: (c) => forced.push(c),
    });
    await new Promise((r) => setTimeout(r, 50));
    signals.emit('SIGINT');
    signals.emit('SIGINT');
    const r = await p;
    expect(r.exitCode).toBe(EXIT_INTERRUPTED);
    expect(r.summary.interrupted).toBe(true);
    expect(forced).toEqual([EXIT_INTERRUPTED]);
    expect(engine.shutdowns).toBe(1);
    expect(fs.existsSync(path.join(dir, 'report', 'report.html'))).toBe(true);
  });

  it('an engine that fails to start gives exit 1, the error in the summary, the key redacted', async () => {
    const engine = new FakeEngine([], { failStart: true });
    const r = await runTrading(config('trade'), {
      startEngine: async () => engine,
      stdout: sink(),
      logStream: devNull(),
      signals: new EventEmitter(),
    });
    expect(r.exitCode).toBe(1);
    expect(engine.shutdowns).toBe(1);
    expect(r.summary.errors.count).toBe(1);
    expect(r.summary.errors.samples[0]).toContain('run failed: cannot connect');
    expect(fs.readFileSync(path.join(dir, 'report', 'run.log'), 'utf8')).not.toContain(KEY);
  });

  it('default command starts and closes the embedded simulator; without one it says so', async () => {
    const calls: string[] = [];
    const deps: RunDeps = {
      startSimulator: async (sim) => {
        calls.push(`start ${sim.seed} ${sim.tickMs} ${sim.ticks}`);
        return {
          apiUrl: 'http://127.0.0.1:2/v1',
          apiKey: null,
          close: async () => {
            calls.push('close');
          },
        };
      },
      startEngine: async (c) => {
        calls.push(`engine ${c.apiUrl}`);
        return new FakeEngine(syntheticEvents({ ticks: 5 }));
      },
      stdout: sink(),
      logStream: devNull(),
      signals: new EventEmitter(),
    };
    const r = await runTrading(config('default', { seed: 4, tickMs: 20, ticks: 5 }), deps);
    expect(r.exitCode).toBe(0);
    expect(calls).toEqual(['start 4 20 5', 'engine http://127.0.0.1:2/v1', 'close']);
    expect(r.summary.run).toMatchObject({ command: 'default', seed: 4, tickMs: 20, ticks: 5 });

    const r2 = await runTrading(config('default'), { ...deps, startSimulator: undefined });
    expect(r2.exitCode).toBe(1);
    expect(r2.summary.errors.samples[0]).toContain('embedded simulator is not available');
  });

  it('draws the dashboard on a TTY (merging getState) and keeps the console for it', async () => {
    const out = sink(true);
    const logs = logSink();
    const r = await runTrading(config('trade'), {
      startEngine: async () =>
        new FakeEngine(syntheticEvents({ ticks: 20 }), { onStart: () => new Promise((res) => setTimeout(res, 300)) }),
      stdout: out,
      logStream: logs,
      signals: new EventEmitter(),
      stateIntervalMs: 20,
    });
    expect(r.exitCode).toBe(0);
    const frames = out.out.filter((s) => s.startsWith('\x1b[H'));
    expect(frames.length).toBeGreaterThan(0);
    expect(frames.at(-1)).toContain('tick 20/300');
    // The RITC row shows its 99 polls/s and, like every row, ends with the clear-to-end-of-line code.
    const ritcRow = frames
      .at(-1)
      ?.split('\n')
      .find((l) => l.startsWith('RITC'));
    expect(ritcRow).toMatch(/^RITC .* 99/);
    expect(ritcRow?.endsWith('99\x1b[K')).toBe(true);
    expect(logs.text()).toBe('');
  });

  it('--profile: main profile, worker profiles via the context, threads.json naming roles', async () => {
    const workerFile = path.join(dir, 'w.js');
    fs.writeFileSync(workerFile, 'let x = 0; for (let i = 0; i < 2e6; i++) x += i;');
    const cfg = config('trade', { profile: 'prof' });
    const r = await runTrading(cfg, {
      startEngine: async (ctx) =>
        new FakeEngine(syntheticEvents({ ticks: 5 }), {
          onStart: async () => {
            await new Promise<void>((res, rej) => {
              const w = new Worker(workerFile, { execArgv: ctx.profiling.execArgvFor('feed:RITC') });
              ctx.profiling.registerThread({ role: 'feed:RITC' });
              w.on('error', rej).on('exit', () => res());
            });
          },
        }),
      stdout: sink(),
      logStream: devNull(),
      signals: new EventEmitter(),
    });
    expect(r.exitCode).toBe(0);
    const tj = JSON.parse(fs.readFileSync(path.join(dir, 'prof', 'threads.json'), 'utf8'));
    expect(tj.threads).toEqual([
      { role: 'main', file: 'main.cpuprofile', threadId: null },
      { role: 'feed:RITC', file: 'feed-RITC.cpuprofile', threadId: null },
    ]);
    for (const f of ['main.cpuprofile', 'feed-RITC.cpuprofile']) {
      expect(JSON.parse(fs.readFileSync(path.join(dir, 'prof', f), 'utf8')).nodes.length).toBeGreaterThan(0);
    }
  }, 30_000);
});
