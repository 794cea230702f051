/**
 * A small RIT-compatible HTTP server (node:http on 127.0.0.1) for feed tests and the feed benchmark
 * while @ritc/sim is not available: /case, /securities, /securities/book, /securities/tas with the
 * documented `after` / `limit` semantics, a seeded random market, and fault injection.
 * Not exported from the package index: import it from '@ritc/market-data/dist/testing/fake-rit-server'.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { at } from '@ritc/quant';
import type { Book, Case, CaseStatus, Order, Tas } from '@ritc/rit-client';

export interface FakeRitOptions {
  tickers?: string[];
  apiKey?: string;
  seed?: number;
  /** Wall time per RIT tick; 0 = the clock only moves on `step()`. */
  tickMs?: number;
  /** Market steps per tick (each step moves the book and may print). */
  stepsPerTick?: number;
  /** Orders per side of the generated book. */
  levels?: number;
  ticksPerPeriod?: number;
  totalPeriods?: number;
}

export interface FakeFaults {
  /** Probability that a book/TAS request answers 500. */
  error500?: number;
  /** Probability of a 200 with a malformed body. */
  malformed?: number;
  /** Probability that the request is never answered (the client must time out). */
  hang?: number;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Market {
  mid: number;
  bids: Order[];
  asks: Order[];
  prints: Tas[];
  nextId: number;
  override: Book | null;
}

export class FakeRitServer {
  readonly apiKey: string;
  url = '';
  requests = 0;
  faults: FakeFaults = {};
  private readonly rnd: () => number;
  private readonly markets = new Map<string, Market>();
  private readonly server = createServer((req, res) => this.handle(req, res));
  private timer: NodeJS.Timeout | null = null;
  private readonly hung: ServerResponse[] = [];
  private nextOrderId = 1;
  private stepInTick = 0;
  readonly state: Case;

  constructor(private readonly o: FakeRitOptions = {}) {
    this.apiKey = o.apiKey ?? 'TESTKEY';
    this.rnd = mulberry32(o.seed ?? 1);
    this.state = {
      name: 'fake RIT',
      period: 1,
      tick: 1,
      ticks_per_period: o.ticksPerPeriod ?? 300,
      total_periods: o.totalPeriods ?? 1,
      status: 'ACTIVE',
      is_enforce_trading_limits: true,
    };
    const starts: Record<string, number> = { RITC: 25, BULL: 10, BEAR: 15, USD: 1 };
    for (const t of o.tickers ?? ['RITC', 'BULL', 'BEAR', 'USD']) {
      const m: Market = { mid: starts[t] ?? 20, bids: [], asks: [], prints: [], nextId: 1, override: null };
      this.rebuildBook(t, m);
      this.markets.set(t, m);
    }
  }

  async listen(): Promise<string> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
    const tickMs = this.o.tickMs ?? 0;
    if (tickMs > 0) {
      const steps = this.o.stepsPerTick ?? 5;
      this.timer = setInterval(() => this.step(), tickMs / steps);
    }
    return this.url;
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    for (const r of this.hung) r.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  /** Stops the clock (the market freezes); `resume` restarts it. */
  pause(status: CaseStatus = 'PAUSED'): void {
    this.state.status = status;
  }
  resume(): void {
    this.state.status = 'ACTIVE';
  }

  /** One market step: moves every book and prints a few trades; advances the tick every stepsPerTick. */
  step(): void {
    if (this.state.status !== 'ACTIVE') return;
    for (const [t, m] of this.markets) {
      m.mid = Math.max(0.5, m.mid + (this.rnd() - 0.5) * 0.02 * (m.mid / 10));
      const n = Math.floor(this.rnd() * 4);
      for (let i = 0; i < n; i++) {
        const up = this.rnd() < 0.5;
        m.prints.push({
          id: m.nextId,
          period: this.state.period,
          tick: this.state.tick,
          price: Math.round((m.mid + (up ? 0.01 : -0.01)) * 100) / 100,
          quantity: 100 * (1 + Math.floor(this.rnd() * 50)),
        });
        m.nextId += 1 + (this.rnd() < 0.2 ? 1 : 0); // ids have gaps, as in RIT
      }
      this.rebuildBook(t, m);
    }
    if (++this.stepInTick >= (this.o.stepsPerTick ?? 5)) {
      this.stepInTick = 0;
      if (this.state.tick >= this.state.ticks_per_period) this.nextPeriod();
      else this.state.tick++;
    }
  }

