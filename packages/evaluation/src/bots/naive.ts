/**
 * The naive baseline: accepts every tender that fits within the trading limits and unwinds it at
 * once with market orders (in chunks of the security's max trade size) until flat. No pricing,
 * no hedging. On a case whose news names no tenders it market-makes instead (naive-mm.ts) until
 * a tender shows up. Any case: the tickers it takes tenders on are the tradeable non-currency
 * securities the exchange lists (or one ticker when given). A tiny bot over RitClient that
 * satisfies the engine seam (EngineLike), so the harness runs it exactly like the engine: same
 * simulator, same report, same fault checks. Its orders: naive-orders.ts; its end: naive-final.ts.
 */
import { RitClient, type Limit, type Security } from '@ritc/rit-client';
import type { EngineEvent } from '@ritc/engine';
import type { EngineLike, FinalAccount } from '@ritc/runner';
import { naiveFinalAccount } from './naive-final';
import { caseMentionsTenders, naiveQuotes, shouldFlatten, type NaiveQuotedSecurity } from './naive-mm';
import { NaiveOrders } from './naive-orders';
import { CaseTimeRate } from './naive-rate';
import { tenderEvent, tenderFitsLimits } from './naive-tenders';
import { signalReady } from './ready';

export { tenderFitsLimits } from './naive-tenders';

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
  /**
   * The virtual clock's tick length, ms: the order rate is then counted in case time (each tick
   * standing for this long), as the simulator counts it. Unset: the client paces in wall time.
   */
  virtualTickMs?: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class NaiveTenderBot implements EngineLike {
  private readonly rit: RitClient;
  private readonly apiUrl: string;
  private readonly apiKey: string;
  /** Signal the virtual clock after each loop iteration (POST /sim/ready). */
  private readonly readySignal: boolean;
  /** The one ticker it was told to trade, or null: every tradeable share security of the case. */
  private readonly only: string | null;
  /** What it knows of each ticker it trades (read from /securities at start). */
  private readonly secs = new Map<string, NaiveQuotedSecurity & { weight: number; ordersPerSecond: number }>();
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
  private readonly orders: NaiveOrders;
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
    this.orders = new NaiveOrders({
      rit: this.rit,
      emit: (e) => this.emit(e),
      fail: (what, e) => this.fail(what, e),
      tick: () => this.tick,
      source: () => (this.mm ? 'MARKET_MAKER' : 'TENDER'),
      onUnknown: () => {
        this.unsure = true;
      },
      rate: o.virtualTickMs !== undefined && o.virtualTickMs > 0 ? new CaseTimeRate(o.virtualTickMs) : null,
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
      ordersPerSecond: sec.api_orders_per_second,
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
      this.emit(tenderEvent(this.tick, t, 'SEEN', 'offered'));
      let limits: Limit[];
      try {
        limits = await this.rit.getLimits();
      } catch (e) {
        this.fail('getLimits', e);
        continue; // without limits we cannot tell whether it fits: let it expire
      }
      if (!tenderFitsLimits(t, sec.weight, limits)) {
        this.emit(tenderEvent(this.tick, t, 'DECLINED', 'would breach a limit'));
        continue;
      }
      try {
        await this.rit.acceptTender(t.tender_id, t.is_fixed_bid && t.price !== null ? t.price : undefined);
        sec.position += (t.action === 'BUY' ? 1 : -1) * t.quantity;
        this.emit(tenderEvent(this.tick, t, 'ACCEPTED', 'naive: accept all within limits'));
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
      if (!(await this.orders.send(q.ticker, sec, q.action, q.quantity, q.price))) return;
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
      if (!(await this.orders.send(ticker, sec, action, Math.min(Math.abs(sec.position), sec.maxTrade)))) return;
    }
  }

  private async doShutdown(): Promise<FinalAccount> {
    this.running = false;
    await this.loopDone;
    this.endResolve();
    return naiveFinalAccount({
      rit: this.rit,
      positions: this.secs,
      unsure: this.unsure,
      marketMaking: this.mm,
      counts: this.orders.counts,
      fail: (what, e) => this.fail(what, e),
    });
  }
}
