/**
 * `npm run bench`: every benchmark (client, quant, sim, feed, exec, reaction, eval), each compiled script
 * run as a child process with BENCH_JSON=<tmp file>, then one table with each figure beside its
 * target and beside the physical limit measured in the same run (a bare localhost HTTP round trip
 * with undici; a bare postMessage round trip between threads).
 *
 *   node dist/scripts/bench.js [--only client,sim] [--quick] [--json FILE]
 *
 * A bench that misses a target, crashes or is not built does not abort the others: its rows say so.
 * Child output goes to stderr as it runs; the combined table goes to stdout.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { BENCH_JSON_ENV, readBenchJson, type BenchRow, type FloorKind } from './lib/bench-output';
import { httpRoundTrip, threadRoundTrip, type RoundTrip } from './lib/physical';
import { fmtNum, markdownTable } from './lib/table';

export const BENCHES = ['client', 'quant', 'sim', 'feed', 'exec', 'reaction', 'eval'] as const;

/** Smaller runs for --quick (same figures, fewer samples). */
const QUICK_ARGS: Record<string, string[]> = {
  client: ['--requests', '5000', '--warmup', '1000'],
  feed: ['--seconds', '2', '--polls', '20000'],
  reaction: ['--samples', '15'],
  eval: ['--seeds', '2'],
};

interface ChildOutcome {
  rows: BenchRow[];
  exitCode: number | null;
  ms: number;
  note?: string;
}

function runChild(name: string, file: string, args: string[], timeoutMs: number): Promise<ChildOutcome> {
  const json = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-')), `${name}.json`);
  const t0 = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [file, ...args], {
      env: { ...process.env, [BENCH_JSON_ENV]: json },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const prefix = (chunk: Buffer) => process.stderr.write(chunk.toString().replace(/^(?=.)/gm, `[${name}] `));
    child.stdout.on('data', prefix);
    child.stderr.on('data', prefix);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const ms = Date.now() - t0;
      let rows: BenchRow[] = [];
      let note: string | undefined;
      try {
        rows = fs.existsSync(json) ? readBenchJson(json) : [];
        if (rows.length === 0) note = `no BENCH_JSON rows (exit ${code ?? signal})`;
      } catch (e) {
        note = `unreadable BENCH_JSON: ${(e as Error).message}`;
      }
      if (signal === 'SIGKILL') note = `timed out after ${Math.round(timeoutMs / 1000)} s`;
      else if (code !== 0 && code !== null) note = `${note ? note + '; ' : ''}exit code ${code}`;
      resolve({ rows, exitCode: code, ms, note });
    });
  });
}

function fmtValue(v: BenchRow['value']): string {
  if (v === null) return '—';
  if (typeof v === 'string') return v;
  const a = Math.abs(v);
  return fmtNum(v, a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : 3);
}

function floorText(kind: FloorKind | undefined, http: RoundTrip | null, thread: RoundTrip | null): string {
  const rt = kind === 'http-rtt' ? http : kind === 'thread-rtt' ? thread : null;
  if (!rt) return '';
  const label = kind === 'http-rtt' ? 'HTTP RTT' : 'postMessage RTT';
  return `${label} p50 ${fmtNum(rt.p50Us, 0)} µs / p99 ${fmtNum(rt.p99Us, 0)} µs`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      only: { type: 'string' },
      quick: { type: 'boolean', default: false },
      json: { type: 'string' },
      'timeout-s': { type: 'string', default: '900' },
    },
  });
  const only = values.only ? values.only.split(',').map((s) => s.trim()) : [...BENCHES];
  const timeoutMs = Number(values['timeout-s']) * 1000;
  const started = new Date();

  process.stderr.write('physical limits: bare undici HTTP round trip and postMessage round trip …\n');
  let http: RoundTrip | null = null;
  let thread: RoundTrip | null = null;
  try {
    http = await httpRoundTrip();
  } catch (e) {
    process.stderr.write(`HTTP round trip failed: ${(e as Error).message}\n`);
  }
  try {
    thread = await threadRoundTrip();
  } catch (e) {
    process.stderr.write(`postMessage round trip failed: ${(e as Error).message}\n`);
  }

  const all: BenchRow[] = [];
  const runs: { name: string; ms: number; note?: string }[] = [];
  for (const name of only) {
    const file = path.join(__dirname, `bench-${name}.js`);
    if (!fs.existsSync(file)) {
      runs.push({ name, ms: 0, note: `not built (${path.relative(process.cwd(), file)} missing)` });
      continue;
    }
    process.stderr.write(`\n=== bench:${name} ===\n`);
    const r = await runChild(name, file, values.quick ? (QUICK_ARGS[name] ?? []) : [], timeoutMs);
    all.push(...r.rows);
    runs.push({ name, ms: r.ms, note: r.note });
  }

  // Physical limits first: everything else is read against them.
  const limits: BenchRow[] = [];
  if (http) {
    limits.push({
      group: 'limit',
      name: 'bare localhost HTTP round trip (undici → node:http, child process): p50',
      value: http.p50Us,
      unit: 'µs',
    });
    limits.push({ group: 'limit', name: 'bare localhost HTTP round trip: p99', value: http.p99Us, unit: 'µs' });
  }
  if (thread) {
    limits.push({
      group: 'limit',
      name: 'bare postMessage round trip between threads: p50',
      value: thread.p50Us,
      unit: 'µs',
    });
    limits.push({ group: 'limit', name: 'bare postMessage round trip: p99', value: thread.p99Us, unit: 'µs' });
  }
  const table = [...limits, ...all].map((r) => [
    r.group,
    r.name,
    fmtValue(r.value),
    r.unit,
    r.target ?? '',
    r.pass === undefined ? '' : r.pass ? 'yes' : 'NO',
    floorText(r.floor, http, thread),
  ]);
  for (const r of runs) if (r.note) table.push([r.name, `(${r.note})`, '—', '', '', 'NO', '']);
  const withTarget = all.filter((r) => r.pass !== undefined);
  const met = withTarget.filter((r) => r.pass).length;

  const cpus = os.cpus();
  console.log(`\n## npm run bench — ${started.toISOString()}\n`);
  console.log(
    `Machine: ${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GB, Node ${process.version}, ${os.platform()} ${os.arch()}\n`,
  );
  console.log(
    markdownTable(['bench', 'figure', 'value', 'unit', 'target', 'met', 'physical limit (same run)'], table, [
      'l',
      'l',
      'r',
      'l',
      'l',
      'l',
      'l',
    ]),
  );
  console.log(
    `\n${met} of ${withTarget.length} targets met; ${runs.map((r) => `${r.name} ${(r.ms / 1000).toFixed(0)} s${r.note ? ' (' + r.note + ')' : ''}`).join(', ')}`,
  );
  if (values.json)
    fs.writeFileSync(
      values.json,
      JSON.stringify({ started: started.toISOString(), limits, rows: all, runs }, null, 2) + '\n',
    );
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exitCode = 1;
});
