/**
 * Every parameter of a simulated case. A case file (packages/sim/cases/NAME.json, validated by
 * cases/schema.ts) gives the whole of it; the default is the RITC 2020 ETF case's file. A scenario
 * file (JSON) or the `scenario` option holds a deep-partial override on top; see README.md for the
 * meaning and the calibration of each value.
 */
import type { SecurityType } from '@ritc/rit-client';
import { at } from './util/checked';
import { DEFAULT_CASE, loadCase } from './cases/load';
import type { CaseFile, ProcessConfig } from './cases/schema';

export interface SecurityConfig {
  ticker: string;
  /** 'ETF' is the case file's name for an exchange-traded fund; /securities reports it as STOCK, as RIT does. */
  type: SecurityType | 'ETF';
  description: string;
  /** Quote currency ticker ('CAD' for the base currency itself). */
  currency: string;
  startPrice: number;
  quotedDecimals: number;
  tradingFee: number;
  limitOrderRebate: number;
  maxTradeSize: number;
  minTradeSize: number;
  isTradeable: boolean;
  isShortable: boolean;
  /** Per-ticker order rate limit (orders per second per trader). */
  apiOrdersPerSecond: number;
  minPrice: number;
  maxPrice: number;
  displayUnit: string;
  /** Contract multiplier: value = price × quantity × multiplier (1 for shares, 100 for options). */
  multiplier: number;
  /** Underlying tickers (an ETF's basket, an option's underlying). */
  underlying?: string[];
  /** ETF basket: ticker -> shares per ETF share. */
  composition?: Record<string, number>;
  /** This ticker is another venue of that security: positions and limits aggregate on it. */
  venueOf?: string;
}

export interface LimitGroupConfig {
  name: string;
  grossLimit: number;
  netLimit: number;
  /** Fine (CAD) per unit over the limit, charged each tick when limits are not enforced. */
  grossFine: number;
  netFine: number;
  /** ticker -> weight (RITC counts 2). */
  weights: Record<string, number>;
}

export interface LimitsConfig {
  enforce: boolean;
  groups: LimitGroupConfig[];
  /**
   * How `/securities` limits[].units is emitted: 'weight' emits the weight (RITC 2),
   * 'inverse' emits 1/weight (RITC 0.5, as seen on a 2026 server). The meaning (×2) is the same.
   */
  unitsStyle: 'weight' | 'inverse';
  /**
   * How an order's limit check treats the trader's resting orders: 'worstCase' (default) counts
   * every open order filling plus this one; 'position' counts only the position plus this order
   * (a quoting bot's resting bids and offers then do not block each other).
   */
  restingOrders: 'worstCase' | 'position';
  /** Adds a LIMIT-CASH group over the USD balance (later ETF cases list one; the 2020 case did not). */
  cashGroup: boolean;
  cashGrossLimit: number;
  cashNetLimit: number;
  /** Limit changes at a tick (optionally announced on /news). */
  changes: LimitChangeConfig[];
}

export interface NewsItemConfig {
  ticker: string;
  headline: string;
  body: string;
}

export interface LimitChangeConfig {
  atTick: number;
  group: string;
  grossLimit?: number | undefined;
  netLimit?: number | undefined;
  news?: NewsItemConfig | undefined;
}

export interface ScheduledNewsConfig extends NewsItemConfig {
  atTick: number;
}

export interface ScoringConfig {
  /** 'pnl': the score is the nlv (RIT P&L); 'penalizedPnl': nlv minus penalties. */
  rule: 'pnl' | 'penalizedPnl';
  minuteEndPenalty?: { ticksPerMinute: number; perShareOverLimit: number; group: string } | undefined;
  /** Each tick from fromTick, a penalty per unit of |portfolio delta| over the limit. */
  deltaLimit?: { underlying: string; limit: number; penaltyPerUnitPerTick: number; fromTick: number } | undefined;
}

export interface CloseOutConfig {
  stocks: 'last';
  /** An ETF closes at its basket fair value or at its last price. */
  etf: 'fairValue' | 'last';
  /** An option closes at its intrinsic value (at the underlying's last price) or its own last price. */
  options: 'intrinsic' | 'last';
}

export interface FundamentalConfig {
  /** Per-tick volatility of log price. */
  volPerTick: number;
  /** Probability per tick that a news jump is scheduled. */
  jumpProbPerTick: number;
  /** Jump size range as a fraction of price. */
  jumpMin: number;
  jumpMax: number;
  /** Informed traders learn of a jump this many ticks early (uniform in range). */
  leadMinTicks: number;
  leadMaxTicks: number;
  /** Volatility from a tick on; `announce` publishes the new volatility on /news. */
  regimes: { fromTick: number; volPerTick: number; announce: boolean }[];
  /** Headlines for up and down jumps (a generic one when empty). */
  goodNews: string[];
  badNews: string[];
}

