import type { RunDeps } from './run';
import { Errors } from './errors';

/**
 * Finds the engine and the embedded simulator at run time. The integrator wires the real ones
 * here (or passes deps to runCli); until then a run reports clearly that they are missing.
 *
 * Looked up: `@ritc/engine` export `startEngine(ctx: StartEngineContext): Promise<EngineLike>` and
 * `@ritc/sim` export `startSimulator(sim, logger): Promise<EmbeddedSimulator>`.
 */
export function loadDefaultDeps(): RunDeps {
  const engine = tryRequire('@ritc/engine');
  const sim = tryRequire('@ritc/sim');
  const startEngine = engine?.startEngine;
  const startSimulator = sim?.startSimulator;
  return {
    startEngine: typeof startEngine === 'function'
      ? (startEngine as RunDeps['startEngine'])
      : () => Promise.reject(Errors.notAvailable('the trading engine (@ritc/engine startEngine)')),
    startSimulator: typeof startSimulator === 'function' ? (startSimulator as NonNullable<RunDeps['startSimulator']>) : undefined,
  };
}

/** `simMain(argv)` of @ritc/sim, when that package provides it. */
export function loadSimMain(): ((argv: string[]) => Promise<number>) | null {
  const f = tryRequire('@ritc/sim')?.simMain;
  return typeof f === 'function' ? (f as (argv: string[]) => Promise<number>) : null;
}

// A dynamic require so the CLI builds and runs before the engine and simulator land.
function tryRequire(id: string): Record<string, unknown> | null {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(id) as Record<string, unknown>;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' && String((e as Error).message).includes(id)) return null;
    throw e;
  }
}
