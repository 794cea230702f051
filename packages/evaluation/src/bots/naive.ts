/**
 * The naive baseline: accepts every tender that fits within the trading limits and unwinds it at
 * once with market orders (in chunks of the security's max trade size) until flat. No pricing,
 * no hedging. On a case whose news names no tenders it market-makes instead (naive-mm.ts) until
 * a tender shows up. Any case: the tickers it takes tenders on are the tradeable
 * non-currency securities the exchange lists (or one ticker when given). A tiny bot over RitClient that satisfies the engine seam
 * (EngineLike), so the harness runs it exactly like the engine: same simulator, same report,
 * same fault checks.
 */
import { OrderOutcomeUnknownError, RitClient, type Limit, type Security, type Tender } from '@ritc/rit-client';
import type { EngineEvent, OrderState } from '@ritc/engine';
import { signalsVirtualClock, type EngineLike, type FinalAccount, type RunConfig } from '@ritc/runner';
import { caseMentionsTenders, naiveQuotes, shouldFlatten, type NaiveQuotedSecurity } from './naive-mm';
import { signalReady } from './ready';

export interface NaiveBotOptions {
  apiUrl: string;
  apiKey: string;
  /** Pause between polls of the case and tenders, ms. */
  pollMs?: number;
  /** Take tenders on this ticker only (default: every tradeable security that is not a currency). */
  ticker?: string;
  /** Per-attempt HTTP deadline, ms. */
  timeoutMs?: number;
  /** Called with each error the bot survived (it keeps going). */
  onError?: (message: string) => void;
  /** The case runs on the simulator's virtual clock: say ready after each loop iteration. */
  readySignal?: boolean;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Whether accepting `t` keeps every limit group within its gross and net limit. */
export function tenderFitsLimits(
  t: Pick<Tender, 'action' | 'quantity'>,
  weight: number,
  limits: readonly Limit[],
): boolean {
  const signed = (t.action === 'BUY' ? 1 : -1) * t.quantity * weight;
  for (const l of limits) {
    // A position we hold is unwound at once, so the worst case is the current usage plus the tender.
    if (l.gross + Math.abs(signed) > l.gross_limit) return false;
    if (Math.abs(l.net + signed) > l.net_limit) return false;
  }
  return true;
}

export class NaiveTenderBot implements EngineLike {
  private readonly rit: RitClient;
  private readonly apiUrl: string;
  private readonly apiKey: string;
  /** Signal the virtual clock after each loop iteration (POST /sim/ready). */
  private readonly readySignal: boolean;
  /** The one ticker it was told to trade, or null: every tradeable share security of the case. */
  private readonly only: string | null;
  /** What it knows of each ticker it trades (read from /securities at start). */
  private readonly secs = new Map<string, NaiveQuotedSecurity & { weight: number }>();
  /** Market-making mode: the case's news names no tenders and none has been offered. */
  private mm = false;
  /** The tick it last quoted on (it re-quotes once a tick). */
  private quotedTick = -1;
  private flattening = false;
  private readonly pollMs: number;
  private readonly listeners: ((e: EngineEvent) => void)[] = [];
  private readonly seen = new Set<number>();
  private running = false;
  private loopDone: Promise<void> = Promise.resolve();
  private endResolve: () => void = () => {};
  private readonly ended: Promise<void>;
  private final: Promise<FinalAccount> | null = null;
  private tick = 0;
  private status = 'PAUSED';
  /** An order or accept whose outcome is unknown since the positions were last read from the exchange. */
  private unsure = false;
  private seq = 0;
  private readonly counts = { sent: 0, filled: 0, cancelled: 0, rejected: 0, rateLimited: 0 };
  private readonly onError: (m: string) => void;

  constructor(o: NaiveBotOptions) {
    this.rit = new RitClient({ baseUrl: o.apiUrl, apiKey: o.apiKey, timeoutMs: o.timeoutMs ?? 1_000 });
    this.apiUrl = o.apiUrl;
    this.apiKey = o.apiKey;
    this.readySignal = o.readySignal ?? false;
    this.only = o.ticker ?? null;
    this.pollMs = o.pollMs ?? 10;
    this.onError = o.onError ?? (() => {});
    this.ended = new Promise((r) => {
      this.endResolve = r;
    });
  }

  on(listener: (e: EngineEvent) => void): void {
    this.listeners.push(listener);
  }

  getState(): unknown {
    const securities: Record<string, { position: number }> = {};
    for (const [t, s] of this.secs) securities[t] = { position: s.position };
    return { case: { tick: this.tick, status: this.status }, securities };
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.learnSecurity();
    this.loopDone = this.loop();
  }

  waitForEnd(): Promise<void> {
    return this.ended;
  }

  shutdown(): Promise<FinalAccount> {
    this.final ??= this.doShutdown();
    return this.final;
  }

  private emit(e: EngineEvent): void {
    for (const l of this.listeners) l(e);
  }

  private fail(what: string, e: unknown): void {
    this.onError(`${what}: ${e instanceof Error ? e.message : String(e)}`);
  }