export interface EtfConfig {
  /** Mispricing m (USD): m' = m·phi + N(0, noiseSd) per tick, shocks add to it. */
  phi: number;
  noiseSd: number;
  shockProbPerTick: number;
  shockMin: number;
  shockMax: number;
  /** Shocks decay with this half-life (ticks), separately from the small AR noise. */
  shockHalfLifeTicks: number;
}

export interface LiquidityProviderConfig {
  /** Resting orders per side. */
  ordersPerSide: number;
  /** Minimum distance (price) of an order from the LP's reference price. */
  minHalfSpread: number;
  /** Mean of the exponential extra distance beyond minHalfSpread. */
  depthMean: number;
  /** When the LP's best order is farther than minHalfSpread + touchGap, one new order per tick
   * goes at minHalfSpread + Exp(touchMean) (refills the touch after it was taken). */
  touchGap: number;
  touchMean: number;
  /** Orders farther than this from the reference are cancelled. */
  maxDistance: number;
  sizeMin: number;
  sizeMax: number;
  /** Probability per tick that any resting order is cancelled and replaced. */
  churnPerTick: number;
  /** Maximum new orders per side per tick (orders arrive over the ticks, as in the capture). */
  maxNewPerTick: number;
  /** Reference shift (price) per 10,000 shares of LP inventory, capped at skewCap. */
  skewPer10k: number;
  skewCap: number;
}

export interface NoiseConfig {
  /** Poisson mean of market orders per tick. */
  ordersPerTick: number;
  sizeMin: number;
  sizeMax: number;
}

export interface InformedConfig {
  ordersPerTick: number;
  sizeMin: number;
  sizeMax: number;
}

export interface ArbConfig {
  /** Ticks between seeing a mispricing and acting on it. */
  lagTicks: number;
  /** Mispricing (USD) below which the arbitrageur does nothing. */
  threshold: number;
  maxSharesPerTick: number;
}

export interface TenderConfig {
  enabled: boolean;
  /** 'private' fixed price; 'auction' bids against a hidden reserve; 'winnerTakeAll' the best bid wins. */
  kind: 'private' | 'auction' | 'winnerTakeAll';
  /**
   * Several kinds: the tenders take them in turn. An auction or winner-take-all tender is posted
   * with is_fixed_bid false and price null; the price drawn as for a private tender is its hidden
   * reserve. Traders answer with POST /tenders/{id}?price=BID; bids settle when it closes.
   */
  kinds: ('private' | 'auction' | 'winnerTakeAll')[];
  /** Winner-take-all: the rival bid improves on the reserve by an amount uniform in [min, max]. */
  rivalImproveMin: number;
  rivalImproveMax: number;
  /** Securities tendered (empty: the first ETF, else the first tradeable stock). */
  tickers: string[];
  /** Number of tenders per case, uniform in [countMin, countMax]. */
  countMin: number;
  countMax: number;
  sizeMin: number;
  sizeMax: number;
  /** Window in ticks (real capture: 6). */
  windowTicks: number;
  /** Tender price = touch improved by an offset uniform in [offsetMin, offsetMax] (may be negative). */
  offsetMin: number;
  offsetMax: number;
  firstTick: number;
  idStart: number;
  idStep: number;
}

export interface ConverterConfig {
  /** Whether the ETF converters exist at all (assets on /assets, leases). */
  enabled: boolean;
  /** RIT 2020: converters are manual only; the API answers 403 unless this is true. */
  apiEnabled: boolean;
  /**
   * Input quantities a conversion takes: 'exact' (default) one whole lot (10,000 BULL + 10,000 BEAR
   * + 1,500 USD); 'proRata' any part of a lot, every input in the same proportion, the USD fee and
   * the output scaled by it.
   */
  quantityRule: 'exact' | 'proRata';
  ticksPerConversion: number;
  ticksPerLease: number;
  unitQuantity: number;
  costUsd: number;
}

/** How the order API treats what bots send; each is a choice where the live server is unverified (README). */
export interface OrderRulesConfig {
  /**
   * A non-integer `quantity` (the API types it as a number; the 2020 bot sent 687.5): 'truncate'
   * (default) trades the whole shares below it, 'round' the nearest whole number (halves away from
   * zero), 'reject' answers 400. A quantity that becomes 0 is refused in every mode.
   */
  fractionalQuantity: 'truncate' | 'round' | 'reject';
}

