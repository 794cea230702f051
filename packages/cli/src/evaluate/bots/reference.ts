/**
 * The reference bot: the simple public threshold bot later work is compared against. Every 0.5 s
 * it accepts every tender offered (and never unwinds it); it buys RITC and sells BULL and BEAR (or
 * the reverse) with 5,000-share market orders whenever the executable ETF-vs-basket edge in CAD
 * exceeds 0.07, while |BULL + BEAR + RITC| stays under 25,000 shares. It never hedges USD and never
 * flattens. It runs until the case is STOPPED.
 */
import { RitClient, type Book, type Security } from '@ritc/rit-client';

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
}

export interface ReferenceBotResult {
  tendersAccepted: number;
  arbTrades: number;
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
  private readonly o: Required<Omit<ReferenceBotOptions, 'apiUrl' | 'apiKey' | 'timeoutMs' | 'onError'>>;
  private readonly onError: (m: string) => void;
  private readonly answered = new Set<number>();
  private readonly result: ReferenceBotResult = { tendersAccepted: 0, arbTrades: 0, errors: 0, nlv: 0 };

  constructor(opts: ReferenceBotOptions) {
    this.rit = new RitClient({ baseUrl: opts.apiUrl, apiKey: opts.apiKey, timeoutMs: opts.timeoutMs ?? 1_000 });
    this.o = {
      pollMs: opts.pollMs ?? 500,
      threshold: opts.threshold ?? 0.07,
      size: opts.size ?? 5_000,
      maxAbsSum: opts.maxAbsSum ?? 25_000,
    };
    this.onError = opts.onError ?? (() => undefined);
  }

  /** Trades until the case is STOPPED; resolves with what it did and the final nlv. */
  async run(): Promise<ReferenceBotResult> {
    try {
      for (;;) {
        const c = await this.attempt(() => this.rit.getCase());
        if (c?.status === 'STOPPED') break;
        if (c?.status === 'ACTIVE') await this.round();
        await sleep(this.o.pollMs);
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
    if (e.buyEtf > this.o.threshold && Math.abs(sum - n) < this.o.maxAbsSum) await this.legs('BUY', 'SELL');
    else if (e.sellEtf > this.o.threshold && Math.abs(sum + n) < this.o.maxAbsSum) await this.legs('SELL', 'BUY');
  }

  private async legs(etf: 'BUY' | 'SELL', stocks: 'BUY' | 'SELL'): Promise<void> {
    const q = this.o.size;
    const r = await Promise.all([
      this.attempt(() => this.rit.postOrder({ ticker: 'RITC', type: 'MARKET', action: etf, quantity: q })),
      this.attempt(() => this.rit.postOrder({ ticker: 'BULL', type: 'MARKET', action: stocks, quantity: q })),
      this.attempt(() => this.rit.postOrder({ ticker: 'BEAR', type: 'MARKET', action: stocks, quantity: q })),
    ]);
    if (r.every((x) => x !== undefined)) this.result.arbTrades++;
  }
}
