/**
 * `node dist/scripts/bench-eval.js [--seeds N] [--tick-ms MS] [--ticks N] [--clock wall|virtual]`: evaluation throughput —
 * engine cases per core-minute run in this process (the local runner), at the tune default tick and at
 * evaluate's older 50 ms tick, on the simulator's virtual clock (a tick ends once the engine is done
 * with it, the tick length its maximum wait), and through a BullMQ queue on a private Redis with two
 * `node dist/main.js worker` processes, on either clock. Core-minutes are the CPU time the run used (every thread of
 * this process; for the queue also the workers, their case processes and Redis, read from this
 * process's reaped children), so the figure does not depend on how loaded the machine is; cases per
 * wall-minute are shown beside it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { JOB_MODULE, TUNE_DEFAULTS, caseKey, makeCaseJob } from '@ritc/evaluation';
import { runLocal, submitJobs, type JobResult, type JobSpec } from '@ritc/evaluation';
import { writeBenchJson, type BenchRow } from './lib/bench-output';
import { markdownTable } from './lib/table';

const MAIN = path.join(__dirname, '..', 'main.js');
const CLK_TCK = 100;

/** CPU seconds of this process's reaped children (utime + stime of waited-for descendants). */
function childrenCpuS(): number {
  const stat = fs.readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the command name: state is field 3; cutime and cstime are fields 16 and 17.
  const cutime = Number(fields[13]);
  const cstime = Number(fields[14]);
  return (cutime + cstime) / CLK_TCK;
}

const selfCpuS = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

function jobsFor(
  seeds: number,
  ticks: number,
  tickMs: number,
  build: string,
  clock: 'wall' | 'virtual' = 'wall',
): JobSpec[] {
  const kase = caseKey({ name: 'ritc-2020', ticks, tickMs, clock, minTickMs: null });
  return Array.from({ length: seeds }, (_, i) => ({ bot: 'engine', params: {}, seed: i + 1, case: kase, build }));
}

interface Measured {
  cases: number;
  failed: number;
  cpuS: number;
  wallS: number;
}

async function local(jobs: JobSpec[]): Promise<Measured> {
  const c0 = selfCpuS();
  const t0 = performance.now();
  const results = await runLocal(jobs, makeCaseJob());
  return measured(results, selfCpuS() - c0, (performance.now() - t0) / 1000);
}

