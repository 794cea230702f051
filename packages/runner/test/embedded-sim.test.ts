import { EventEmitter } from 'node:events';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import type { EngineEvent } from '@ritc/engine';
import { resolveConfig } from '../src/config';
import { startEmbeddedSimulator } from '../src/deps';
import { runTrading } from '../src/run';
import type { EngineLike } from '../src/seam';

async function getCase(apiUrl: string, apiKey: string | null): Promise<{ tick: number; status: string }> {
  const r = await fetch(`${apiUrl}/case`, { headers: apiKey ? { 'X-API-Key': apiKey } : {} });
  expect(r.status).toBe(200);
  return (await r.json()) as { tick: number; status: string };
}

describe('embedded simulator (real @ritc/sim over HTTP)', () => {
  it('waits at tick 0 until start(), then runs the case', async () => {
    const sim = await startEmbeddedSimulator({
      seed: 1,
      tickMs: 20,
      ticks: 300,
      case: null,
      clock: 'wall',
      minTickMs: null,
    });
    try {
      expect(sim.apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
      expect((await getCase(sim.apiUrl, sim.apiKey)).tick).toBe(0);
      sim.start!();
      let c = await getCase(sim.apiUrl, sim.apiKey);
      for (let i = 0; i < 100 && c.tick < 2; i++) {
        await new Promise((r) => setTimeout(r, 20));
        c = await getCase(sim.apiUrl, sim.apiKey);
      }
      expect(c.tick).toBeGreaterThanOrEqual(2);
    } finally {
      await sim.close();
    }
  });

  it('runTrading trades a short case end to end with a polling fake engine', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ritc-emb-'));
    try {
      const config = resolveConfig({
        command: 'default',
        cwd: dir,
        flags: { seed: 3, tickMs: 20, ticks: 8, reportDir: 'r', dashboard: false },
      });
      const out: string[] = [];
      const r = await runTrading(config, {
        startSimulator: startEmbeddedSimulator,
        startEngine: async (ctx) => {
          const listeners: Array<(e: EngineEvent) => void> = [];
          let lastTick = -1;
          const engine: EngineLike = {
            on: (l) => listeners.push(l),
            start: async () => {},
            getState: () => ({}),
            waitForEnd: async () => {
              for (let i = 0; i < 500; i++) {
                const c = await getCase(ctx.apiUrl, ctx.apiKey);
                if (c.tick !== lastTick) {
                  lastTick = c.tick;
                  for (const l of listeners)
                    l({
                      type: 'market',
                      t: Date.now(),
                      tick: c.tick,
                      mids: {},
                      vpin: {},
                      positions: {},
                      nlv: 0,
                      spread: null,
                      threshold: null,
                    });
                }
                if (c.status === 'STOPPED' || c.tick >= 8) return;
                await new Promise((res) => setTimeout(res, 10));
              }
              throw new Error('case did not end');
            },
            shutdown: async () => ({ nlv: 0, positions: {}, openOrdersAtExit: 0 }),
          };
          return engine;
        },
        stdout: { write: (s: string) => out.push(s) },
        signals: new EventEmitter(),
        logStream: new Writable({ write: (_c, _e, cb) => cb() }),
      });
      expect(r.exitCode).toBe(0);
      expect(r.summary.lastTick).toBeGreaterThanOrEqual(8);
      expect(r.summary.run).toMatchObject({ command: 'default', seed: 3, tickMs: 20, ticks: 8 });
      expect(out.join('')).toContain('Run summary');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