  private async learnSecurity(): Promise<void> {
    for (let attempt = 0; attempt < 20; attempt++) {
      try {
        for (const sec of await this.rit.getSecurities()) if (this.trades(sec)) this.applySecurity(sec);
        this.mm = this.only === null && !caseMentionsTenders(await this.rit.getNews({ limit: 100 }));
        return;
      } catch (e) {
        this.fail('getSecurities', e);
        await sleep(this.pollMs);
      }
    }
  }

  private trades(sec: Security): boolean {
    if (this.only !== null) return sec.ticker === this.only;
    return sec.is_tradeable && sec.type !== 'CURRENCY';
  }

  private applySecurity(sec: Security): void {
    const units = sec.limits[0]?.units;
    this.secs.set(sec.ticker, {
      ticker: sec.ticker,
      type: sec.type,
      isTradeable: sec.is_tradeable,
      limitOrderRebate: sec.limit_order_rebate,
      bid: sec.bid,
      ask: sec.ask,
      quotedDecimals: sec.quoted_decimals,
      units: Object.fromEntries(sec.limits.map((l) => [l.name, l.units])),
      position: sec.position,
      maxTrade: sec.max_trade_size > 0 ? sec.max_trade_size : 10_000,
      weight: typeof units === 'number' && units > 0 ? units : 1,
    });
  }

  private async loop(): Promise<void> {
    while (this.running) {
      try {
        const c = await this.rit.getCase();
        this.tick = c.tick;
        this.status = c.status;
        if (c.status === 'STOPPED') break;
        if (c.status === 'ACTIVE') {
          await this.handleTenders();
          if (!this.mm) await this.unwind();
          else if (shouldFlatten(c)) await this.flatten();
          else if (c.tick !== this.quotedTick) await this.requote(c.tick);
          if (this.readySignal) await signalReady(this.apiUrl, this.apiKey, c.tick);
        }
      } catch (e) {
        this.fail('poll', e);
      }
      await sleep(this.pollMs);
    }
    this.endResolve();
  }

  private async handleTenders(): Promise<void> {
    const tenders = await this.rit.getTenders();
    for (const t of tenders) {
      const ticker = t.ticker === '' && this.only !== null ? this.only : t.ticker;
      const sec = this.secs.get(ticker);
      if (this.seen.has(t.tender_id) || !sec) continue;
      this.seen.add(t.tender_id);
      if (this.mm) {
        // A tender after all: the case is a tender case, and the quotes would fill against its unwind.
        this.mm = false;
        await this.rit.cancelOrders({ all: true });
      }
      this.emit({ type: 'tender', t: Date.now(), tick: this.tick, tender: t, decision: 'SEEN', reason: 'offered' });
      let limits: Limit[];
      try {
        limits = await this.rit.getLimits();
      } catch (e) {
        this.fail('getLimits', e);
        continue; // without limits we cannot tell whether it fits: let it expire
      }
      if (!tenderFitsLimits(t, sec.weight, limits)) {
        this.emit({
          type: 'tender',
          t: Date.now(),
          tick: this.tick,
          tender: t,
          decision: 'DECLINED',
          reason: 'would breach a limit',
        });
        continue;
      }
      try {
        await this.rit.acceptTender(t.tender_id, t.is_fixed_bid && t.price !== null ? t.price : undefined);
        sec.position += (t.action === 'BUY' ? 1 : -1) * t.quantity;
        this.emit({
          type: 'tender',
          t: Date.now(),
          tick: this.tick,
          tender: t,
          decision: 'ACCEPTED',
          reason: 'naive: accept all within limits',
        });
      } catch (e) {
        // The accept may or may not have landed (e.g. a dropped connection): the position read
        // before each unwind order tells.
        this.unsure = true;
        this.fail(`accept tender ${t.tender_id}`, e);
      }
    }
  }

  /** Cancels last tick's quotes and posts this tick's at the best bid and ask (naive-mm.ts). */
  private async requote(tick: number): Promise<void> {
    this.quotedTick = tick;
    await this.rit.cancelOrders({ all: true });
    for (const x of await this.rit.getSecurities()) {
      const sec = this.secs.get(x.ticker);
      if (sec) Object.assign(sec, { position: x.position, bid: x.bid, ask: x.ask });
    }
    this.unsure = false;
    for (const q of naiveQuotes([...this.secs.values()], await this.rit.getLimits())) {
      const sec = this.secs.get(q.ticker)!;
      if (!(await this.sendOrder(q.ticker, sec, q.action, q.quantity, q.price))) return;
    }
  }

  /** Near the close: no more quotes, market orders towards flat. */
  private async flatten(): Promise<void> {
    if (!this.flattening) await this.rit.cancelOrders({ all: true });
    this.flattening = true;
    await this.unwind();
  }

