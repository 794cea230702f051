import type { Case } from '@ritc/rit-client';
import type { Snapshot } from '@ritc/market-data';
import { DEFAULT_CLOSE_OUT_PARAMS, type OrderIntent, type Source } from '@ritc/strategies';
import type { EngineConfig } from '../config';
import { errorMessage } from '../errors';
import { splitOrder } from '../execution/orders';
import { remaining, signed, type TrackedOrder } from '../orders/tracked-order';
import type { PositionBook } from '../positions/position-book';
import type { RiskGate } from '../risk/risk-gate';
import type { EngineLogger } from '../runtime/logger';
import type { EngineSecurity } from '../securities';
import { closeOutDecision } from './close-out-policy';

/** What the end of the case needs from the rest of the engine. */
export interface EndOfCaseDeps {
  config: Pick<
    EngineConfig,
    'endOfCaseReduceTicks' | 'endOfCaseFlattenTicks' | 'closeOutFree' | 'minCurrencyHedgeUnits'
  >;
  /** Currency securities the case converts its foreign currencies with (traded back toward 0 on a flatten). */
  hedgeCurrencies(): readonly string[];
  caseState(): Case | null;
  gate: Pick<RiskGate, 'state' | 'setState'>;
  positions: Pick<PositionBook, 'tickers' | 'bySource' | 'position'>;
  securities(): Record<string, EngineSecurity>;
  liveOrders(): TrackedOrder[];
  /** Queues orders (not waiting for their answers). */
  submit(intents: readonly OrderIntent[]): void;
  /** Sends orders and waits for every answer. */
  execute(intents: readonly OrderIntent[]): Promise<unknown>;
  pullOrders(orderIds: readonly number[]): Promise<unknown>;
  /** The latest snapshot of a security (for the end-of-case close-out decision). */
  snapshot(ticker: string): Snapshot | null | undefined;
  log: EngineLogger;
}

/**
 * The end of the case, and the one way the engine flattens: the last `endOfCaseReduceTicks` of
 * the last period put the gate in REDUCING (strategies can only work positions down); the last
 * `endOfCaseFlattenTicks` flatten what is left at market, per source. A shutdown with `flatten`
 * uses the same flattening, booked as HEDGE, and also trades the hedge currency back toward 0.
 */
export class EndOfCase {
  /** The gate is in REDUCING because of the end of the case (lifted when a new case starts). */
  private reducing = false;
  /** (ticker:source) pairs whose end-of-case decision was logged (once per case). */
  private readonly closeOutLogged = new Set<string>();

  constructor(private readonly d: EndOfCaseDeps) {}

  /** Called on every /case answer and decision round; `stopping` = a shutdown is under way. */
  onTick(stopping: boolean): void {
    const c = this.d.caseState();
    if (!c || c.status !== 'ACTIVE') return;
    const lastPeriod = !(c.total_periods > 0) || c.period >= c.total_periods;
    const left = c.ticks_per_period - c.tick;
    const n = this.d.config.endOfCaseReduceTicks;
    const gate = this.d.gate;
    if (lastPeriod && n > 0 && left <= n) {
      if (gate.state === 'ACTIVE') {
        gate.setState('REDUCING', `end of case: ${left} ticks left`);
        this.reducing = true;
      }
    } else if (this.reducing) {
      this.reducing = false;
      if (gate.state === 'REDUCING') gate.setState('ACTIVE', 'new case');
    }
    const f = this.d.config.endOfCaseFlattenTicks;
    if (lastPeriod && f > 0 && left <= f && gate.state !== 'HALTED' && !stopping) {
      const { intents, pull } = this.flattenOrders('end-of-case', undefined, (sec, src, q) =>
        this.worthFlattening(sec, src, q, left),
      );
      if (pull.length)
        void this.d
          .pullOrders(pull)
          .catch((err: unknown) => this.d.log.warn('end-of-case cancel failed', { error: errorMessage(err) }));
      if (intents.length) {
        this.d.log.info('end of case: flattening', { thread: 'main', ticksLeft: left, orders: intents.length });
        this.d.submit(intents);
      }
    }
  }

