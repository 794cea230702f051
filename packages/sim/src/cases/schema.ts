/**
 * The case file format: one JSON file per RIT case (packages/sim/cases/NAME.json), validated by
 * zod. The same schema is exported as JSON Schema (packages/sim/cases/case.schema.json) so editors
 * complete and check case files. README.md describes every section.
 */
import { z } from 'zod';

const num = z.number();
const pos = z.number().positive();
const nonNeg = z.number().nonnegative();
const int = z.number().int();
const prob = z.number().min(0).max(1);
const ticker = z
  .string()
  .regex(/^[A-Z][A-Z0-9_.-]{0,15}$/, 'a ticker is 1-16 upper-case letters, digits, _ . or -, starting with a letter');

export const SecurityTypeSchema = z.enum(['STOCK', 'CURRENCY', 'ETF', 'INDEX', 'OPTION']);

export const SecuritySchema = z
  .object({
    ticker,
    type: SecurityTypeSchema,
    description: z.string(),
    currency: ticker.describe('quote currency ticker (the base currency quotes itself)'),
    startPrice: pos,
    quotedDecimals: int.min(0).max(4),
    tradingFee: num.describe('per share, charged to the taker; negative pays the taker'),
    limitOrderRebate: num.describe('per share, paid to the resting side; negative charges it'),
    maxTradeSize: int.min(1),
    minTradeSize: int.min(1).default(1),
    multiplier: pos.default(1).describe('contract multiplier (100 for options): value = price × qty × multiplier'),
    isTradeable: z.boolean().default(true),
    isShortable: z.boolean().default(true),
    apiOrdersPerSecond: pos.default(10),
    minPrice: pos,
    maxPrice: pos,
    displayUnit: z.string().default('Shares'),
    underlying: z.array(ticker).optional().describe('underlying tickers (an ETF basket, an option underlying)'),
    composition: z
      .record(ticker, pos)
      .optional()
      .describe('ETF basket: ticker -> shares per ETF share (fair value and converters use it)'),
    venueOf: ticker
      .optional()
      .describe('this ticker is another venue of that security: positions and limits aggregate on it'),
  })
  .strict();

const JumpFields = {
  volPerTick: nonNeg.describe('per-tick volatility of the log price'),
  jumpProbPerTick: prob,
  jumpMin: nonNeg.describe('smallest jump, fraction of price'),
  jumpMax: nonNeg,
  leadMinTicks: int.min(0).describe('informed traders learn of a jump this many ticks early'),
  leadMaxTicks: int.min(0),
};

export const VolRegimeSchema = z
  .object({ fromTick: int.min(0), volPerTick: nonNeg, announce: z.boolean().default(false) })
  .strict();

export const RandomWalkSchema = z
  .object({
    kind: z.literal('randomWalk'),
    ...JumpFields,
    regimes: z.array(VolRegimeSchema).default([]).describe('volatility from a tick on (announced by news if set)'),
    goodNews: z.array(z.string()).default([]).describe('headlines for an up jump'),
    badNews: z.array(z.string()).default([]).describe('headlines for a down jump'),
  })
  .strict();

export const BasketSchema = z
  .object({ kind: z.literal('basket').describe('ETF: fair value = its composition, plus the etf mispricing') })
  .strict();

export const IndexSchema = z
  .object({
    kind: z.literal('index'),
    betas: z
      .record(ticker, num)
      .describe('stock -> beta: each stock is its start × (index / index start)^beta × e^residual'),
    volPerTick: nonNeg.describe('per-tick volatility of the log index'),
    residualVolPerTick: nonNeg.default(0).describe("per-tick noise of each stock's log residual"),
    residualHalfLifeTicks: nonNeg
      .default(0)
      .describe('the residual mean-reverts to 0 with this half-life (0: no memory, white noise)'),
  })
  .strict();

export const DealSchema = z
  .object({
    kind: z.literal('deal'),
    dealPrice: pos,
    standalonePrice: pos,
    startProbability: prob,
    probabilityVolPerTick: nonNeg,
  })
  .strict();

