/**
 * The reference bot: the simple public threshold bot later work is compared against. Every 0.5 s
 * (half a RIT tick; in the harness half the case's tick: referencePollMs) it accepts every tender offered (and never unwinds it); it buys RITC and sells BULL and BEAR (or
 * the reverse) with 5,000-share market orders whenever the executable ETF-vs-basket edge in CAD
 * exceeds 0.07, while |BULL + BEAR + RITC| stays under 25,000 shares. It never hedges USD and never
 * flattens. It runs until the case is STOPPED.
 */
import { RitClient, type Book, type Security } from '@ritc/rit-client';
import type { EngineEvent } from '@ritc/engine';
import { signalsVirtualClock, type EngineLike, type FinalAccount, type RunConfig } from '@ritc/runner';
import { signalReady } from './ready';

export interface ReferenceBotOptions {
  apiUrl: string;
  apiKey: string;
  /** Pause between rounds, ms (0.5 s). */
  pollMs?: number;
  /** Edge in CAD per share that triggers a trade (0.07). */
  threshold?: number;
  /** Shares per leg (5,000). */
  size?: number;
  /** Cap on |BULL + BEAR + RITC| (25,000). */
  maxAbsSum?: number;
  timeoutMs?: number;
  onError?: (message: string) => void;
  /** The case runs on the simulator's virtual clock: say ready for every tick (POST /sim/ready). */
  readySignal?: boolean;
  /**
   * The case's tick length, ms. On the virtual clock the pause between rounds is counted in case
   * time (a round every pollMs / tickMs ticks), so the bot trades as often per tick as on the wall clock.
   */
  tickMs?: number;
}

export interface ReferenceBotResult {
  tendersAccepted: number;
  arbTrades: number;
  /** Σ edge × size at the moment each arbitrage was sent, CAD: what the trades were worth on the touch. */
  arbEdgeCad: number;
  errors: number;
  nlv: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Best bid and ask of a book (NaN when a side is empty). */
function touch(b: Book): { bid: number; ask: number } {
  return { bid: b.bids[0]?.price ?? NaN, ask: b.asks[0]?.price ?? NaN };
}

/**
 * The executable edges in CAD per share: `buyEtf` = sell BULL and BEAR at their bids, buy RITC at
 * its ask paid in USD bought at the USD ask; `sellEtf` the reverse. NaN when a side is empty.
 */
export function etfEdges(q: {
  bull: { bid: number; ask: number };
  bear: { bid: number; ask: number };
  ritc: { bid: number; ask: number };
  usd: { bid: number; ask: number };
}): { buyEtf: number; sellEtf: number } {
  return {
    buyEtf: q.bull.bid + q.bear.bid - q.ritc.ask * q.usd.ask,
    sellEtf: q.ritc.bid * q.usd.bid - q.bull.ask - q.bear.ask,
  };
}

export class ReferenceBot {
  private readonly rit: RitClient;
  private readonly o: Required<Omit<ReferenceBotOptions, 'apiUrl' | 'apiKey' | 'timeoutMs' | 'onError' | 'tickMs'>>;
  private readonly tickMs: number;
  private readonly signal: (tick: number) => Promise<void>;
  private readonly onError: (m: string) => void;
  private readonly answered = new Set<number>();
  private readonly result: ReferenceBotResult = { tendersAccepted: 0, arbTrades: 0, arbEdgeCad: 0, errors: 0, nlv: 0 };
  private stopping = false;
  /** Last case tick and status seen, for a harness's dashboard. */
  tick = 0;
  status = 'PAUSED';

  constructor(opts: ReferenceBotOptions) {
    this.rit = new RitClient({ baseUrl: opts.apiUrl, apiKey: opts.apiKey, timeoutMs: opts.timeoutMs ?? 1_000 });
    this.o = {
      pollMs: opts.pollMs ?? 500,
      threshold: opts.threshold ?? 0.07,
      size: opts.size ?? 5_000,
      maxAbsSum: opts.maxAbsSum ?? 25_000,
      readySignal: opts.readySignal ?? false,
    };
    this.tickMs = opts.tickMs ?? 0;
    this.signal = (tick) => signalReady(opts.apiUrl, opts.apiKey, tick);
    this.onError = opts.onError ?? (() => undefined);
  }

