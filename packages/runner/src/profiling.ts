import * as fs from 'node:fs';
import * as inspector from 'node:inspector';
import * as path from 'node:path';

/** Roles become file names: `feed:RITC` → `feed-RITC`. */
export function safeRole(role: string): string {
  return role.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^-+|-+$/g, '') || 'thread';
}

export const MAIN_PROFILE = 'main.cpuprofile';
export const THREADS_JSON = 'threads.json';

/**
 * execArgv for a profiled worker thread. A dedicated worker (a security's feed) gets a file named
 * after its role; piscina gives every pool thread the same execArgv, so pool threads pass no role
 * and keep Node's default name, which carries the threadId (see writeThreadsJson).
 */
export function workerProfileExecArgv(dir: string, role?: string, intervalUs = 500): string[] {
  const args = ['--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-interval=${Math.max(1, Math.round(intervalUs))}`];
  if (role !== undefined) args.push(`--cpu-prof-name=${safeRole(role)}.cpuprofile`);
  return args;
}

export interface MainProfiler {
  /** Stops sampling and writes DIR/main.cpuprofile; resolves with its path. Idempotent. */
  stop(): Promise<string>;
}

/**
 * Profiles the main thread through node:inspector (`--cpu-prof` cannot be switched on after
 * start, and --profile is a run-time flag).
 */
export async function startMainProfiler(dir: string, intervalUs = 500): Promise<MainProfiler> {
  fs.mkdirSync(dir, { recursive: true });
  const session = new inspector.Session();
  session.connect();
  const post = <T = unknown>(method: string, params?: object) =>
    new Promise<T>((resolve, reject) => {
      session.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res as T)));
    });
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: Math.max(1, Math.round(intervalUs)) });
  await post('Profiler.start');
  let done: Promise<string> | null = null;
  return {
    stop() {
      done ??= (async () => {
        const file = path.join(dir, MAIN_PROFILE);
        try {
          const { profile } = await post<{ profile: unknown }>('Profiler.stop');
          fs.writeFileSync(file, JSON.stringify(profile));
        } finally {
          session.disconnect();
        }
        return file;
      })();
      return done;
    },
  };
}

export interface ThreadEntry {
  role: string;
  /** File name in DIR, when known (main, dedicated workers). */
  file?: string;
  /** Worker threadId, to find a pool thread's default-named file. */
  threadId?: number;
}

export interface ThreadsJson {
  pid: number;
  threads: Array<{ file: string | null; role: string; threadId: number | null }>;
  /** .cpuprofile files in DIR that no entry claimed. */
  unassigned: string[];
}

/** Node's default name: CPU.<yyyymmdd>.<hhmmss>.<pid>.<threadId>.<seq>.cpuprofile */
const DEFAULT_NAME_RE = /^CPU\.\d{8}\.\d{6}\.(\d+)\.(\d+)\.\d+\.cpuprofile$/;

/** Maps each profile file of DIR to its thread's role and writes DIR/threads.json. */
export function writeThreadsJson(dir: string, entries: ThreadEntry[], pid = process.pid): ThreadsJson {
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')) : [];
  const claimed = new Set<string>();
  const threads: ThreadsJson['threads'] = entries.map((e) => {
    let file = e.file ?? null;
    if (file === null && e.threadId !== undefined) {
      file =
        files.find((f) => {
          const m = DEFAULT_NAME_RE.exec(f);
          return m !== null && Number(m[1]) === pid && Number(m[2]) === e.threadId;
        }) ?? null;
    }
    if (file !== null && !files.includes(file)) file = null;
    if (file !== null) claimed.add(file);
    return { file, role: e.role, threadId: e.threadId ?? null };
  });
  const out: ThreadsJson = { pid, threads, unassigned: files.filter((f) => !claimed.has(f)).sort() };
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, THREADS_JSON), JSON.stringify(out, null, 2) + '\n');
  return out;
}
