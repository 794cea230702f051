/** Test helper: the standalone simulator as a user starts it, in its own process (packages/sim/dist/main.js). */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export const SIM_MAIN = path.resolve(__dirname, '../dist/main.js');

export interface SimProcess {
  proc: ChildProcess;
  /** e.g. http://127.0.0.1:PORT/v1 */
  url: string;
  root: string;
  output(): string;
  /** Resolves when stdout has matched `re` (rejects after `ms`). */
  waitFor(re: RegExp, ms?: number): Promise<void>;
  /** Resolves with the exit code (rejects after `ms`). */
  exited(ms?: number): Promise<number | null>;
}

export async function spawnSim(args: string[]): Promise<SimProcess> {
  if (!existsSync(SIM_MAIN)) throw new Error(`${SIM_MAIN} is missing: build first (npx tsc -b packages/sim)`);
  const proc = spawn(process.execPath, [SIM_MAIN, '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const waiters: { re: RegExp; resolve: () => void }[] = [];
  const onData = (chunk: Buffer): void => {
    out += chunk.toString();
    for (const w of [...waiters])
      if (w.re.test(out)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
  };
  proc.stdout.on('data', onData);
  proc.stderr.on('data', onData);
  let exitCode: number | null | undefined;
  const exit = new Promise<number | null>((resolve) =>
    proc.once('exit', (code) => {
      exitCode = code;
      resolve(code);
    }),
  );
  const waitFor = (re: RegExp, ms = 15_000): Promise<void> =>
    new Promise((resolve, reject) => {
      if (re.test(out)) return resolve();
      const t = setTimeout(() => reject(new Error(`timed out waiting for ${re} in:\n${out}`)), ms).unref();
      waiters.push({
        re,
        resolve: () => {
          clearTimeout(t);
          resolve();
        },
      });
      void exit.then(() => {
        if (!re.test(out)) {
          clearTimeout(t);
          reject(new Error(`simulator exited (${exitCode}) before ${re}:\n${out}`));
        }
      });
    });
  await waitFor(/listening on (http:\/\/\S+\/v1)/);
  const m = /listening on (http:\/\/\S+\/v1)/.exec(out);
  if (m?.[1] === undefined) throw new Error(`no URL in: ${out}`);
  const url = m[1];
  return {
    proc,
    url,
    root: url.replace(/\/v1$/, ''),
    output: () => out,
    waitFor,
    exited: (ms = 15_000) =>
      Promise.race([
        exit,
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error(`no exit after ${ms} ms:\n${out}`)), ms).unref(),
        ),
      ]),
  };
}
