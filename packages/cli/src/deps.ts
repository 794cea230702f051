import { simMain as realSimMain, startSimServer } from '@ritc/sim';
import type { RunConfig } from './config';
import { Errors } from './errors';
import type { EmbeddedSimulator, RunDeps } from './run';

/**
 * Starts the simulator in this process on an ephemeral 127.0.0.1 port, paused at tick 0:
 * runTrading calls start() once the engine has spawned its threads, so no tick is missed.
 */
export async function startEmbeddedSimulator(sim: RunConfig['sim']): Promise<EmbeddedSimulator> {
  const server = await startSimServer({ port: 0, seed: sim.seed, tickMs: sim.tickMs, ticks: sim.ticks, autoStart: false });
  return {
    apiUrl: server.url,
    apiKey: server.apiKey,
    start: () => server.resume(),
    close: () => server.close(),
  };
}

/**
 * The real engine and simulator. The engine is looked up at run time so the CLI builds and runs
 * before it lands: `@ritc/engine` must export `startEngine(ctx: StartEngineContext): Promise<EngineLike>`
 * (the integrator may instead pass deps to runCli).
 */
export function loadDefaultDeps(): RunDeps {
  const startEngine = tryRequire('@ritc/engine')?.startEngine;
  return {
    startEngine: typeof startEngine === 'function'
      ? (startEngine as RunDeps['startEngine'])
      : () => Promise.reject(Errors.notAvailable('the trading engine (@ritc/engine startEngine)')),
    startSimulator: startEmbeddedSimulator,
  };
}

export function loadSimMain(): (argv: string[]) => Promise<number> {
  return realSimMain;
}

function tryRequire(id: string): Record<string, unknown> | null {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(id) as Record<string, unknown>;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' && String((e as Error).message).includes(id)) return null;
    throw e;
  }
}