export const OptionSchema = z
  .object({
    kind: z.literal('option'),
    underlying: ticker,
    putCall: z.enum(['CALL', 'PUT']),
    strike: pos,
    expiryTick: int.min(1),
    annualRate: num.default(0),
    ticksPerYear: pos.default(3600).describe('annualises the underlying volatility and the time to expiry'),
    marketVolLagTicks: int
      .min(0)
      .default(0)
      .describe("the option's quotes price with the underlying's volatility of this many ticks ago"),
  })
  .strict();

export const ProcessSchema = z.discriminatedUnion('kind', [
  RandomWalkSchema,
  BasketSchema,
  IndexSchema,
  DealSchema,
  OptionSchema,
]);

export const LimitGroupSchema = z
  .object({
    name: z.string().min(1),
    grossLimit: nonNeg,
    netLimit: nonNeg,
    grossFine: nonNeg.describe('fine (base currency) per unit over the gross limit, each tick'),
    netFine: nonNeg,
    weights: z.record(ticker, num),
  })
  .strict();

export const NewsItemSchema = z
  .object({ ticker: z.string().default(''), headline: z.string().min(1), body: z.string() })
  .strict();

export const LimitChangeSchema = z
  .object({
    atTick: int.min(1),
    group: z.string().min(1),
    grossLimit: nonNeg.optional(),
    netLimit: nonNeg.optional(),
    news: NewsItemSchema.optional().describe('announces the change on /news at that tick'),
  })
  .strict();

export const LimitsSchema = z
  .object({
    enforce: z.boolean().describe('true: orders over a limit are refused; false: fines are charged each tick'),
    unitsStyle: z.enum(['weight', 'inverse']).default('weight'),
    restingOrders: z.enum(['worstCase', 'position']).default('worstCase'),
    cashGroup: z.boolean().default(false),
    cashGrossLimit: nonNeg.default(10_000_000),
    cashNetLimit: nonNeg.default(10_000_000),
    groups: z.array(LimitGroupSchema),
    changes: z.array(LimitChangeSchema).default([]),
  })
  .strict();

export const EtfSchema = z
  .object({
    phi: z.number().min(0).max(1),
    noiseSd: nonNeg,
    shockProbPerTick: prob,
    shockMin: nonNeg,
    shockMax: nonNeg,
    shockHalfLifeTicks: nonNeg,
  })
  .strict();

export const LiquidityProviderSchema = z
  .object({
    ordersPerSide: int.min(1),
    minHalfSpread: pos,
    depthMean: nonNeg,
    touchGap: nonNeg,
    touchMean: nonNeg,
    maxDistance: pos,
    sizeMin: int.min(1),
    sizeMax: int.min(1),
    churnPerTick: prob,
    maxNewPerTick: int.min(1),
    skewPer10k: nonNeg,
    skewCap: nonNeg,
  })
  .strict();

const FlowSchema = z.object({ ordersPerTick: nonNeg, sizeMin: int.min(1), sizeMax: int.min(1) }).strict();

export const AgentsSchema = z
  .object({
    dealers: z
      .array(z.object({ ticker, halfSpreadSteps: int.min(1) }).strict())
      .default([])
      .describe('one deep quote per side at the fundamental (a currency dealer)'),
    lp: z.record(ticker, LiquidityProviderSchema),
    noise: z.record(ticker, FlowSchema),
    informed: FlowSchema.nullable().default(null),
    arb: z
      .object({ lagTicks: int.min(0), threshold: nonNeg, maxSharesPerTick: int.min(1) })
      .strict()
      .nullable()
      .default(null),
  })
  .strict();

export const TendersSchema = z
  .object({
    enabled: z.boolean(),
    kind: z
      .enum(['private', 'auction', 'winnerTakeAll'])
      .default('private')
      .describe('private fixed price; competitive auction against a hidden reserve; winner-take-all'),
    kinds: z
      .array(z.enum(['private', 'auction', 'winnerTakeAll']))
      .default([])
      .describe('several kinds: the tenders take them in turn (overrides kind)'),
    rivalImproveMin: nonNeg.default(0).describe('winner-take-all: the rival bid beats the hidden reserve by this much'),
    rivalImproveMax: nonNeg.default(0),
    tickers: z.array(ticker).default([]).describe('securities tendered (default: the first ETF, else the first stock)'),
    countMin: int.min(0),
    countMax: int.min(0),
    sizeMin: int.min(1),
    sizeMax: int.min(1),
    windowTicks: int.min(1),
    offsetMin: num,
    offsetMax: num,
    firstTick: int.min(0),
    idStart: int.min(1),
    idStep: int.min(1),
  })
  .strict();

