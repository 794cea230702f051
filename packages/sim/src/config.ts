/**
 * Every parameter of the simulated RITC 2020 ETF case, with defaults. A scenario file (JSON) or the
 * `scenario` option holds a deep-partial override of this object; see README.md for the meaning
 * and the calibration of each value.
 */
import type { SecurityType } from '@ritc/rit-client';
import { at } from './util/checked';

export interface SecurityConfig {
  ticker: string;
  type: SecurityType;
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

export interface SimConfig {
  caseName: string;
  ticksPerPeriod: number;
  totalPeriods: number;
  /** Tick length in ms; 0 means a manual clock. */
  tickMs: number;
  clock: 'auto' | 'manual';
  seed: number;
  traderId: string;
  /** More traders of the same heat (ids), after traderId; each trades its own account in the same market. */
  extraTraders: string[];
  firstName: string;
  lastName: string;
  securities: SecurityConfig[];
  limits: LimitsConfig;
  fundamentals: Record<string, FundamentalConfig>;
  etf: EtfConfig;
  lp: Record<string, LiquidityProviderConfig>;
  noise: Record<string, NoiseConfig>;
  informed: InformedConfig;
  arb: ArbConfig;
  tenders: TenderConfig;
  converters: ConverterConfig;
  orders: OrderRulesConfig;
  faults: FaultConfig;
  /** Time & sales prints kept per security (older ones are dropped to keep memory flat). */
  tasCap: number;
}

const stock = (ticker: string, description: string, currency: string, startPrice: number): SecurityConfig => ({
  ticker,
  type: 'STOCK',
  description,
  currency,
  startPrice,
  quotedDecimals: 2,
  tradingFee: 0.02,
  limitOrderRebate: 0.01,
  maxTradeSize: 10_000,
  minTradeSize: 1,
  isTradeable: true,
  isShortable: true,
  apiOrdersPerSecond: 10,
  minPrice: 0.01,
  maxPrice: startPrice * 10,
  displayUnit: 'Shares',
});

const lp = (minHalfSpread: number): LiquidityProviderConfig => ({
  ordersPerSide: 30,
  minHalfSpread,
  depthMean: 0.2,
  touchGap: 0.01,
  touchMean: 0.01,
  maxDistance: 0.9,
  sizeMin: 8_000,
  sizeMax: 12_000,
  churnPerTick: 0.01,
  maxNewPerTick: 4,
  skewPer10k: 0.004,
  skewCap: 0.08,
});

export function defaultConfig(): SimConfig {
  return {
    caseName: 'RITC 2020 Algo Case (sim)',
    ticksPerPeriod: 300,
    totalPeriods: 1,
    tickMs: 1000,
    clock: 'auto',
    seed: 1,
    traderId: 'TRADER1',
    extraTraders: [],
    firstName: 'Sim',
    lastName: 'Trader',
    securities: [
      {
        ticker: 'CAD',
        type: 'CURRENCY',
        description: 'Canadian Dollar',
        currency: 'CAD',
        startPrice: 1,
        quotedDecimals: 4,
        tradingFee: 0,
        limitOrderRebate: 0,
        maxTradeSize: 2_500_000,
        minTradeSize: 1,
        isTradeable: false,
        isShortable: false,
        apiOrdersPerSecond: 10,
        minPrice: 1,
        maxPrice: 1,
        displayUnit: 'CAD',
      },
      {
        ticker: 'USD',
        type: 'CURRENCY',
        description: 'US Dollar (CAD per USD)',
        currency: 'CAD',
        startPrice: 1,
        quotedDecimals: 4,
        tradingFee: 0,
        limitOrderRebate: 0,
        maxTradeSize: 2_500_000,
        minTradeSize: 1,
        isTradeable: true,
        isShortable: true,
        apiOrdersPerSecond: 10,
        minPrice: 0.5,
        maxPrice: 2,
        displayUnit: 'USD',
      },
      stock('BULL', 'BULL Common Shares', 'CAD', 10),
      stock('BEAR', 'BEAR Common Shares', 'CAD', 15),
      stock('RITC', 'RITC ETF (1 BULL + 1 BEAR)', 'USD', 25),
    ],
    limits: {
      enforce: true,
      unitsStyle: 'weight',
      restingOrders: 'worstCase',
      cashGroup: false,
      cashGrossLimit: 10_000_000,
      cashNetLimit: 10_000_000,
      groups: [
        {
          name: 'LIMIT-STOCK',
          grossLimit: 300_000,
          netLimit: 200_000,
          grossFine: 1,
          netFine: 1,
          weights: { BULL: 1, BEAR: 1, RITC: 2 },
        },
      ],
    },
    fundamentals: {
      USD: {
        volPerTick: 0.0002,
        jumpProbPerTick: 0.003,
        jumpMin: 0.002,
        jumpMax: 0.005,
        leadMinTicks: 2,
        leadMaxTicks: 5,
      },
      BULL: {
        volPerTick: 0.0012,
        jumpProbPerTick: 0.008,
        jumpMin: 0.01,
        jumpMax: 0.03,
        leadMinTicks: 3,
        leadMaxTicks: 8,
      },
      BEAR: {
        volPerTick: 0.0012,
        jumpProbPerTick: 0.008,
        jumpMin: 0.01,
        jumpMax: 0.03,
        leadMinTicks: 3,
        leadMaxTicks: 8,
      },
    },
    etf: { phi: 0.97, noiseSd: 0.01, shockProbPerTick: 0.012, shockMin: 0.25, shockMax: 0.6, shockHalfLifeTicks: 20 },
    lp: { BULL: lp(0.015), BEAR: lp(0.02), RITC: lp(0.02) },
    noise: {
      BULL: { ordersPerTick: 1.5, sizeMin: 500, sizeMax: 4_000 },
      BEAR: { ordersPerTick: 1.5, sizeMin: 500, sizeMax: 4_000 },
      RITC: { ordersPerTick: 1.5, sizeMin: 500, sizeMax: 4_000 },
    },
    informed: { ordersPerTick: 2, sizeMin: 2_000, sizeMax: 6_000 },
    arb: { lagTicks: 3, threshold: 0.08, maxSharesPerTick: 5_000 },
    tenders: {
      enabled: true,
      countMin: 4,
      countMax: 8,
      sizeMin: 10_000,
      sizeMax: 100_000,
      windowTicks: 6,
      offsetMin: -0.02,
      offsetMax: 0.1,
      firstTick: 20,
      idStart: 178,
      idStep: 500,
    },
    converters: {
      apiEnabled: false,
      quantityRule: 'exact',
      ticksPerConversion: 2,
      ticksPerLease: 300,
      unitQuantity: 10_000,
      costUsd: 1_500,
    },
    orders: { fractionalQuantity: 'truncate' },
    faults: noFaults(),
    tasCap: 20_000,
  };
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
        throw new Error(`scenario: unknown security ${o.ticker} (the market model knows CAD, USD, BULL, BEAR, RITC)`);
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
  need(Number.isFinite(c.seed), 'seed must be a number');
  for (const t of ['CAD', 'USD', 'BULL', 'BEAR', 'RITC']) {
    need(
      c.securities.some((s) => s.ticker === t),
      `security ${t} is required by the market model`,
    );
  }
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
