import * as fs from 'node:fs';
import * as path from 'node:path';
import { THREADS_JSON, type ThreadsJson } from '@ritc/runner';

/** The parts of a V8 .cpuprofile this summary reads. Times in µs. */
export interface CpuProfile {
  nodes: Array<{
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number; columnNumber?: number };
  }>;
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface FunctionSelfTime {
  name: string;
  /** `file:line` (1-based line), or '' for V8 pseudo-frames such as (idle). */
  location: string;
  selfUs: number;
  /** Share of the thread's sampled time, 0–100. */
  pct: number;
}

export interface ThreadProfileSummary {
  file: string;
  role: string;
  totalUs: number;
  idleUs: number;
  samples: number;
  top: FunctionSelfTime[];
}

const PSEUDO = new Set(['(idle)', '(program)', '(garbage collector)', '(root)']);

function isProfile(p: unknown): p is CpuProfile {
  const o = p as CpuProfile;
  return (
    typeof p === 'object' &&
    p !== null &&
    Array.isArray(o.nodes) &&
    typeof o.startTime === 'number' &&
    typeof o.endTime === 'number'
  );
}

/**
 * Self time per function: each sample lasts until the next one (the last until endTime), and is
 * charged to the node it hit. Functions are merged by name and location across call paths.
 */
export function summarizeProfile(p: CpuProfile, topN = 10): Omit<ThreadProfileSummary, 'file' | 'role'> {
  const samples = p.samples ?? [];
  const deltas = p.timeDeltas ?? [];
  const byNode = new Map<number, number>();
  let ts = p.startTime;
  const hits: Array<{ node: number; at: number }> = [];
  for (const [i, node] of samples.entries()) {
    ts += deltas[i] ?? 0;
    hits.push({ node, at: ts });
  }
  for (const [i, h] of hits.entries()) {
    const dur = Math.max(0, (hits[i + 1]?.at ?? p.endTime) - h.at);
    byNode.set(h.node, (byNode.get(h.node) ?? 0) + dur);
  }
  const byFn = new Map<string, FunctionSelfTime>();
  let total = 0;
  let idle = 0;
  const nodes = new Map(p.nodes.map((n) => [n.id, n]));
  for (const [id, us] of byNode) {
    total += us;
    const cf = nodes.get(id)?.callFrame;
    const name = cf?.functionName || '(anonymous)';
    if (name === '(idle)') idle += us;
    const location = cf && cf.url && !PSEUDO.has(name) ? `${path.basename(cf.url)}:${cf.lineNumber + 1}` : '';
    const key = `${name}\u0000${location}`;
    const f = byFn.get(key) ?? { name, location, selfUs: 0, pct: 0 };
    f.selfUs += us;
    byFn.set(key, f);
  }
  const top = [...byFn.values()]
    .sort((a, b) => b.selfUs - a.selfUs)
    .slice(0, topN)
    .map((f) => ({ ...f, pct: total > 0 ? (100 * f.selfUs) / total : 0 }));
  return { totalUs: total, idleUs: idle, samples: samples.length, top };
}

/** Reads every .cpuprofile in DIR (roles from threads.json when present), main first. */
export function readProfileDir(dir: string, topN = 10): ThreadProfileSummary[] {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .sort();
  const roles = new Map<string, string>();
  const tj = path.join(dir, THREADS_JSON);
  if (fs.existsSync(tj)) {
    try {
      const j = JSON.parse(fs.readFileSync(tj, 'utf8')) as Partial<ThreadsJson>;
      for (const t of j.threads ?? []) if (t.file) roles.set(t.file, t.role);
    } catch (e) {
      throw new Error(`${THREADS_JSON} in ${dir} is not valid JSON: ${(e as Error).message}`, { cause: e });
    }
  }
  const out: ThreadProfileSummary[] = [];
  for (const f of files) {
    let p: unknown;
    try {
      p = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
    } catch (e) {
      throw new Error(`${f} is not valid JSON: ${(e as Error).message}`, { cause: e });
    }
    if (!isProfile(p)) throw new Error(`${f} is not a V8 CPU profile (no nodes/startTime/endTime)`);
    out.push({ file: f, role: roles.get(f) ?? f.replace(/\.cpuprofile$/, ''), ...summarizeProfile(p, topN) });
  }
  return out.sort((a, b) => (a.role === 'main' ? -1 : b.role === 'main' ? 1 : a.role.localeCompare(b.role)));
}

const ms = (us: number) => `${(us / 1000).toFixed(1)} ms`;

/** Top self-time functions per thread as text tables. */
export function formatProfileSummary(threads: ThreadProfileSummary[]): string {
  const out: string[] = [];
  for (const t of threads) {
    const busy = t.totalUs - t.idleUs;
    out.push(
      `${t.role}  (${t.file})  sampled ${ms(t.totalUs)}, busy ${ms(busy)} (${t.totalUs > 0 ? ((100 * busy) / t.totalUs).toFixed(1) : '0.0'}%), ${t.samples} samples`,
    );
    const nameW = Math.min(48, Math.max(8, ...t.top.map((f) => f.name.length)));
    const locW = Math.min(40, Math.max(8, ...t.top.map((f) => f.location.length)));
    out.push(`  ${'self'.padStart(10)}  ${'%'.padStart(6)}  ${'function'.padEnd(nameW)}  location`);
    for (const f of t.top) {
      out.push(
        `  ${ms(f.selfUs).padStart(10)}  ${f.pct.toFixed(1).padStart(5)}%  ${f.name.slice(0, nameW).padEnd(nameW)}  ${f.location.slice(0, locW)}`,
      );
    }
    out.push('');
  }
  return out.join('\n');
}

/** `profile-summary DIR [--top N]`: exit 0, or 2 with a message on bad input. */
export function profileSummaryMain(
  argv: string[],
  write: (s: string) => void = (s) => process.stdout.write(s),
  writeErr: (s: string) => void = (s) => process.stderr.write(s),
): number {
  const usage = 'Usage: node dist/scripts/profile-summary.js DIR [--top N]\n';
  const args = [...argv];
  let top = 10;
  const ti = args.indexOf('--top');
  if (ti >= 0) {
    top = Number(args[ti + 1]);
    if (!Number.isInteger(top) || top < 1) {
      writeErr(`bad value for --top: ${JSON.stringify(args[ti + 1])} (expected a positive integer)\n${usage}`);
      return 2;
    }
    args.splice(ti, 2);
  }
  const [dir] = args;
  if (args.length !== 1 || dir === undefined || dir.startsWith('-')) {
    writeErr(usage);
    return args.includes('--help') || args.includes('-h') ? 0 : 2;
  }
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    writeErr(`no such directory: ${dir}\n`);
    return 2;
  }
  try {
    const threads = readProfileDir(dir, top);
    if (threads.length === 0) {
      writeErr(`no .cpuprofile files in ${dir}\n`);
      return 2;
    }
    write(formatProfileSummary(threads));
    return 0;
  } catch (e) {
    writeErr(`${(e as Error).message}\n`);
    return 2;
  }
}