export const ConvertersSchema = z
  .object({
    enabled: z.boolean().default(true),
    apiEnabled: z.boolean(),
    quantityRule: z.enum(['exact', 'proRata']).default('exact'),
    ticksPerConversion: int.min(1),
    ticksPerLease: int.min(1),
    unitQuantity: int.min(1),
    costUsd: nonNeg,
  })
  .strict();

export const ScheduledNewsSchema = NewsItemSchema.extend({ atTick: int.min(0) }).strict();

export const ScoringSchema = z
  .object({
    rule: z.enum(['pnl', 'penalizedPnl']).describe('pnl: the nlv (RIT P&L); penalizedPnl: nlv minus penalties'),
    minuteEndPenalty: z
      .object({ ticksPerMinute: int.min(1), perShareOverLimit: nonNeg, group: z.string().min(1) })
      .strict()
      .optional()
      .describe('at each minute end, a penalty per unit over the named group limit'),
    deltaLimit: z
      .object({
        underlying: ticker,
        limit: nonNeg,
        penaltyPerUnitPerTick: nonNeg,
        fromTick: int.min(0).default(0).describe('no penalty before this tick (announce the limit by news then)'),
      })
      .strict()
      .optional()
      .describe(
        'each tick, a penalty per unit of |portfolio delta| over the limit (options: position × multiplier × Black–Scholes delta; plus the underlying position)',
      ),
  })
  .strict();

export const CaseFileSchema = z
  .object({
    $schema: z.string().optional(),
    name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'a case name is lower-case letters, digits and -'),
    title: z.string().min(1).describe('the case name /case reports'),
    description: z.string().min(1).describe('one line for sim --list-cases'),
    calibration: z
      .object({ calibrated: z.string(), guessed: z.string() })
      .strict()
      .describe('what comes from a public brief or a capture, and what is a guess'),
    welcome: z.string().describe('body of the welcome news at tick 0'),
    clock: z.object({ periods: int.min(1).max(1), ticksPerPeriod: int.min(1), tickMs: nonNeg }).strict(),
    securities: z.array(SecuritySchema).min(1),
    limits: LimitsSchema,
    processes: z.record(ticker, ProcessSchema),
    etf: EtfSchema.optional(),
    agents: AgentsSchema,
    tenders: TendersSchema,
    converters: ConvertersSchema,
    news: z.array(ScheduledNewsSchema).default([]),
    orders: z.object({ fractionalQuantity: z.enum(['truncate', 'round', 'reject']) }).strict(),
    closeOut: z
      .object({
        stocks: z.literal('last').describe('stocks close at their last traded price'),
        etf: z.enum(['fairValue', 'last']).describe('an ETF closes at its basket fair value or its last price'),
        options: z
          .enum(['intrinsic', 'last'])
          .default('last')
          .describe("an option closes at its intrinsic value at the underlying's last price, or its own last price"),
      })
      .strict(),
    scoring: ScoringSchema,
    tasCap: int.min(1).default(20_000),
    heats: z
      .array(
        z.object({ tickers: z.record(ticker, ticker).describe('old ticker -> the ticker this heat uses') }).strict(),
      )
      .default([])
      .describe('heats that play the case with new tickers: NAME@N serves heat N (1-based)'),
  })
  .strict();

export type CaseFile = z.output<typeof CaseFileSchema>;
export type CaseFileInput = z.input<typeof CaseFileSchema>;
export type ProcessConfig = z.output<typeof ProcessSchema>;
export type RandomWalkConfig = z.output<typeof RandomWalkSchema>;

/** The JSON Schema of a case file (input form: fields with defaults are optional). */
export function caseJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(CaseFileSchema, { io: 'input', target: 'draft-2020-12' }),
    title: 'RIT simulator case file',
  };
}