  /** Shutdown with flatten: every share position closed (booked as HEDGE), then the hedge currency. */
  async flattenForShutdown(): Promise<void> {
    this.d.gate.setState('REDUCING', 'shutdown flatten');
    await this.d.execute(this.flattenOrders('flatten', 'HEDGE').intents);
    for (const ccy of this.d.hedgeCurrencies()) {
      const sec = this.d.securities()[ccy];
      const bal = Math.round(this.d.positions.position(ccy));
      if (!sec?.isTradeable || Math.abs(bal) < this.d.config.minCurrencyHedgeUnits) continue;
      const order: OrderIntent = {
        ticker: ccy,
        type: 'MARKET',
        action: bal > 0 ? 'SELL' : 'BUY',
        quantity: Math.abs(bal),
        source: 'HEDGE',
        tag: 'flatten',
      };
      await this.d.execute(splitOrder(order, sec.maxTradeSize));
    }
  }

  /**
   * The case's close-out is free, so a position is flattened in the last ticks only when its price
   * risk for the ticks left is worth the crossing cost (@ritc/strategies decideCloseOut, through
   * close-out-policy.ts); the rest is left to the close-out.
   */
  private worthFlattening(sec: EngineSecurity, src: Source, q: number, ticksLeft: number): boolean {
    const d = closeOutDecision(sec, q, ticksLeft, (k) => this.d.snapshot(k), {
      ...DEFAULT_CLOSE_OUT_PARAMS,
      closeOutFree: this.d.config.closeOutFree,
    });
    const key = `${sec.ticker}:${src}`;
    if (!this.closeOutLogged.has(key)) {
      this.closeOutLogged.add(key);
      this.d.log.info('end of case: close-out decision', {
        thread: 'main',
        ticker: sec.ticker,
        source: src,
        quantity: q,
        flatten: d.flatten,
        reason: d.reason,
      });
    }
    return d.flatten;
  }

  /**
   * Market orders taking each source's share positions to zero (all booked as `bookAs` when
   * given), counting the source's market orders still in flight so repeated rounds do not stack;
   * `pull` lists the resting limit orders of those sources, to cancel so they cannot fill on top.
   */
  flattenOrders(
    tag: string,
    bookAs?: Source,
    keep: (sec: EngineSecurity, src: Source, quantity: number) => boolean = () => true,
  ): { intents: OrderIntent[]; pull: number[] } {
    const intents: OrderIntent[] = [];
    const pull: number[] = [];
    const secs = this.d.securities();
    const live = this.d.liveOrders();
    for (const t of this.d.positions.tickers()) {
      const sec = secs[t];
      if (!sec || !sec.isTradeable || sec.isCurrency) continue;
      const by = this.d.positions.bySource(t);
      const left = new Map<Source, number>();
      for (const src of Object.keys(by) as Source[]) {
        let q = Math.trunc(by[src]);
        for (const o of live) {
          if (o.ticker !== t || o.source !== src) continue;
          if (o.type === 'MARKET') q += signed(o.action, remaining(o));
          else if (o.orderId != null && (o.state === 'OPEN' || o.state === 'PARTIALLY_FILLED')) pull.push(o.orderId);
        }
        const as = bookAs ?? src;
        left.set(as, (left.get(as) ?? 0) + q);
      }
      for (const [src, q] of left) {
        if (q === 0 || !keep(sec, src, q)) continue;
        const order: OrderIntent = {
          ticker: t,
          type: 'MARKET',
          action: q > 0 ? 'SELL' : 'BUY',
          quantity: Math.abs(q),
          source: src,
          tag,
        };
        intents.push(...splitOrder(order, sec.maxTradeSize));
      }
    }
    return { intents, pull };
  }
}