  /** Ends the run after the round in progress (the bot never flattens, so nothing is left to do). */
  stop(): void {
    this.stopping = true;
  }

  /** What it has done so far. */
  progress(): Readonly<ReferenceBotResult> {
    return this.result;
  }

  /** Trades until the case is STOPPED (or stop()); resolves with what it did and the final nlv. */
  async run(): Promise<ReferenceBotResult> {
    const virtual = this.o.readySignal;
    // Case time (ms) of the next round on the virtual clock.
    let nextRoundMs = 0;
    try {
      while (!this.stopping) {
        const c = await this.attempt(() => this.rit.getCase());
        if (c) {
          this.tick = c.tick;
          this.status = c.status;
        }
        if (c?.status === 'STOPPED') break;
        if (c?.status === 'ACTIVE') {
          const caseMs = c.tick * this.tickMs;
          if (!virtual || caseMs >= nextRoundMs) {
            await this.round();
            nextRoundMs = Math.max(nextRoundMs + this.o.pollMs, caseMs);
          }
          if (virtual) await this.attempt(() => this.signal(c.tick));
        }
        // On the virtual clock the case waits for the signal, so the pause is counted in ticks instead.
        await sleep(virtual ? 1 : this.o.pollMs);
      }
      const t = await this.attempt(() => this.rit.getTrader());
      this.result.nlv = t?.nlv ?? NaN;
      return { ...this.result };
    } finally {
      await this.rit.close();
    }
  }

  private async attempt<T>(f: () => Promise<T>): Promise<T | undefined> {
    try {
      return await f();
    } catch (e) {
      this.result.errors++;
      this.onError(e instanceof Error ? e.message : String(e));
      return undefined;
    }
  }

  private async round(): Promise<void> {
    const tenders = (await this.attempt(() => this.rit.getTenders())) ?? [];
    for (const t of tenders) {
      if (this.answered.has(t.tender_id)) continue;
      this.answered.add(t.tender_id);
      const ok = await this.attempt(() => this.rit.acceptTender(t.tender_id, t.price ?? undefined));
      if (ok) this.result.tendersAccepted++;
    }
    const [bull, bear, ritc, usd, secs] = await Promise.all([
      this.attempt(() => this.rit.getBook('BULL', 1)),
      this.attempt(() => this.rit.getBook('BEAR', 1)),
      this.attempt(() => this.rit.getBook('RITC', 1)),
      this.attempt(() => this.rit.getBook('USD', 1)),
      this.attempt(() => this.rit.getSecurities()),
    ]);
    if (!bull || !bear || !ritc || !usd || !secs) return;
    const pos = (t: string): number => secs.find((s: Security) => s.ticker === t)?.position ?? 0;
    const sum = pos('BULL') + pos('BEAR') + pos('RITC');
    const e = etfEdges({ bull: touch(bull), bear: touch(bear), ritc: touch(ritc), usd: touch(usd) });
    const n = this.o.size;
    // Buying RITC and selling both stocks moves the sum by -n; the reverse by +n.
    if (e.buyEtf > this.o.threshold && Math.abs(sum - n) < this.o.maxAbsSum) await this.legs('BUY', 'SELL', e.buyEtf);
    else if (e.sellEtf > this.o.threshold && Math.abs(sum + n) < this.o.maxAbsSum)
      await this.legs('SELL', 'BUY', e.sellEtf);
  }

