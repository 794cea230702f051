import type { RitApi } from '@ritc/rit-client';
import type { EngineConfig } from '../config';
import { errorMessage } from '../errors';
import type { ExecutionManager } from '../execution/execution-manager';
import { monoNowMs, sleep } from '../runtime/clock';
import type { EventBus } from '../runtime/event-bus';
import type { EngineLogger } from '../runtime/logger';
import type { ShutdownReport } from './state';

/** What the shutdown needs: the engine's parts to stop, in order. */
export interface ShutdownDeps {
  em: Pick<ExecutionManager, 'queue' | 'drain' | 'pollOrders' | 'reconcilePositions' | 'close' | 'cancelAll'>;
  api: Pick<RitApi, 'getOrders' | 'deleteOrder' | 'cancelOrders'>;
  config: Pick<EngineConfig, 'shutdownDrainMs' | 'shutdownVerifyMs' | 'shutdownTimeoutMs'>;
  bus: EventBus;
  log: EngineLogger;
  /** The start-up still running, if any (it gives up at its next step). */
  startInProgress(): Promise<void> | null;
  stopLoops(): Promise<void>;
  started(): boolean;
  flatten(): Promise<void>;
  /** Books the exchange's close-out when the case is over (resolves at once otherwise). */
  closeOut(): Promise<void>;
  /** Stops the feed workers and the pool, closes the clients. */
  release(): Promise<void>;
}

/**
 * Stops strategies, cancels every open order (commands/cancel all, verified with GET /orders),
 * optionally flattens, waits for the answers, then terminates feeds and the pool. Bounded by
 * `shutdownTimeoutMs`: resources are released even if the exchange stops answering.
 */
export async function runShutdown(
  d: ShutdownDeps,
  opts: { flatten?: boolean; reason?: string },
): Promise<ShutdownReport> {
  const reason = opts.reason ?? 'shutdown';
  const report: ShutdownReport = { reason, openOrdersLeft: null, flattened: false, timedOut: false, errors: [] };
  // Nothing new leaves from here on: queued orders are dropped, and an order a 429 sends back to
  // the queue is dropped too instead of waiting for a window that a storm may never open.
  d.em.queue.close(reason);
  const work = (async () => {
    // A start in progress sees `stopping` at its next step and gives up; what it started is stopped below.
    await d
      .startInProgress()
      ?.catch((err: unknown) =>
        d.log.debug('start ended by the shutdown', { thread: 'main', error: errorMessage(err) }),
      );
    await d.stopLoops();
    if (!d.started()) return;
    // POSTs in flight get a short while for their answers (the cancel-all below covers the rest).
    await Promise.race([d.em.drain(), sleep(d.config.shutdownDrainMs)]);
    report.openOrdersLeft = await cancelAndVerify(d, reason, report);
    if (opts.flatten) {
      d.em.queue.reopen();
      await d.flatten();
      report.flattened = true;
      d.em.queue.close(reason);
      report.openOrdersLeft = await cancelAndVerify(d, reason, report);
    }
    await d.em.pollOrders().catch((err: unknown) => report.errors.push(errorMessage(err)));
    // A fill the order polls never showed (an order whose answer a fault lost) would otherwise leave
    // the final positions off the exchange's: one last comparison with the exchange's positions
    // books it as a counted, logged correction. It does nothing once the case is over (the
    // close-out below books that per source).
    // A failed read here leaves the positions as the polls had them: worth a warning, not a run error.
    await d.em
      .reconcilePositions()
      .catch((err: unknown) => d.log.warn('final position check failed', { error: errorMessage(err) }));
    await d.closeOut();
  })();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      report.timedOut = true;
      resolve();
    }, d.config.shutdownTimeoutMs);
  });
  await Promise.race([
    work.catch((err: unknown) => {
      report.errors.push(errorMessage(err));
    }),
    timeout,
  ]);
  clearTimeout(timer);
  d.em.close();
  await d.release();
  d.bus.emit({
    type: 'log',
    t: monoNowMs(),
    level: 'info',
    thread: 'main',
    message: `engine stopped (${reason}); open orders left: ${String(report.openOrdersLeft)}`,
  });
  return report;
}

async function cancelAndVerify(d: ShutdownDeps, reason: string, report: ShutdownReport): Promise<number | null> {
  const deadline = monoNowMs() + d.config.shutdownVerifyMs;
  let left: number | null = null;
  for (let i = 0; ; i++) {
    try {
      if (i === 0) await d.em.cancelAll(reason);
      const open = await d.api.getOrders('OPEN');
      left = open.length;
      if (left === 0) return 0;
      // Whatever survived the bulk cancel is cancelled one by one.
      await Promise.allSettled(
        open.map((o) => (o.order_id != null ? d.api.deleteOrder(o.order_id) : Promise.resolve())),
      );
      await d.api.cancelOrders({ all: true }).catch((err: unknown) => report.errors.push(errorMessage(err)));
    } catch (err) {
      report.errors.push(errorMessage(err));
    }
    if (monoNowMs() > deadline) return left;
    await new Promise((r) => setTimeout(r, 50));
  }
}
