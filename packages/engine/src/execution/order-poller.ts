import type { Order, RitApi } from '@ritc/rit-client';
import { errorMessage } from '../errors';
import type { OrderStore } from '../orders/order-store';
import { isTerminal } from '../orders/state-machine';
import type { EngineLogger } from '../runtime/logger';

/**
 * Follows our orders on the exchange: GET /orders (OPEN; plus TRANSACTED and CANCELLED when one
 * of ours left the open list or an outcome is unknown), applied to the order store. Concurrent
 * requests share one poll, plus at most one more.
 */
export class OrderPoller {
  private pollInFlight: Promise<void> | null = null;
  private pollAgain = false;

  constructor(
    private readonly api: Pick<RitApi, 'getOrders'>,
    private readonly store: OrderStore,
    private readonly unknownOrderGraceMs: number,
    private readonly log: EngineLogger,
  ) {}

  /** Requests a poll soon (coalesced with one already running). */
  requestPoll(): void {
    void this.pollOrders().catch((err: unknown) =>
      this.log.debug('requested order poll failed; the orders loop polls again', { error: errorMessage(err) }),
    );
  }

  /**
   * Reads GET /orders (OPEN; plus TRANSACTED and CANCELLED when one of ours left the open list or
   * an outcome is unknown) and applies it. Concurrent calls share one poll, plus at most one more.
   */
  pollOrders(): Promise<void> {
    if (this.pollInFlight) {
      this.pollAgain = true;
      return this.pollInFlight;
    }
    const run = async (): Promise<void> => {
      do {
        this.pollAgain = false;
        await this.pollOnce();
        // A call made while this poll ran asked for one more (read afresh after the await).
      } while (this.pollRequested());
    };
    this.pollInFlight = run().finally(() => {
      this.pollInFlight = null;
    });
    return this.pollInFlight;
  }

  private pollRequested(): boolean {
    return this.pollAgain;
  }

  private async pollOnce(): Promise<void> {
    const open = await this.api.getOrders('OPEN');
    const openIds = new Set(open.map((o) => o.order_id));
    const live = this.store.live();
    const missing = live.some((o) => o.orderId != null && !openIds.has(o.orderId));
    const unknown = live.some((o) => o.state === 'UNKNOWN');
    let all: Order[] = open;
    if (missing || unknown) {
      const [tx, cx] = await Promise.all([this.api.getOrders('TRANSACTED'), this.api.getOrders('CANCELLED')]);
      all = [...open, ...tx, ...cx];
    }
    this.store.reconcile(all.filter((ex) => !this.isStale(ex)));
    if (unknown) this.store.expireUnknown(this.unknownOrderGraceMs);
  }

  /** An OPEN answer about an order we already know is finished is an older read: ignore it. */
  private isStale(ex: Order): boolean {
    if (ex.status !== 'OPEN' || ex.order_id == null) return false;
    const o = this.store.byId(ex.order_id);
    return !!o && isTerminal(o.state);
  }
}
