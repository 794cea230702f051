/** The naive bot as the harness starts it: with the run's poll delay and, on the virtual clock, its tick length. */
import { signalsVirtualClock, type EngineLike, type RunConfig } from '@ritc/runner';
import { NaiveTenderBot } from './naive';

/** The naive bot as a `RunDeps['startEngine']` factory; it polls with the run's default poll delay. */
export function startNaiveBot(ctx: {
  apiUrl: string;
  apiKey: string | null;
  config: Pick<RunConfig, 'command' | 'sim'> & { pollDelayMs: { default: number } };
}): Promise<EngineLike> {
  // A throw while building it still reaches the caller as a rejection.
  return new Promise((resolve) =>
    resolve(
      new NaiveTenderBot({
        apiUrl: ctx.apiUrl,
        apiKey: ctx.apiKey ?? '',
        pollMs: ctx.config.pollDelayMs.default,
        readySignal: signalsVirtualClock(ctx.config),
        ...(signalsVirtualClock(ctx.config) ? { virtualTickMs: ctx.config.sim.tickMs } : {}),
      }),
    ),
  );
}
