// `tune --queue` and `evaluate --queue` end to end: a private Redis, two `node dist/main.js worker`
// processes, and the submitting command as its own process — every (set, seed) job reported exactly
// once, run by both workers, on the real engine and simulator (tiny cases: 10 ticks of 20 ms).
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startRedis, type RedisServer } from '../../evaluation/test/fixtures/redis';

const MAIN = path.join(__dirname, '..', '..', '..', 'dist', 'main.js');
const env = { ...process.env, RITC_BUILD: 'tune-queue-test' };

interface Proc {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

function start(args: string[]): Proc {
  if (!fs.existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first`);
  // Its own process group, so that stopping it takes its sandboxed children with it.
  const child = spawn(process.execPath, [MAIN, ...args], { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env });
  let out = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

async function ready(p: Proc): Promise<void> {
  const t0 = Date.now();
  while (!p.output().includes('worker ready')) {
    if (p.child.exitCode !== null) throw new Error(`worker exited: ${p.output()}`);
    if (Date.now() - t0 > 20_000) throw new Error(`worker not ready after 20 s: ${p.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

let redis: RedisServer;
const workers: Proc[] = [];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tune-queue-'));

beforeAll(async () => {
  redis = await startRedis();
  workers.push(...[0, 1].map(() => start(['worker', '--queue', redis.url, '--concurrency', '1'])));
  await Promise.all(workers.map(ready));
});

afterAll(async () => {
  for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGTERM');
  await Promise.all(workers.map((w) => w.exited));
  await redis.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

interface JobRecord {
  id: string;
  bot: string;
  params: Record<string, unknown>;
  seed: number;
  case: string;
  build: string;
  result: { ok: boolean; metrics?: Record<string, number>; worker?: string; error?: string };
}

test('tune --queue: two workers run every (set, seed) job exactly once on the real engine', async () => {
  const out = path.join(dir, 'tune');
  const p = start([
    'tune',
    ...['--param', 'mm.quoteSize=1000,2000', '--seeds', '1-2', '--ticks', '10', '--tick-ms', '20'],
    ...['--queue', redis.url, '--out', out, '--no-progress'],
  ]);
  expect(await p.exited).toBe(0);
  const doc = JSON.parse(fs.readFileSync(path.join(out, 'tune.json'), 'utf8')) as { jobs: JobRecord[]; build: string };
  expect(doc.build).toBe('tune-queue-test');
  const keys = doc.jobs.map((j) => `${JSON.stringify(j.params)}#${j.seed}`).sort();
  expect(keys).toEqual(
    [
      '{}#1',
      '{}#2',
      '{"mm.quoteSize":1000}#1',
      '{"mm.quoteSize":1000}#2',
      '{"mm.quoteSize":2000}#1',
      '{"mm.quoteSize":2000}#2',
    ].sort(),
  );
  for (const j of doc.jobs) {
    expect(j.result.error).toBeUndefined();
    expect(j.result.ok).toBe(true);
    expect(j.case).toBe('ritc-2020@10x20ms+virtual'); // tune runs on the virtual clock by default
    expect(j.bot).toBe('engine');
    // The exchange's figures came back (a 10-tick case offers a tender or none, and the engine's
    // models are still warming up, so the figures are small but present).
    for (const k of ['pnl', 'fees', 'fines', 'orders', 'tendersOffered', 'limitBreachTicks']) {
      expect(typeof j.result.metrics?.[k]).toBe('number');
    }
  }
  // Both worker processes ran jobs (a job runs in a child of its worker; the worker names itself).
  expect(new Set(doc.jobs.map((j) => j.result.worker)).size).toBe(2);
  expect(fs.readFileSync(path.join(out, 'tune.md'), 'utf8')).toContain('mm.quoteSize');
}, 90_000);

test('evaluate --queue: the same report through the workers', async () => {
  const out = path.join(dir, 'evaluate');
  const p = start([
    'evaluate',
    ...['--bots', 'naive,nothing', '--seeds', '3-4', '--ticks', '10', '--tick-ms', '20'],
    ...['--queue', redis.url, '--out', out, '--no-progress'],
  ]);
  expect(await p.exited).toBe(0);
  const report = JSON.parse(fs.readFileSync(path.join(out, 'evaluate.json'), 'utf8')) as {
    bots: Record<string, { cases: { seed: number; pnl: number }[]; failures: unknown[] }>;
  };
  expect(Object.keys(report.bots)).toEqual(['naive', 'nothing']);
  expect(report.bots.naive?.cases.map((c) => c.seed)).toEqual([3, 4]);
  expect(report.bots.nothing?.cases.map((c) => c.pnl)).toEqual([0, 0]);
  expect(report.bots.naive?.failures).toEqual([]);
  expect(fs.readFileSync(path.join(out, 'evaluate.md'), 'utf8')).toContain('naive − nothing');
}, 60_000);