export interface FaultConfig {
  /** Probability that a /v1 request answers 500. */
  p500: number;
  /** Probability that a /v1 request answers 429 regardless of the rate. */
  p429: number;
  /** Added latency on every /v1 request (ms). */
  latencyMs: number;
  spikeProb: number;
  spikeMs: number;
  /** Probability that the socket is destroyed mid-request. */
  dropProb: number;
  /** Probability that a 200 body is truncated JSON. */
  malformedProb: number;
  /** Pause the case at this tick (0 = never) for pauseTicks ticks' worth of wall time. */
  pauseAtTick: number;
  pauseMs: number;
}

export type SimClockMode = 'auto' | 'manual' | 'virtual';
export const SIM_CLOCK_MODES: readonly SimClockMode[] = ['auto', 'manual', 'virtual'];
/** Virtual clock: default shortest tick, ms (keeps a case of eager traders from spinning). */
export const DEFAULT_MIN_TICK_MS = 2;

export interface SimConfig {
  /** Case file name (e.g. ritc-2020-etf). */
  caseId: string;
  /** The case name /case reports. */
  caseName: string;
  description: string;
  /** Body of the welcome news at tick 0. */
  welcome: string;
  ticksPerPeriod: number;
  totalPeriods: number;
  /** Tick length in ms; 0 means a manual clock. Under the virtual clock, the longest wait per tick. */
  tickMs: number;
  /** auto: ticks every tickMs; manual: only POST /sim/advance; virtual: when every trader is ready. */
  clock: SimClockMode;
  /** Virtual clock: the shortest a tick lasts, ms. */
  minTickMs: number;
  seed: number;
  traderId: string;
  /** More traders of the same heat (ids), after traderId; each trades its own account in the same market. */
  extraTraders: string[];
  firstName: string;
  lastName: string;
  securities: SecurityConfig[];
  limits: LimitsConfig;
  /** Random-walk fundamentals (stocks, currencies), in stepping order. */
  fundamentals: Record<string, FundamentalConfig>;
  /** Every other price process (ETF baskets, indices, deals, options). */
  processes: Record<string, ProcessConfig>;
  etf: EtfConfig;
  /** Currency dealers: one deep quote per side at the fundamental. */
  dealers: { ticker: string; halfSpreadSteps: number }[];
  lp: Record<string, LiquidityProviderConfig>;
  noise: Record<string, NoiseConfig>;
  informed: InformedConfig | null;
  arb: ArbConfig | null;
  tenders: TenderConfig;
  converters: ConverterConfig;
  news: ScheduledNewsConfig[];
  closeOut: CloseOutConfig;
  scoring: ScoringConfig;
  orders: OrderRulesConfig;
  faults: FaultConfig;
  /** Time & sales prints kept per security (older ones are dropped to keep memory flat). */
  tasCap: number;
}

/** The simulator config of a validated case file (runtime fields at their defaults). */
export function caseConfig(c: CaseFile): SimConfig {
  const fundamentals: Record<string, FundamentalConfig> = {};
  const processes: Record<string, ProcessConfig> = {};
  for (const [t, p] of Object.entries(c.processes)) {
    if (p.kind === 'randomWalk') {
      fundamentals[t] = {
        volPerTick: p.volPerTick,
        jumpProbPerTick: p.jumpProbPerTick,
        jumpMin: p.jumpMin,
        jumpMax: p.jumpMax,
        leadMinTicks: p.leadMinTicks,
        leadMaxTicks: p.leadMaxTicks,
        regimes: p.regimes,
        goodNews: p.goodNews,
        badNews: p.badNews,
      };
    } else processes[t] = p;
  }
  const { changes, ...limits } = c.limits;
  return {
    caseId: c.name,
    caseName: c.title,
    description: c.description,
    welcome: c.welcome,
    ticksPerPeriod: c.clock.ticksPerPeriod,
    totalPeriods: c.clock.periods,
    tickMs: c.clock.tickMs,
    clock: 'auto',
    minTickMs: DEFAULT_MIN_TICK_MS,
    seed: 1,
    traderId: 'TRADER1',
    extraTraders: [],
    firstName: 'Sim',
    lastName: 'Trader',
    securities: c.securities.map((s) => ({ ...s })),
    limits: { ...limits, changes },
    fundamentals,
    processes,
    etf: c.etf ?? { phi: 0, noiseSd: 0, shockProbPerTick: 0, shockMin: 0, shockMax: 0, shockHalfLifeTicks: 0 },
    dealers: c.agents.dealers,
    lp: c.agents.lp,
    noise: c.agents.noise,
    informed: c.agents.informed,
    arb: c.agents.arb,
    tenders: c.tenders,
    converters: c.converters,
    news: c.news,
    orders: c.orders,
    closeOut: c.closeOut,
    scoring: c.scoring,
    faults: noFaults(),
    tasCap: c.tasCap,
  };
}

/** The config of a shipped case by name, or of a case file by path. */
export function configForCase(nameOrFile: string): SimConfig {
  return caseConfig(loadCase(nameOrFile));
}