  /** Starts the next period: tick 1, time & sales ids restart. */
  nextPeriod(): void {
    this.state.period++;
    this.state.tick = 1;
    for (const m of this.markets.values()) {
      m.prints = [];
      m.nextId = 1;
    }
  }

  /** Replaces a security's book (e.g. empty or one-sided) until `clearOverride`. */
  setBook(ticker: string, book: Book | null): void {
    this.market(ticker).override = book;
  }

  book(ticker: string, limit = 20): Book {
    const m = this.market(ticker);
    const b = m.override ?? { bids: m.bids, asks: m.asks };
    return { bids: b.bids.slice(0, limit), asks: b.asks.slice(0, limit) };
  }

  /** Every print of the current period, oldest first. */
  allPrints(ticker: string): Tas[] {
    return [...this.market(ticker).prints];
  }

  private market(ticker: string): Market {
    const m = this.markets.get(ticker);
    if (!m) throw new Error(`fake RIT: unknown ticker ${ticker}`);
    return m;
  }

  private rebuildBook(ticker: string, m: Market): void {
    const levels = this.o.levels ?? 20;
    const mk = (action: 'BUY' | 'SELL', price: number): Order => ({
      order_id: this.nextOrderId++,
      period: this.state.period,
      tick: this.state.tick,
      trader_id: 'ANON',
      ticker,
      type: 'LIMIT',
      quantity: 100 * (1 + Math.floor(this.rnd() * 100)),
      action,
      price,
      quantity_filled: this.rnd() < 0.1 ? 100 : 0,
      vwap: null,
      status: 'OPEN',
    });
    const bestBid = Math.floor(m.mid * 100 - 1) / 100;
    const bestAsk = Math.round((bestBid + 0.02) * 100) / 100;
    m.bids = Array.from({ length: levels }, (_, i) =>
      mk('BUY', Math.round((bestBid - Math.floor(i / 2) * 0.01) * 100) / 100),
    );
    m.asks = Array.from({ length: levels }, (_, i) =>
      mk('SELL', Math.round((bestAsk + Math.floor(i / 2) * 0.01) * 100) / 100),
    );
  }

  private send(res: ServerResponse, status: number, body: unknown): void {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    this.requests++;
    const u = new URL(req.url ?? '/', 'http://x');
    const key = req.headers['x-api-key'] ?? u.searchParams.get('key');
    if (key !== this.apiKey) {
      this.send(res, 401, { code: 'UNAUTHORIZED' });
      return;
    }
    const path = u.pathname.replace(/^\/v1/, '');
    if (path === '/case') {
      this.send(res, 200, this.state);
      return;
    }
    if (path === '/securities') {
      this.send(
        res,
        200,
        [...this.markets.keys()].map((ticker) => ({ ticker, quoted_decimals: 2 })),
      );
      return;
    }
    if (path !== '/securities/book' && path !== '/securities/tas') {
      this.send(res, 404, { code: 'NOT_FOUND' });
      return;
    }
    const ticker = u.searchParams.get('ticker') ?? '';
    if (!this.markets.has(ticker)) {
      this.send(res, 400, { code: 'BAD_REQUEST', message: 'unknown ticker' });
      return;
    }
    const f = this.faults;
    const r = this.rnd();
    if (f.hang && r < f.hang) {
      this.hung.push(res);
      return;
    }
    if (f.error500 && r < (f.hang ?? 0) + f.error500) {
      this.send(res, 500, { code: 'INTERNAL' });
      return;
    }
    if (f.malformed && r < (f.hang ?? 0) + (f.error500 ?? 0) + f.malformed) {
      const variants = ['{"bids": [', 'null', '{"bids": "x", "asks": 3}', '[{"id": "NaN"}]', '"hello"'];
      this.send(res, 200, variants[Math.floor(this.rnd() * variants.length)]);
      return;
    }
    if (path === '/securities/book') {
      const limit = Number(u.searchParams.get('limit') ?? 20);
      this.send(res, 200, this.book(ticker, Number.isFinite(limit) && limit > 0 ? limit : 20));
      return;
    }
    const after = Number(u.searchParams.get('after') ?? 0);
    const prints = this.market(ticker).prints;
    const out: Tas[] = [];
    // Newest first, down to the first print at or before `after`.
    for (let i = prints.length - 1; i >= 0; i--) {
      const print = at(prints, i);
      if (print.id <= after) break;
      out.push(print);
    }
    this.send(res, 200, out);
  }
}
