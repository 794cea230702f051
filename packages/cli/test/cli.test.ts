import { EventEmitter } from 'node:events';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { runCli } from '../src/cli';
import type { EngineLike } from '@ritc/runner';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    stdout: { write: (s: string) => out.push(s) },
    stderr: { write: (s: string) => err.push(s) },
    out: () => out.join(''),
    err: () => err.join(''),
  };
}

describe('runCli routing', () => {
  it('top-level --help lists every sub-command and the default flags', async () => {
    const x = io();
    expect(await runCli(['--help'], x)).toBe(0);
    for (const s of ['trade', 'sim', 'evaluate', '--seed', '--tick-ms', '--poll-delay']) expect(x.out()).toContain(s);
  });

  it.each([
    ['trade', '--api-url'],
    ['evaluate', '--seeds'],
  ])('%s --help', async (cmd, needle) => {
    const x = io();
    expect(await runCli([cmd, '--help'], x)).toBe(0);
    expect(x.out()).toContain(needle);
  });

  it('evaluate routes to the evaluate module: a bad --seeds exits 2 naming the flag', async () => {
    const x = io();
    expect(await runCli(['evaluate', '--seeds', '10-2'], x)).toBe(2);
    expect(x.err()).toContain('--seeds');
  });

  it('sim hands its argv to simMain and returns its exit code', async () => {
    const x = io();
    const seen: string[][] = [];
    expect(
      await runCli(['sim', '--port', '9999'], {
        ...x,
        simMain: async (a) => {
          seen.push(a);
          return 3;
        },
      }),
    ).toBe(3);
    expect(seen).toEqual([['--port', '9999']]);
  });

  it('bad flags exit 2 with an error naming the flag, before anything starts', async () => {
    const x = io();
    let started = false;
    const run = {
      startEngine: async (): Promise<EngineLike> => {
        started = true;
        throw new Error('no');
      },
    };
    expect(await runCli(['--tick-ms', 'slow'], { ...x, run })).toBe(2);
    expect(x.err()).toContain('--tick-ms');
    expect(await runCli(['trade', '--api-url', 'http://h:1/v1'], { ...x, run, env: {} })).toBe(2);
    expect(x.err()).toContain('RIT_API_KEY');
    expect(await runCli(['trade', '--bogus'], { ...x, run })).toBe(2);
    expect(x.err()).toContain('unknown flag --bogus');
    expect(started).toBe(false);
  });

  it('trade runs the injected engine with RIT_API_KEY and returns its exit code', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ritc-cli-'));
    try {
      const x = io();
      let key: string | null = null;
      const engine: EngineLike = {
        start: async () => {},
        on: () => {},
        getState: () => ({}),
        waitForEnd: async () => {},
        shutdown: async () => ({ nlv: 1, positions: {}, openOrdersAtExit: 0 }),
      };
      const code = await runCli(
        ['trade', '--api-url', 'http://127.0.0.1:1/v1', '--report-dir', 'r', '--no-dashboard'],
        {
          ...x,
          cwd: dir,
          env: { RIT_API_KEY: 'ENVKEY' },
          run: {
            startEngine: async (c) => {
              key = c.apiKey;
              return engine;
            },
            stdout: x.stdout,
            signals: new EventEmitter(),
            logStream: new Writable({ write: (_c, _e, cb) => cb() }),
          },
        },
      );
      expect(code).toBe(0);
      expect(key).toBe('ENVKEY');
      expect(fs.existsSync(path.join(dir, 'r', 'summary.json'))).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
