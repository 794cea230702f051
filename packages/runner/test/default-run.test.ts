import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { EventEmitter } from 'node:events';
import { RitClient } from '@ritc/rit-client';
import { resolveConfig } from '../src/config';
import { startEmbeddedSimulator } from '../src/deps';
import { startEngine } from '../src/engine';
import { runTrading } from '../src/run';

const REPO = path.resolve(__dirname, '..', '..', '..');
const discard = () => new Writable({ write: (_c, _e, cb) => cb() });

interface Account {
  nlv: number;
  positions: Record<string, number>;
}

// The default run as `node dist/main.js` does it: the real engine (a feed worker per security, the
// piscina strategy pool) against the embedded simulator in its own thread, over HTTP.
describe('default run: engine + embedded simulator', () => {
  it('trades a short case, exits 0, and its summary agrees with the exchange exactly', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ritc-default-'));
    const config = resolveConfig({
      command: 'default',
      cwd: dir,
      flags: { seed: 4, tickMs: 25, ticks: 120, reportDir: 'r', dashboard: false },
    });
    let account: Account | null = null;
    const result = await runTrading(config, {
      startEngine: (ctx) => startEngine(ctx),
      startSimulator: async (sim) => {
        const s = await startEmbeddedSimulator(sim);
        return {
          ...s,
          // The exchange's own account, read after the engine stopped and before the simulator goes.
          close: async () => {
            const rit = new RitClient({ baseUrl: s.apiUrl, apiKey: s.apiKey ?? '' });
            const [trader, secs] = await Promise.all([rit.getTrader(), rit.getSecurities()]);
            account = { nlv: trader.nlv, positions: Object.fromEntries(secs.map((x) => [x.ticker, x.position])) };
            await rit.close();
            await s.close();
          },
        };
      },
      stdout: discard(),
      logStream: discard(),
      signals: new EventEmitter(),
    });
    expect(result.exitCode).toBe(0);
    const acc = account as Account | null;
    expect(acc).not.toBeNull();
    const s = result.summary;
    expect(s.pnl.total).toBe(acc!.nlv);
    expect(Object.keys(s.positions).sort()).toEqual(Object.keys(acc!.positions).sort());
    for (const [t, p] of Object.entries(s.positions)) {
      expect({ t, ...p }).toEqual({ t, engine: acc!.positions[t], exchange: acc!.positions[t] });
    }
    expect(s.openOrdersAtExit).toBe(0);
    expect(s.limitBreaches).toBe(0);
    // It really traded, through the pool and the feed workers.
    expect(s.orders.sent).toBeGreaterThan(0);
    expect(s.latencyUs.pollRoundTrip.p50).not.toBeNull();
    for (const f of ['summary.json', 'events.jsonl', 'report.html'])
      expect(fs.existsSync(path.join(result.reportDir, f))).toBe(true);
    // The report's charts have a series: one market event per tick seen, with mids of every security.
    const market = fs
      .readFileSync(path.join(result.reportDir, 'events.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l.includes('"type":"market"'))
      .map((l) => JSON.parse(l) as { tick: number; mids: Record<string, number | null> });
    // Most of the 120 ticks (start-up on a loaded machine can take a second of them).
    expect(market.length).toBeGreaterThan(30);
    expect(Object.keys(market.at(-1)?.mids ?? {}).sort()).toEqual(['BEAR', 'BULL', 'RITC', 'USD']);
  }, 60_000);

  it('`node dist/main.js --profile DIR` runs a case as a process, exits 0 with a summary and a CPU profile per thread', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ritc-main-'));
    const prof = path.join(dir, 'prof');
    const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      const child = execFile(
        process.execPath,
        [
          path.join(REPO, 'dist', 'main.js'),
          '--ticks',
          '40',
          '--tick-ms',
          '25',
          '--no-dashboard',
          '--report-dir',
          dir,
          '--log-level',
          'warn',
          '--profile',
          prof,
        ],
        { cwd: dir, timeout: 60_000 },
        (_err, out) => resolve({ code: child.exitCode, stdout: out }),
      );
    });
    expect(code).toBe(0);
    expect(stdout).toContain('Run summary');
    const summary = JSON.parse(fs.readFileSync(path.join(dir, 'summary.json'), 'utf8')) as {
      lastTick: number;
      openOrdersAtExit: number;
      pnl: { total: number | null };
    };
    expect(summary.openOrdersAtExit).toBe(0);
    expect(typeof summary.pnl.total).toBe('number');
    expect(summary.lastTick).toBeGreaterThanOrEqual(39);
    // main, one per security worker (USD, BULL, BEAR, RITC), and each pool thread: every file named and readable.
    const threads = JSON.parse(fs.readFileSync(path.join(prof, 'threads.json'), 'utf8')) as {
      threads: Array<{ role: string; file: string | null }>;
      unassigned: string[];
    };
    const roles = threads.threads.map((t) => t.role);
    expect(roles.filter((r) => r === 'main')).toHaveLength(1);
    expect(roles.filter((r) => r.startsWith('feed:')).sort()).toEqual([
      'feed:BEAR',
      'feed:BULL',
      'feed:RITC',
      'feed:USD',
    ]);
    expect(roles.filter((r) => r === 'strategy-pool').length).toBeGreaterThanOrEqual(1);
    expect(threads.unassigned).toEqual([]);
    for (const t of threads.threads) {
      const profile = JSON.parse(fs.readFileSync(path.join(prof, t.file!), 'utf8')) as {
        nodes: unknown[];
        samples: unknown[];
      };
      expect(profile.nodes.length).toBeGreaterThan(1);
    }
  }, 70_000);
});