  private async legs(etf: 'BUY' | 'SELL', stocks: 'BUY' | 'SELL', edgeCad: number): Promise<void> {
    const q = this.o.size;
    const r = await Promise.all([
      this.attempt(() => this.rit.postOrder({ ticker: 'RITC', type: 'MARKET', action: etf, quantity: q })),
      this.attempt(() => this.rit.postOrder({ ticker: 'BULL', type: 'MARKET', action: stocks, quantity: q })),
      this.attempt(() => this.rit.postOrder({ ticker: 'BEAR', type: 'MARKET', action: stocks, quantity: q })),
    ]);
    if (r.every((x) => x !== undefined)) {
      this.result.arbTrades++;
      this.result.arbEdgeCad += edgeCad * q;
    }
  }
}

/**
 * The reference bot behind the engine seam, so `evaluate` runs it exactly like the engine (same
 * simulator, same report, same checks). P&L by source is an estimate: the arbitrage is credited
 * with the edge on the touch when it traded (its legs offset at the close, so that is what it keeps
 * before slippage) and the tenders with the rest of the nlv.
 */
export class ReferenceEngine implements EngineLike {
  private readonly bot: ReferenceBot;
  private readonly rit: RitClient;
  private readonly listeners: ((e: EngineEvent) => void)[] = [];
  private running: Promise<ReferenceBotResult> | null = null;
  private final: Promise<FinalAccount> | null = null;

  constructor(opts: ReferenceBotOptions) {
    this.bot = new ReferenceBot(opts);
    this.rit = new RitClient({ baseUrl: opts.apiUrl, apiKey: opts.apiKey, timeoutMs: opts.timeoutMs ?? 1_000 });
  }

  on(listener: (e: EngineEvent) => void): void {
    this.listeners.push(listener);
  }

  getState(): unknown {
    return { case: { tick: this.bot.tick, status: this.bot.status } };
  }

  start(): Promise<void> {
    this.running ??= this.bot.run();
    return Promise.resolve();
  }

  async waitForEnd(): Promise<void> {
    await (this.running ?? Promise.resolve());
  }

  shutdown(): Promise<FinalAccount> {
    this.final ??= this.finish();
    return this.final;
  }

  private async finish(): Promise<FinalAccount> {
    this.bot.stop();
    const done = await (this.running ?? Promise.resolve(this.bot.progress()));
    const read = async <T>(f: () => Promise<T>): Promise<T | null> => {
      for (let i = 0; i < 5; i++) {
        try {
          return await f();
        } catch {
          await sleep(20); // the exchange's account is read again; five misses leave it unknown
        }
      }
      return null;
    };
    const secs = await read(() => this.rit.getSecurities());
    const trader = await read(() => this.rit.getTrader());
    const open = await read(() => this.rit.getOrders('OPEN'));
    await this.rit.close();
    const positions: FinalAccount['positions'] = {};
    for (const s of secs ?? []) {
      if (s.type !== 'CURRENCY') positions[s.ticker] = { engine: s.position, exchange: s.position };
    }
    const nlv = trader ? trader.nlv : null;
    const arb = Math.round(done.arbEdgeCad * 100) / 100;
    return {
      nlv,
      positions,
      openOrdersAtExit: open ? open.length : 0,
      pnlBySource: { MARKET_MAKER: 0, ARBITRAGE: arb, TENDER: (nlv ?? 0) - arb },
    };
  }
}

/**
 * The reference's pause between rounds for a case of `tickMs` ticks: half a tick. The script sleeps
 * 0.5 s against RIT's 1 s ticks, so it sees every tender (they last a few ticks) and every other
 * touch; at the harness's 50 ms ticks a fixed 0.5 s would be ten ticks and miss most tenders, a
 * weaker baseline than the one teams run. Without a known tick: the script's 0.5 s.
 */
export function referencePollMs(tickMs: number | null | undefined): number {
  return typeof tickMs === 'number' && Number.isFinite(tickMs) && tickMs > 0 ? tickMs / 2 : 500;
}

/** The reference bot as a `RunDeps['startEngine']` factory. */
export function startReferenceBot(ctx: {
  apiUrl: string;
  apiKey: string | null;
  config: Pick<RunConfig, 'command' | 'sim'>;
}): Promise<EngineLike> {
  // A throw while building it still reaches the caller as a rejection.
  return new Promise((resolve) =>
    resolve(
      new ReferenceEngine({
        apiUrl: ctx.apiUrl,
        apiKey: ctx.apiKey ?? '',
        // Against a RIT Client the case's tick is RIT's own (1 s): the script's 0.5 s.
        pollMs: ctx.config.command === 'default' ? referencePollMs(ctx.config.sim.tickMs) : 500,
        readySignal: signalsVirtualClock(ctx.config),
        tickMs: ctx.config.sim.tickMs,
      }),
    ),
  );
}
