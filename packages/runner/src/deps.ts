import * as path from 'node:path';
import { request } from 'undici';
import { DEFAULT_API_KEY, simMain as realSimMain, startSimWorker } from '@ritc/sim';
import type { RunConfig } from './config';
import { DIST_DIR, startEngine } from './engine';
import type { EmbeddedSimulator, RunDeps } from './run';

/**
 * Starts the simulator in a worker thread of its own (as RIT is a process of its own: the exchange
 * never competes with the coordinator for the main thread) on an ephemeral 127.0.0.1 port, paused
 * at tick 0: runTrading calls start() once the engine has spawned its threads, so no tick is missed.
 */
export async function startEmbeddedSimulator(
  sim: RunConfig['sim'],
  _logger?: unknown,
  distDir = DIST_DIR,
): Promise<EmbeddedSimulator> {
  const apiKey = DEFAULT_API_KEY;
  const handle = await startSimWorker(path.join(distDir, 'sim.worker.js'), {
    port: 0,
    host: '127.0.0.1',
    seed: sim.seed,
    tickMs: sim.tickMs,
    ...(sim.ticks === null ? {} : { ticks: sim.ticks }),
    ...(sim.case === null ? {} : { case: sim.case }),
    ...(sim.clock === 'virtual' ? { clock: 'virtual' as const } : {}),
    ...(sim.minTickMs === null ? {} : { minTickMs: sim.minTickMs }),
    autoStart: false,
    apiKey,
  });
  const control = handle.url.replace(/\/v1$/, '/sim');
  return {
    apiUrl: handle.url,
    apiKey,
    start: () => {
      void request(`${control}/resume`, { method: 'POST', headers: { 'x-api-key': apiKey } })
        .then((r) => r.body.dump())
        .catch(() => {
          /* the engine sees a case that never starts and the run reports it */
        });
    },
    close: () => handle.stop(),
  };
}

/** The real engine (./engine) and the embedded simulator. */
export function loadDefaultDeps(): RunDeps {
  return { startEngine: (ctx) => startEngine(ctx), startSimulator: (sim) => startEmbeddedSimulator(sim) };
}

export function loadSimMain(): (argv: string[]) => Promise<number> {
  return realSimMain;
}