  /**
   * One market order towards flat per poll and ticker (the client paces them at the exchange's
   * rate), so new tenders are still seen while a big one is being unwound. The exchange's positions
   * are re-read before each round: after an order whose outcome is unknown, nothing is sent twice blindly.
   */
  private async unwind(): Promise<void> {
    const listed = await this.rit.getSecurities();
    for (const x of listed) {
      const sec = this.secs.get(x.ticker);
      if (sec) sec.position = x.position;
    }
    this.unsure = false;
    for (const [ticker, sec] of this.secs) {
      if (sec.position === 0) continue;
      const action: 'BUY' | 'SELL' = sec.position > 0 ? 'SELL' : 'BUY';
      if (!(await this.sendOrder(ticker, sec, action, Math.min(Math.abs(sec.position), sec.maxTrade)))) return;
    }
  }

  /** Sends one order (a market order, or a limit order at `price`) and reports it like the engine does; false when it failed. */
  private async sendOrder(
    ticker: string,
    sec: { position: number },
    action: 'BUY' | 'SELL',
    quantity: number,
    price?: number,
  ): Promise<boolean> {
    const clientId = `naive-${++this.seq}`;
    const base = {
      type: 'order' as const,
      clientId,
      ticker,
      action,
      orderType: price === undefined ? ('MARKET' as const) : ('LIMIT' as const),
      price: price ?? null,
      quantity,
      source: this.mm ? ('MARKET_MAKER' as const) : ('TENDER' as const),
    };
    this.emit({
      ...base,
      t: Date.now(),
      tick: this.tick,
      orderId: null,
      filled: 0,
      vwap: null,
      state: 'PENDING_NEW',
      prevState: null,
    });
    this.counts.sent++;
    try {
      const { order } = await this.rit.postOrder({ ticker, type: base.orderType, quantity, action, price });
      sec.position += (action === 'BUY' ? 1 : -1) * order.quantity_filled;
      const state: OrderState =
        order.status === 'TRANSACTED' ? 'TRANSACTED' : order.status === 'CANCELLED' ? 'CANCELLED' : 'OPEN';
      if (state === 'TRANSACTED') this.counts.filled++;
      this.emit({
        ...base,
        t: Date.now(),
        tick: this.tick,
        orderId: order.order_id,
        filled: order.quantity_filled,
        vwap: order.vwap,
        state,
        prevState: 'PENDING_NEW',
      });
      if (order.quantity_filled > 0 && order.order_id !== null) {
        this.emit({
          type: 'fill',
          t: Date.now(),
          tick: this.tick,
          orderId: order.order_id,
          ticker,
          action,
          quantity: order.quantity_filled,
          price: order.vwap ?? 0,
          source: base.source,
        });
      }
      return true;
    } catch (e) {
      const unknown = e instanceof OrderOutcomeUnknownError;
      const code = (e as { code?: string }).code;
      if (code === 'RIT_ERR_RATE_LIMITED') this.counts.rateLimited++;
      if (!unknown) this.counts.rejected++;
      else this.unsure = true;
      this.emit({
        ...base,
        t: Date.now(),
        tick: this.tick,
        orderId: null,
        filled: 0,
        vwap: null,
        state: unknown ? 'UNKNOWN' : 'REJECTED',
        prevState: 'PENDING_NEW',
        reason: e instanceof Error ? e.message : String(e),
      });
      this.fail('market order', e);
      return false;
    }
  }

  private async doShutdown(): Promise<FinalAccount> {
    this.running = false;
    await this.loopDone;
    this.endResolve();
    const retry = async <T>(f: () => Promise<T>): Promise<T | null> => {
      for (let i = 0; i < 5; i++) {
        try {
          return await f();
        } catch (e) {
          this.fail('shutdown', e);
          await sleep(20);
        }
      }
      return null;
    };
    await retry(() => this.rit.cancelOrders({ all: true }));
    const secs = await retry(() => this.rit.getSecurities());
    const trader = await retry(() => this.rit.getTrader());
    const open = await retry(() => this.rit.getOrders('OPEN'));
    await this.rit.close();
    const positions: FinalAccount['positions'] = {};
    for (const s of secs ?? []) {
      if (s.type === 'CURRENCY') continue;
      const mine = this.secs.get(s.ticker);
      // Reconcile like any engine: after an unknown outcome the exchange's word is the position; a
      // market maker learns its passive fills from the exchange's positions too.
      if ((this.unsure || this.mm) && mine) mine.position = s.position;
      // The naive bot trades only the tickers it takes tenders on; it holds nothing else.
      positions[s.ticker] = { engine: mine ? mine.position : 0, exchange: s.position };
    }
    const nlv = trader ? trader.nlv : null;
    return {
      nlv,
      positions,
      openOrdersAtExit: open ? open.length : -1,
      pnlBySource: this.mm
        ? { MARKET_MAKER: nlv ?? 0, ARBITRAGE: 0, TENDER: 0 }
        : { MARKET_MAKER: 0, ARBITRAGE: 0, TENDER: nlv ?? 0 },
      orders: { ...this.counts },
    };
  }
}

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
      }),
    ),
  );
}