/** The default case: RITC 2020 ETF, from its case file. */
export function defaultConfig(): SimConfig {
  return configForCase(DEFAULT_CASE);
}

export function noFaults(): FaultConfig {
  return {
    p500: 0,
    p429: 0,
    latencyMs: 0,
    spikeProb: 0,
    spikeMs: 0,
    dropProb: 0,
    malformedProb: 0,
    pauseAtTick: 0,
    pauseMs: 0,
  };
}

export type DeepPartial<T> = T extends (infer U)[]
  ? DeepPartial<U>[]
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Deep-merges a scenario into a config. Arrays replace, except `securities`, which merge by ticker
 * (a scenario can change one field of one security).
 */
export function mergeConfig(base: SimConfig, over: DeepPartial<SimConfig> | undefined): SimConfig {
  if (!over) return base;
  const out = mergeValue(base, over, '') as SimConfig;
  return out;
}

function mergeValue(base: unknown, over: unknown, path: string): unknown {
  if (over === undefined) return base;
  if (path === '.securities' && Array.isArray(base) && Array.isArray(over)) {
    const list = (base as SecurityConfig[]).map((s) => ({ ...s }));
    for (const o of over as Partial<SecurityConfig>[]) {
      if (!isPlainObject(o) || typeof o.ticker !== 'string')
        throw new Error('scenario securities[] entries need a ticker');
      const i = list.findIndex((s) => s.ticker === o.ticker);
      if (i >= 0) list[i] = { ...at(list, i), ...o };
      else
        throw new Error(
          `scenario: unknown security ${o.ticker} (the case has ${list.map((x) => x.ticker).join(', ')})`,
        );
    }
    return list;
  }
  if (isPlainObject(base) && isPlainObject(over)) {
    const out: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(over)) out[k] = mergeValue(base[k], v, `${path}.${k}`);
    return out;
  }
  return over;
}

/** Checks the values that would make the market misbehave; throws with a clear message. */
export function validateConfig(c: SimConfig): void {
  const need = (ok: boolean, msg: string): void => {
    if (!ok) throw new Error(`invalid simulator config: ${msg}`);
  };
  need(Number.isInteger(c.ticksPerPeriod) && c.ticksPerPeriod >= 1, 'ticksPerPeriod must be an integer >= 1');
  need(Number.isFinite(c.tickMs) && c.tickMs >= 0, 'tickMs must be >= 0');
  need(Number.isInteger(c.minTickMs) && c.minTickMs >= 0, 'minTickMs must be an integer >= 0');
  need(c.clock !== 'virtual' || c.minTickMs <= c.tickMs, 'minTickMs must not exceed tickMs (the maximum wait)');
  need(Number.isFinite(c.seed), 'seed must be a number');
  need(
    c.securities.some((s) => s.ticker === 'CAD' && s.type === 'CURRENCY'),
    'security CAD (the base currency) is required',
  );
  for (const s of c.securities) {
    need(s.startPrice > 0, `${s.ticker}.startPrice must be > 0`);
    need(
      Number.isInteger(s.quotedDecimals) && s.quotedDecimals >= 0 && s.quotedDecimals <= 4,
      `${s.ticker}.quotedDecimals must be 0..4`,
    );
    need(s.maxTradeSize >= 1, `${s.ticker}.maxTradeSize must be >= 1`);
    need(s.apiOrdersPerSecond > 0, `${s.ticker}.apiOrdersPerSecond must be > 0`);
  }
  for (const g of c.limits.groups) {
    need(typeof g.name === 'string' && g.name !== '', 'limits.groups[].name is required');
    need(
      Number.isFinite(g.grossLimit) && Number.isFinite(g.netLimit),
      `limit group ${g.name}: grossLimit and netLimit are required numbers`,
    );
    need(
      Number.isFinite(g.grossFine) && Number.isFinite(g.netFine),
      `limit group ${g.name}: grossFine and netFine are required numbers`,
    );
    need(isPlainObject(g.weights), `limit group ${g.name}: weights {ticker: weight} is required`);
  }
  need(
    ['truncate', 'round', 'reject'].includes(c.orders.fractionalQuantity),
    "orders.fractionalQuantity must be 'truncate', 'round' or 'reject'",
  );
  need(
    ['worstCase', 'position'].includes(c.limits.restingOrders),
    "limits.restingOrders must be 'worstCase' or 'position'",
  );
  need(
    ['exact', 'proRata'].includes(c.converters.quantityRule),
    "converters.quantityRule must be 'exact' or 'proRata'",
  );
  need(c.tenders.windowTicks >= 1, 'tenders.windowTicks must be >= 1');
  need(c.tenders.sizeMin >= 1 && c.tenders.sizeMax >= c.tenders.sizeMin, 'tenders.sizeMin/sizeMax');
}