function measured(results: JobResult[], cpuS: number, wallS: number): Measured {
  for (const r of results) if (!r.ok) process.stderr.write(`job on seed ${r.spec.seed} failed: ${r.error ?? '?'}\n`);
  return { cases: results.filter((r) => r.ok).length, failed: results.filter((r) => !r.ok).length, cpuS, wallS };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const a = srv.address();
      srv.close(() => (a !== null && typeof a === 'object' ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

function waitFor(child: ChildProcess, text: string, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = '';
    const t = setTimeout(() => reject(new Error(`${what} not ready after 30 s: ${out.slice(-400)}`)), 30_000);
    const on = (b: Buffer) => {
      out += b.toString();
      if (out.includes(text)) {
        clearTimeout(t);
        resolve();
      }
    };
    child.stdout?.on('data', on);
    child.stderr?.on('data', (b: Buffer) => (out += b.toString()));
    child.once('exit', (code) => {
      clearTimeout(t);
      reject(new Error(`${what} exited ${code}: ${out.slice(-400)}`));
    });
  });
}

const exited = (c: ChildProcess): Promise<void> =>
  c.exitCode !== null || c.signalCode !== null ? Promise.resolve() : new Promise((r) => c.once('exit', () => r()));

async function queue(jobs: JobSpec[]): Promise<Measured | string> {
  const bin = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((p) => fs.existsSync(p));
  if (bin === undefined) return 'redis-server not installed (apt-get install redis-server)';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-redis-'));
  const port = await freePort();
  const c0 = childrenCpuS();
  const s0 = selfCpuS();
  const redis = spawn(
    bin,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const workers: ChildProcess[] = [];
  try {
    await waitFor(redis, 'Ready to accept connections', 'redis-server');
    const url = `redis://127.0.0.1:${port}`;
    for (let i = 0; i < 2; i++) {
      workers.push(
        spawn(process.execPath, [MAIN, 'worker', '--queue', url, '--concurrency', '1'], {
          stdio: ['ignore', 'pipe', 'pipe'],
        }),
      );
    }
    await Promise.all(workers.map((w, i) => waitFor(w, 'worker ready', `worker ${i + 1}`)));
    const t0 = performance.now();
    const { results } = await submitJobs({ url, jobs, jobModule: JOB_MODULE });
    const wallS = (performance.now() - t0) / 1000;
    for (const w of workers) w.kill('SIGTERM');
    await Promise.all(workers.map(exited));
    redis.kill('SIGTERM');
    await exited(redis);
    return measured(results, childrenCpuS() - c0 + selfCpuS() - s0, wallS);
  } finally {
    for (const w of workers) if (w.exitCode === null) w.kill('SIGKILL');
    if (redis.exitCode === null) redis.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seeds: { type: 'string', default: '4' },
      'tick-ms': { type: 'string', default: String(TUNE_DEFAULTS.tickMs) },
      ticks: { type: 'string', default: String(TUNE_DEFAULTS.ticks) },
      // One clock's rows only (default both): the virtual clock's take a few minutes less.
      clock: { type: 'string' },
    },
  });
  const clock = values.clock;
  if (clock !== undefined && clock !== 'wall' && clock !== 'virtual')
    throw new Error(`--clock must be wall or virtual, got '${clock}'`);
  const wall = clock !== 'virtual';
  const virtual = clock !== 'wall';
  const seeds = Number(values.seeds);
  const tickMs = Number(values['tick-ms']);
  const ticks = Number(values.ticks);
  const build = `bench-${Date.now()}`;
  const rows: BenchRow[] = [];
  const add = (label: string, m: Measured | string) => {
    if (typeof m === 'string') {
      rows.push({ group: 'eval', name: `${label}: cases per core-minute`, value: m, unit: '' });
      return;
    }
    const failed = m.failed > 0 ? `, ${m.failed} failed` : '';
    process.stderr.write(
      `${label}: ${m.cases} cases${failed}, ${m.cpuS.toFixed(1)} CPU s, ${m.wallS.toFixed(1)} s wall\n`,
    );
    rows.push({
      group: 'eval',
      name: `${label}: cases per core-minute`,
      value: (m.cases / m.cpuS) * 60,
      unit: 'cases/core-min',
    });
    rows.push({
      group: 'eval',
      name: `${label}: cases per wall-minute`,
      value: (m.cases / m.wallS) * 60,
      unit: 'cases/min',
    });
  };
  const what = `engine, ${seeds} seeds × ${ticks} ticks`;
  if (wall) {
    process.stderr.write(`local, ${tickMs} ms ticks …\n`);
    add(`local, ${what} of ${tickMs} ms`, await local(jobsFor(seeds, ticks, tickMs, build)));
  }
  if (wall && tickMs !== 50) {
    process.stderr.write('local, 50 ms ticks (evaluate before tune) …\n');
    add(`local, ${what} of 50 ms`, await local(jobsFor(seeds, ticks, 50, build)));
  }
  if (virtual) {
    process.stderr.write(`local, virtual clock, ${tickMs} ms at most …\n`);
    add(
      `local, ${what} of ${tickMs} ms at most, virtual clock`,
      await local(jobsFor(seeds, ticks, tickMs, build, 'virtual')),
    );
  }
  if (wall) {
    process.stderr.write(`queue, two workers, ${tickMs} ms ticks …\n`);
    add(`queue (Redis + 2 workers), ${what} of ${tickMs} ms`, await queue(jobsFor(seeds, ticks, tickMs, `${build}-q`)));
  }
  if (virtual) {
    process.stderr.write(`queue, two workers, virtual clock …\n`);
    add(
      `queue (Redis + 2 workers), ${what} of ${tickMs} ms at most, virtual clock`,
      await queue(jobsFor(seeds, ticks, tickMs, `${build}-q`, 'virtual')),
    );
  }
  console.log(
    markdownTable(
      ['figure', 'value', 'unit'],
      rows.map((r) => [r.name, typeof r.value === 'number' ? r.value.toFixed(1) : String(r.value), r.unit]),
      ['l', 'r', 'l'],
    ),
  );
  writeBenchJson(rows);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exitCode = 1;
});
