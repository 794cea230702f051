/**
 * Builders for realistic strategy inputs (RITC 2020 case: BULL/BEAR in CAD, RITC in USD, USD as
 * CAD per USD). Exported so the engine's tests can reuse them. Pure: no clock, no randomness.
 */
import type { Snapshot } from '@ritc/market-data';
import type { Tender } from '@ritc/rit-client';
import type {
  DepthView,
  HistoryView,
  LimitView,
  OpenOrderView,
  PositionView,
  SecurityInfo,
  StrategyContext,
} from './context';
import type { Source } from './intents';

export const TEST_NOW_MS = 1_000_000;

/** The 2020 case's ticker parameters of each strategy, as the engine's strategy assignment gives them. */
export const LEGS_2020 = {
  arbitrage: { etf: 'RITC', stocks: ['BULL', 'BEAR'], fx: 'USD' },
  tender: { ticker: 'RITC', basket: ['BULL', 'BEAR'], fx: 'USD' },
  marketMaking: { tickers: ['BULL', 'BEAR', 'RITC'], etf: 'RITC', basket: ['BULL', 'BEAR'], fx: 'USD' },
};

export function makeSecurity(ticker: string, over: Partial<SecurityInfo> = {}): SecurityInfo {
  const isCurrency = ticker === 'USD' || ticker === 'CAD';
  return {
    ticker,
    currency: ticker === 'RITC' ? 'USD' : 'CAD',
    quotedDecimals: isCurrency ? 4 : 2,
    maxTradeSize: isCurrency ? 2_500_000 : 10_000,
    tradingFee: isCurrency ? 0 : 0.02,
    limitOrderRebate: isCurrency ? 0 : 0.01,
    limitWeight: ticker === 'RITC' ? 2 : isCurrency ? 0 : 1,
    isTradeable: ticker !== 'CAD',
    isCurrency,
    ...over,
  };
}

/** A fresh, two-sided, active snapshot with indicators (override anything). */
export function makeSnapshot(ticker: string, bid: number, ask: number, over: Partial<Snapshot> = {}): Snapshot {
  const flags = { stale: false, empty: false, oneSided: false, inactive: false, ...(over.flags ?? {}) };
  return {
    ticker,
    version: 10,
    period: 1,
    tick: 100,
    monoMs: TEST_NOW_MS - 50,
    bid,
    ask,
    bidSize: 10_000,
    askSize: 10_000,
    mid: (bid + ask) / 2,
    depthBid: 100_000,
    depthAsk: 100_000,
    bookImbalance: 0,
    last: (bid + ask) / 2,
    lastSize: 500,
    volume: 200_000,
    vpin: 0.3,
    signedImbalance: 0,
    buyFraction: 0.5,
    sigmaMidPerTick: 0.02,
    sigmaPerBucket: 0.03,
    bucketVolume: 5000,
    bucketDurationTicks: 3,
    bucketDurationMs: 3000,
    longRunSigma: 0.02,
    ...over,
    flags,
  };
}

/** Depth with `levels` levels of `size` shares spaced `step` apart from the touch. */
export function makeDepth(bid: number, ask: number, levels = 10, size = 10_000, step = 0.01): DepthView {
  const r = (x: number): number => Math.round(x * 1e4) / 1e4;
  return {
    bids: Array.from({ length: levels }, (_, i) => [r(bid - i * step), size] as [number, number]),
    asks: Array.from({ length: levels }, (_, i) => [r(ask + i * step), size] as [number, number]),
  };
}

export function makePosition(ticker: string, bySource: Partial<Record<Source, number>> = {}): PositionView {
  const full: Record<Source, number> = { MARKET_MAKER: 0, ARBITRAGE: 0, TENDER: 0, HEDGE: 0, ...bySource };
  return { ticker, position: Object.values(full).reduce((a, b) => a + b, 0), bySource: full };
}

export function makeOpenOrder(
  o: Partial<OpenOrderView> & Pick<OpenOrderView, 'orderId' | 'ticker' | 'action'>,
): OpenOrderView {
  return { type: 'LIMIT', price: null, quantity: 1000, filled: 0, source: 'MARKET_MAKER', ...o };
}

export function makeTender(over: Partial<Tender> = {}): Tender {
  return {
    tender_id: 1,
    period: 1,
    tick: 100,
    expires: 106,
    caption: 'test tender',
    ticker: 'RITC',
    quantity: 20_000,
    action: 'BUY',
    is_fixed_bid: true,
    price: 24.9,
    ...over,
  };
}

export interface ContextOptions {
  tick?: number;
  /** Top of book per ticker: [bid, ask]. Defaults: BULL 9.98/10.02, BEAR 14.98/15.02, RITC 24.98/25.02 USD, USD 0.9999/1.0001. */
  books?: Partial<Record<string, [number, number]>>;
  snapshots?: Partial<Record<string, Partial<Snapshot>>>;
  positions?: Partial<Record<string, Partial<Record<Source, number>>>>;
  /** Overrides of makeSecurity's facts per ticker (e.g. an ETF quoted in CAD: { currency: 'CAD', limitWeight: 2 }). */
  securities?: Partial<Record<string, Partial<SecurityInfo>>>;
  openOrders?: OpenOrderView[];
  limits?: LimitView[];
  tenders?: Tender[];
  depth?: Record<string, DepthView> | 'auto';
  history?: HistoryView;
  memory?: unknown;
  params?: Record<string, unknown>;
}

