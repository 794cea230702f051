import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { startSimServer, type SimServer } from '@ritc/sim';

// The life cycle as a user meets it: `node dist/main.js` processes against a simulator over HTTP.
const REPO = path.resolve(__dirname, '..', '..', '..');
const MAIN = path.join(REPO, 'dist', 'main.js');

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  ms: number;
  stdout: string;
  stderr: string;
}

function run(args: string[], opts: { onSpawn?: (p: ChildProcess) => void } = {}): Promise<Exit> {
  const t0 = Date.now();
  const p = spawn(process.execPath, [MAIN, ...args], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  opts.onSpawn?.(p);
  return new Promise((resolve) => {
    p.on('exit', (code, signal) => resolve({ code, signal, ms: Date.now() - t0, stdout, stderr }));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resolves once a `sim` process says it is listening (a loaded machine starts it slowly). */
function listening(p: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = '';
    p.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('listening')) resolve();
    });
    p.on('exit', () => reject(new Error(`sim exited before listening: ${out}`)));
  });
}
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'ritc-life-'));

/** A proxy in front of the simulator that counts the requests reaching it, with their times. */
async function countingProxy(target: SimServer): Promise<{ url: string; times: number[]; close(): Promise<void> }> {
  const base = new URL(target.url);
  const times: number[] = [];
  const server = http.createServer((req, res) => {
    times.push(Date.now());
    const up = http.request(
      { host: base.hostname, port: base.port, path: req.url, method: req.method, headers: req.headers },
      (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      },
    );
    up.on('error', () => {
      res.writeHead(502).end();
    });
    req.pipe(up);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    times,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

describe('life cycle (real processes over HTTP)', () => {
  it.each([['{"__proto__":{}}'], ['{"constructor":1}'], ['{"toString":"x"}']])(
    'config %s → exit 2 with one line',
    async (json) => {
      const dir = tmp();
      const file = path.join(dir, 'c.json');
      fs.writeFileSync(file, json);
      const r = await run(['--config', file, '--no-dashboard']);
      expect(r.code).toBe(2);
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^error: config file .*unknown key/);
    },
  );

  it('a wrong API key prints one line (no stack trace) and exits 2', async () => {
    const sim = await startSimServer({ port: 0, seed: 1, tickMs: 50, ticks: 100_000, apiKey: 'right' });
    try {
      const dir = tmp();
      const r = await run(['trade', '--api-url', sim.url, '--api-key', 'wrong', '--report-dir', dir, '--no-dashboard']);
      expect(r.code).toBe(2);
      expect(r.stderr + r.stdout).not.toMatch(/\n\s+at /);
    } finally {
      await sim.close();
    }
  }, 60_000);

  it('the case ends (standalone sim process) → exit 0 with a report', async () => {
    const dir = tmp();
    const port = 20000 + Math.floor(Math.random() * 20000);
    let up: Promise<void> = Promise.resolve();
    const simP = run(
      // The simulator stays 3 s after the end: an engine on a loaded machine sees STOPPED late.
      ['sim', '--port', String(port), '--tick-ms', '25', '--ticks', '200', '--api-key', 'k', '--exit-after-end', '3'],
      {
        onSpawn: (p) => {
          up = listening(p);
        },
      },
    );
    await up;
    const r = await run([
      'trade',
      '--api-url',
      `http://127.0.0.1:${port}/v1`,
      '--api-key',
      'k',
      '--report-dir',
      dir,
      '--no-dashboard',
    ]);
    const s = await simP;
    expect(s.code).toBe(0);
    expect(r.code).toBe(0);
    const summary = JSON.parse(fs.readFileSync(path.join(dir, 'summary.json'), 'utf8')) as {
      end: { reason: string };
      openOrdersAtExit: number | null;
    };
    expect(summary.end.reason).toBe('case-ended');
    expect(r.stdout).toContain('Run summary');
    // The sentinel is a lone -1, not a negative figure such as -1,884.67.
    expect(r.stdout).not.toMatch(/(^|\s)-1(?![\d.,])/m);
  }, 90_000);

  it("the exchange restarts mid-case → every summary row, cash included, is the new case's, read from the exchange", async () => {
    const dir = tmp();
    const port = 20000 + Math.floor(Math.random() * 20000);
    const api = `http://127.0.0.1:${port}`;
    let up: Promise<void> = Promise.resolve();
    let simProc: ChildProcess | null = null;
    const simP = run(['sim', '--port', String(port), '--tick-ms', '25', '--ticks', '240', '--api-key', 'k'], {
      onSpawn: (p) => {
        simProc = p;
        up = listening(p);
      },
    });
    await up;
    const tradeP = run(['trade', '--api-url', `${api}/v1`, '--api-key', 'k', '--report-dir', dir, '--no-dashboard']);
    // Let the engine trade the first case for a while, then start a new one on the same server.
    const get = async <T>(p: string): Promise<T> =>
      (await (await fetch(`${api}${p}`, { headers: { 'X-API-Key': 'k' } })).json()) as T;
    for (let i = 0; i < 200 && (await get<{ tick: number }>('/v1/case')).tick < 60; i++) await sleep(50);
    const reset = await fetch(`${api}/sim/reset?seed=2`, { method: 'POST', headers: { 'X-API-Key': 'k' } });
    expect(reset.status).toBe(200);
    const r = await tradeP;
    // Read the exchange before the simulator exits: the summary must match what the exchange holds now.
    const secs = await get<Array<{ ticker: string; position: number }>>('/v1/securities');
    const trader = await get<{ nlv: number }>('/v1/trader');
    // The simulator keeps serving after the end (as RIT does) until it is told to stop.
    simProc!.kill('SIGTERM');
    await simP;
    expect(r.code).toBe(0);
    const summary = JSON.parse(fs.readFileSync(path.join(dir, 'summary.json'), 'utf8')) as {
      pnl: { total: number | null; totalSource: string | null };
      positions: Record<string, { engine: number | null; exchange: number | null }>;
    };
    expect(summary.pnl.totalSource).toBe('exchange');
    expect(summary.pnl.total).toBeCloseTo(trader.nlv, 2);
    // The cash rows are the ones a restart used to leave stale.
    expect(Object.keys(summary.positions)).toEqual(expect.arrayContaining(['CAD', 'USD', 'RITC']));
    for (const [ticker, p] of Object.entries(summary.positions)) {
      const onExchange = secs.find((x) => x.ticker === ticker);
      expect({ ticker, exchange: p.exchange }).toEqual({ ticker, exchange: onExchange?.position ?? 0 });
      expect({ ticker, engine: p.engine }).toEqual({ ticker, engine: p.exchange });
    }
    expect(r.stdout).not.toContain('MISMATCH');
  }, 120_000);

  it('the exchange killed mid-case → exit 3 within the outage + 10 s, with a bounded log', async () => {
    const dir = tmp();
    const port = 20000 + Math.floor(Math.random() * 20000);
    let sim: ChildProcess | undefined;
    let up: Promise<void> = Promise.resolve();
    const simP = run(['sim', '--port', String(port), '--tick-ms', '25', '--ticks', '100000', '--api-key', 'k'], {
      onSpawn: (p) => {
        sim = p;
        up = listening(p);
      },
    });
    await up;
    let killedAt = 0;
    const trade = run(
      ['trade', '--api-url', `http://127.0.0.1:${port}/v1`, '--api-key', 'k', '--report-dir', dir, '--no-dashboard'],
      {
        onSpawn: () => {
          setTimeout(() => {
            killedAt = Date.now();
            sim?.kill('SIGKILL');
          }, 6000);
        },
      },
    );
    const r = await trade;
    await simP;
    expect(r.code).toBe(3);
    const afterKill = Date.now() - killedAt;
    expect(afterKill).toBeLessThan(10_000 + 10_000);
    const log = fs.readFileSync(path.join(dir, 'run.log'), 'utf8').trim().split('\n');
    // A few hundred lines for the whole run, not megabytes: the outage itself adds a handful.
    expect(log.length).toBeLessThan(400);
    const summary = JSON.parse(fs.readFileSync(path.join(dir, 'summary.json'), 'utf8')) as {
      end: { reason: string };
      errors: { count: number };
      outage: { lost: boolean } | null;
    };
    expect(summary.end.reason).toBe('exchange-lost');
    expect(summary.outage?.lost).toBe(true);
    expect(summary.errors.count).toBeGreaterThan(0);
    console.log(`exchange lost: exit after ${afterKill} ms; run.log ${log.length} lines`);
  }, 90_000);

  it.each([[300], [500], [1000]])(
    'SIGINT %i ms after launch → exit within 10 s, and no request reaches the exchange afterwards',
    async (afterMs) => {
      const sim = await startSimServer({ port: 0, seed: 2, tickMs: 25, ticks: 100_000, apiKey: 'k' });
      const proxy = await countingProxy(sim);
      try {
        const dir = tmp();
        let signalledAt = 0;
        const r = await run(
          ['trade', '--api-url', proxy.url, '--api-key', 'k', '--report-dir', dir, '--no-dashboard'],
          {
            onSpawn: (p) =>
              setTimeout(() => {
                signalledAt = Date.now();
                p.kill('SIGINT');
              }, afterMs),
          },
        );
        const exitedAt = Date.now();
        expect(exitedAt - signalledAt).toBeLessThan(10_000);
        // 130 once the run's handlers are installed; on a loaded machine a signal may arrive while
        // Node is still loading the modules, which ends the process by SIGINT itself (also clean).
        expect(r.code === 130 || r.signal === 'SIGINT').toBe(true);
        const seenAtExit = proxy.times.length;
        await sleep(1500);
        expect(proxy.times.length).toBe(seenAtExit);
      } finally {
        await proxy.close();
        await sim.close();
      }
    },
    60_000,
  );
});
