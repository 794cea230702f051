import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { formatProfileSummary, profileSummaryMain, readProfileDir, summarizeProfile } from '../src/profile-summary';
import { MAIN_PROFILE, startMainProfiler, workerProfileExecArgv, writeThreadsJson } from '@ritc/runner';

// A worker that burns CPU in a named function for a while, then exits (writing its profile). 600 ms:
// a thread starting on a loaded machine spent over 150 ms in Node's module loader
// (compileForInternalLoader), which then topped its profile.
const WORKER_SRC = `
function burnInWorker(ms) { const end = Date.now() + ms; let x = 0; while (Date.now() < end) x += Math.sqrt(x + 1); return x; }
burnInWorker(600);
`;

function burnInMain(ms: number): number {
  const end = Date.now() + ms;
  let x = 0;
  while (Date.now() < end) x += Math.sqrt(x + 1);
  return x;
}

function runWorker(file: string, execArgv: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const w = new Worker(file, { execArgv });
    const id = w.threadId;
    w.on('error', reject);
    w.on('exit', () => resolve(id));
  });
}

describe('per-thread CPU profiles', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ritc-prof-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('workerProfileExecArgv names dedicated workers and leaves pool threads to Node', () => {
    expect(workerProfileExecArgv('/p', 'feed:RITC', 250)).toEqual([
      '--cpu-prof',
      '--cpu-prof-dir=/p',
      '--cpu-prof-interval=250',
      '--cpu-prof-name=feed-RITC.cpuprofile',
    ]);
    expect(workerProfileExecArgv('/p').some((a) => a.startsWith('--cpu-prof-name'))).toBe(false);
  });

  it('profiles main + a named worker + a pool-style worker; threads.json and the summary read them', async () => {
    const workerFile = path.join(dir, 'burn.js');
    fs.writeFileSync(workerFile, WORKER_SRC);
    const profDir = path.join(dir, 'prof');
    const main = await startMainProfiler(profDir, 200);
    const [, poolThreadId] = await Promise.all([
      runWorker(workerFile, workerProfileExecArgv(profDir, 'feed:TEST', 200)),
      runWorker(workerFile, workerProfileExecArgv(profDir, undefined, 200)),
    ]);
    burnInMain(150);
    expect(await main.stop()).toBe(path.join(profDir, MAIN_PROFILE));

    const tj = writeThreadsJson(profDir, [
      { role: 'main', file: MAIN_PROFILE },
      { role: 'feed:TEST', file: 'feed-TEST.cpuprofile' },
      { role: 'pool', threadId: poolThreadId },
    ]);
    expect(tj.threads.every((t) => t.file !== null)).toBe(true);
    expect(tj.threads[2]?.file).toMatch(
      new RegExp(`^CPU\\.\\d{8}\\.\\d{6}\\.${process.pid}\\.${poolThreadId}\\.\\d+\\.cpuprofile$`),
    );
    expect(tj.unassigned).toEqual([]);
    expect(JSON.parse(fs.readFileSync(path.join(profDir, 'threads.json'), 'utf8'))).toEqual(tj);

    const threads = readProfileDir(profDir, 5);
    expect(threads.map((t) => t.role).sort()).toEqual(['feed:TEST', 'main', 'pool']);
    expect(threads[0]?.role).toBe('main');
    const byRole = Object.fromEntries(threads.map((t) => [t.role, t]));
    for (const role of ['feed:TEST', 'pool']) {
      expect(byRole[role]?.top[0]?.name).toBe('burnInWorker');
      expect(byRole[role]?.top[0]?.location).toBe('burn.js:2');
    }
    expect(byRole.main?.top.map((f) => f.name)).toContain('burnInMain');
    for (const t of threads) {
      expect(t.samples).toBeGreaterThan(10);
      expect(t.top.reduce((a, f) => a + f.pct, 0)).toBeLessThanOrEqual(100.0001);
    }

    const text = formatProfileSummary(threads);
    expect(text).toContain('feed:TEST  (feed-TEST.cpuprofile)');
    expect(text).toMatch(/burnInWorker\s+burn\.js:2/);

    const out: string[] = [];
    expect(
      profileSummaryMain(
        [profDir, '--top', '3'],
        (s) => out.push(s),
        () => {},
      ),
    ).toBe(0);
    expect(out.join('')).toContain('burnInMain');
  }, 30_000);

  it('summarizeProfile charges each sample until the next one', () => {
    const p = {
      nodes: [
        { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: -1 } },
        { id: 2, callFrame: { functionName: 'a', url: 'file:///x/a.js', lineNumber: 9 } },
        { id: 3, callFrame: { functionName: '(idle)', url: '', lineNumber: -1 } },
      ],
      startTime: 0,
      endTime: 100,
      samples: [2, 2, 3],
      timeDeltas: [10, 20, 30],
    };
    const s = summarizeProfile(p);
    expect(s.totalUs).toBe(90);
    expect(s.idleUs).toBe(40);
    expect(s.top[0]).toEqual({ name: 'a', location: 'a.js:10', selfUs: 50, pct: (100 * 50) / 90 });
  });

  it('profileSummaryMain reports bad input with exit 2', () => {
    const err: string[] = [];
    expect(
      profileSummaryMain(
        [path.join(dir, 'nope')],
        () => {},
        (s) => err.push(s),
      ),
    ).toBe(2);
    expect(err.join('')).toContain('no such directory');
    expect(
      profileSummaryMain(
        [dir],
        () => {},
        (s) => err.push(s),
      ),
    ).toBe(2);
    expect(err.join('')).toContain('no .cpuprofile files');
    fs.writeFileSync(path.join(dir, 'x.cpuprofile'), '{"nodes": 1}');
    expect(
      profileSummaryMain(
        [dir],
        () => {},
        (s) => err.push(s),
      ),
    ).toBe(2);
    expect(err.join('')).toContain('x.cpuprofile is not a V8 CPU profile');
    expect(
      profileSummaryMain(
        [dir, '--top', 'x'],
        () => {},
        (s) => err.push(s),
      ),
    ).toBe(2);
    expect(err.join('')).toContain('--top');
  });
});