export const DEFAULT_BOOKS: Record<string, [number, number]> = {
  BULL: [9.98, 10.02],
  BEAR: [14.98, 15.02],
  RITC: [24.98, 25.02],
  USD: [0.9999, 1.0001],
};

/**
 * A StrategyContext at `tick` (default 100 of 300) with fresh snapshots of all four securities,
 * limits 300,000 gross / 200,000 net computed from the given positions (RITC ×2), no orders.
 */
export function makeContext(opts: ContextOptions = {}): StrategyContext {
  const tick = opts.tick ?? 100;
  const books: Array<[string, [number, number]]> = [];
  for (const [t, book] of Object.entries({ ...DEFAULT_BOOKS, ...(opts.books ?? {}) })) {
    if (book === undefined) throw new Error(`makeContext: books.${t} is undefined (give [bid, ask] or leave it out)`);
    books.push([t, book]);
  }
  const securities: Record<string, SecurityInfo> = {};
  const snapshots: Record<string, Snapshot> = {};
  const positions: Record<string, PositionView> = {};
  let gross = 0;
  let net = 0;
  for (const [t, [bid, ask]] of books) {
    const sec = makeSecurity(t, opts.securities?.[t] ?? {});
    securities[t] = sec;
    const isFx = t === 'USD';
    snapshots[t] = makeSnapshot(t, bid, ask, {
      tick,
      ...(isFx
        ? {
            vpin: null,
            signedImbalance: null,
            buyFraction: null,
            sigmaMidPerTick: 0.0001,
            longRunSigma: 0.0001,
            sigmaPerBucket: null,
          }
        : {}),
      ...(opts.snapshots?.[t] ?? {}),
    });
    const position = makePosition(t, opts.positions?.[t] ?? {});
    positions[t] = position;
    const w = sec.isCurrency ? 0 : sec.limitWeight;
    gross += Math.abs(position.position * w);
    net += position.position * w;
  }
  const limits = opts.limits ?? [{ name: 'LIMIT-STOCK', gross, net, grossLimit: 300_000, netLimit: 200_000 }];
  let depth: Record<string, DepthView> | undefined;
  if (opts.depth === 'auto') {
    depth = {};
    for (const [t, [bid, ask]] of books) if (t !== 'USD') depth[t] = makeDepth(bid, ask);
  } else depth = opts.depth;
  return {
    period: 1,
    tick,
    ticksPerPeriod: 300,
    nowMs: TEST_NOW_MS,
    snapshots,
    securities,
    positions,
    openOrders: opts.openOrders ?? [],
    limits,
    tenders: opts.tenders ?? [],
    depth,
    history: opts.history,
    memory: opts.memory ?? null,
    params: opts.params ?? {},
  };
}

type CaseTicker = 'BULL' | 'BEAR' | 'RITC' | 'USD';

/** A history with a mid and a spread series for each of the case's four securities. */
export interface CaseHistory extends HistoryView {
  mid: Record<CaseTicker, number[]>;
  spread: Record<CaseTicker, number[]>;
}

/**
 * A synthetic calibration history of `n` samples where RITC·USD − (BULL + BEAR) is a mean-reverting
 * AR(1) with coefficient `rho` and innovation std `noise` (CAD), driven by a deterministic MINSTD
 * generator from `seed`. Spreads per ticker are constant.
 */
export function makeHistory(
  n: number,
  opts: { seed?: number; rho?: number; noise?: number; usd?: number; offset?: number } = {},
): CaseHistory {
  let s = opts.seed ?? 42;
  const u = (): number => {
    s = (16807 * s) % 2147483647;
    return s / 2147483647;
  };
  const gauss = (): number => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
  const rho = opts.rho ?? 0.8;
  const noise = opts.noise ?? 0.05;
  const usd = opts.usd ?? 1;
  const tick: number[] = [];
  const mid: Record<CaseTicker, number[]> = { BULL: [], BEAR: [], RITC: [], USD: [] };
  const spread: Record<CaseTicker, number[]> = { BULL: [], BEAR: [], RITC: [], USD: [] };
  let bull = 10;
  let bear = 15;
  let dev = 0;
  for (let i = 0; i < n; i++) {
    bull += 0.02 * gauss();
    bear += 0.02 * gauss();
    dev = rho * dev + noise * gauss();
    tick.push(Math.floor(i / 2));
    mid.BULL.push(bull);
    mid.BEAR.push(bear);
    mid.USD.push(usd);
    mid.RITC.push((bull + bear + dev + (opts.offset ?? 0)) / usd);
    spread.BULL.push(0.04);
    spread.BEAR.push(0.04);
    spread.RITC.push(0.04);
    spread.USD.push(0.0002);
  }
  return { tick, mid, spread };
}
