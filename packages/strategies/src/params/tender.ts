import { validateParams, type ParamSpecs } from './validate';
import { StrategyError } from '../errors';

/** Tender parameters. Units: shares, the ETF's quote currency per share, ticks. */
export interface TenderParams {
  ticker: string;
  /** Stocks of the basket (1 ETF = 1 of each stock): the basket value anchor and the optional hedge. */
  basket: string[];
  fx: string;
  /**
   * Tickers tendered on their own (no ETF basket to value them against): each such tender is valued
   * on its own book and unwound in the same security (tender/single.ts). From the case: every tradeable
   * share security other than the ETF.
   */
  singles: string[];
  /**
   * The case's other listings of the same basket (the ETF quoted again, e.g. in another currency). From
   * the case; they decide the plan objective 'auto' (below).
   */
  otherListings: string[];
  /**
   * Further listings of the same basket whose tenders go down the ETF path too (each valued against the
   * basket in its own currency, with its own unwind and held shares). From the case.
   */
  listings: string[];
  /** The FX security of each of `listings`, in order ('' for a listing quoted in the basket's currency). */
  listingFx: string[];
  /**
   * Winner-take-all tenders: the rival's best bid, as a discount from our side's touch (the best bid
   * for a tender we buy, the best ask for one we sell), is taken as uniform on
   * [rivalDiscountMin, rivalDiscountMax], quote currency per share (see tender/auction.ts).
   */
  rivalDiscountMin: number;
  rivalDiscountMax: number;
  /**
   * Competitive auctions: 'minimumEdge' bids the best price for the institution that leaves
   * minEdgePerShare; 'expectedEdge' maximises P(clear)·edge with the hidden reserve's discount from
   * our side's touch taken as uniform on [reserveDiscountMin, reserveDiscountMax]. 'expectedEdge'
   * (default): a bid fills only when the tender closes, so a fill at the minimum edge is a bet on the
   * price over the window at almost no expected gain; shading trades fewer fills for real edge.
   */
  auctionBid: 'minimumEdge' | 'expectedEdge';
  /**
   * How a single-security tender is unwound (tender/single.ts). 'paced': the ETF's child schedule
   * (hiding volume, passive children), valued at mid − execution − k·N/2. 'dump': max-size market
   * orders one after another (execute.ts's end-of-heat mode), valued at the walk of the whole size
   * through the visible book plus the fee — inventory is carried for a few ticks, not a hundred.
   * 'dump' (default): in the liquidity-risk case same-side tenders arrive close together and a paced
   * unwind carried up to ~180,000 shares for ~100 ticks (P&L per heat from −124,000 to +80,000 CAD
   * over seeds 1-10); dumping beat the naive baseline there and in lt3, pacing only in lt3.
   */
  singleUnwind: 'paced' | 'dump';
  reserveDiscountMin: number;
  reserveDiscountMax: number;
  /** Accept only when expected value per share exceeds this, quote currency (0.01: one ETF tick in the 2020 ETF case). */
  minEdgePerShare: number;
  /**
   * Permanent impact k of the OEH model, quote currency per share per share (range = S_S + |m|·k); the
   * valuation charges k·N/2 per share. 1e-6: in the 2020 ETF case the 20 best ETF bids of the real
   * capture hold ~190,000 shares over ~0.45 of the quote currency (2.4e-6 per share walked at once), and
   * the books rebuild between children (order ticks in the capture span ~10 ticks), so less than half
   * of that slope is charged as lasting.
   */
  permanentImpact: number;
  /**
   * Leakage φ ∈ (0, 1] of the optimal-execution-horizon (OEH) model of Easley, López de Prado & O'Hara
   * (2015): 1 = every share we trade shows in the flow (the paper's own example).
   */
  leakage: number;
  /** λ of z_λ = −Φ⁻¹(1 − λ) (0.05: the OEH paper's default, z = −1.645). */
  lambda: number;
  /** Risk aversion of the max viable spread S_S = Φ⁻¹(1 − ra)·σ (0.005 as the market maker). */
  riskAversion: number;
  /** Decline when the signed flow opposes the unwind by more than this (0.7: the original's counter-trend filter). */
  counterTrendImbalance: number;
  /**
   * Value the unwind around the basket-capped mid (true): min(mid, basket) for a BUY tender, max for a
   * SELL tender, plus basketReversionShare of a gap in our favour. An ETF's premium over its basket
   * (Σ stocks) / FX rate is arbitraged away while we unwind, so it is not counted as ours: in the real
   * capture this declines tender 3178 (BUY at 25.63 with the ETF mid 25.785 but the basket at 25.57).
   */
  anchorToBasket: boolean;
  /**
   * Share of an ETF–basket gap in our favour credited to the tender (0.5). Gaps decay with a half-life
   * of ~20 ticks in the recorded runs (arb.spreadMid in evaluate's events: 0.76 → 0.32 CAD over 15
   * ticks, seed 1) and an unwind takes ~20–60 ticks, so the average share sees about half the gap closed.
   */
  basketReversionShare: number;
  /**
   * Share of the unwind expected to fill passively at the touch (earning half-spread + rebate) rather
   * than crossing (paying half-spread + fee + the child's walk). 0: value every child as crossing —
   * passive fills are a bonus, since a passive child that does not fill is re-sent and, near the end,
   * crosses anyway; a tender must pay even when the flow never comes to us.
   */
  expectedPassiveShare: number;
  /**
   * Hedge the tender at once in the basket, the hedge shrinking with the ETF unwind (false): the two
   * stocks' spreads and fees, paid in and out (≈ 0.2 CAD per share), exceed a typical tender's edge
   * (0.01–0.11 quote currency per share in the evaluate runs).
   */
  basketHedge: boolean;
  /**
   * Fraction of gross/net limits a tender to hedge or unwind may fill (0.9: leave a margin so its
   * orders can still trade). A tender held to the close uses the whole limit less the worst case of
   * our resting orders (util/limits.ts worstCaseHeadroom): it trades no more.
   */
  limitFraction: number;
  /** Child-order schedule: large orders per schedule (3, the original's). */
  numLarge: number;
  /**
   * Small orders following each large one (4; the original used 10). A decision sends at most one
   * child and waits for it, so 3 × (1 + 10) = 33 children took 85 ticks for an 87,000-share tender in a
   * fast evaluate run (seed 1) and ran into the end of heat; 3 × (1 + 4) = 15 children keep the unwind
   * (and the inventory's price risk, ~0.2 CAD/share per 100 ticks on the basket) to roughly half that.
   */
  numSmallPerLarge: number;
  /** Size of a large order in small-order units (5, the original's). */
  largeToSmallRatio: number;
  /** Send a MARKET child when VPIN exceeds this (0.6, the original's; true BVC VPIN is ~0.2–0.4 on random flow). */
  vpinMarketThreshold: number;
  /**
   * Send a MARKET child when the flow runs the way we trade (it takes the liquidity we would rest for)
   * by more than this signed imbalance (0.3: a 65/35 split of the recent buckets, clearly one-sided;
   * balanced random flow stays within ±0.2).
   */
  againstImbalanceThreshold: number;
  /** Cancel a working limit child after this many ticks without a full fill (3: three ticks of opposite flow, ~5,000 shares at the captured volumes, is what a first-in-queue child of a few thousand needs). */
  repriceAfterTicks: number;
  /** Cancel a working limit child when the touch moved this many ticks away from it (1). */
  repriceToleranceTicks: number;
  /** Re-send a cancel if the order is still open this many ticks later (2: a cancel answers within one poll, so two ticks without it means it was lost). */
  cancelRetryTicks: number;
  /** Switch to max-size MARKET children this many ticks before the heat ends (10: up to 100,000 shares at 10,000 per decision). */
  finishBeforeEndTicks: number;
  /** Ignore residual positions below this many shares (0: unwind to exactly flat). */
  minChildShares: number;
  /**
   * Largest share of the market's volume the unwind may be (0.5): the next child waits until the market
   * traded max(OEH hiding volume, size / maxParticipation) pro rata, and a tender is declined when the
   * volume left in the heat cannot carry it at this rate.
   */
  maxParticipation: number;
  /**
   * Ticks one child takes from send to confirmed fill and the next send (4): children go one at a time
   * and wait for their fills to be reported and their share of the volume; measured ≈ 5 ticks per child
   * in 50 ms-tick evaluate runs (orders polled every 100 ms), fewer at RIT's 1 s ticks. With the volume
   * rate it sets how long an unwind takes, and a tender that cannot be out by the end of heat is declined.
   */
  ticksPerChild: number;
  /** Rest passive children one tick inside the spread when it is ≥ 3 ticks wide (true; see execute.ts). */
  improveTouch: boolean;
  /**
   * A sent child neither open nor filled yet is waited for this long before it is taken as lost, ms
   * (3,000). The engine may queue it first (pacing at 10 orders/s per ticker, shared with the market
   * maker): decision→send took 1.4 s at the median in a full default run, and a shorter wait would send
   * a second child while the first is still queued (stacking).
   */
  inFlightMs: number;
  /** Stale-snapshot bound, coordinator ms (2,000: two RIT ticks; the feed polls every few ms). */
  maxSnapshotAgeMs: number;
  /**
   * The case closes every position at the end for free (true: the 2020 case's rule — stocks at their
   * last price, the ETF at (Σ stocks) / FX rate). Then each tender chooses between holding to the close,
   * hedging in the basket and unwinding in the ETF by expected value and variance (tender/plan.ts); false:
   * every accepted tender is unwound in the ETF (the valuation above decides alone).
   */
  closeOutFree: boolean;
  /**
   * Prior variance of a basket stock's relative price change per tick (4.9e-6): 0.12% diffusion a tick
   * (1.44e-6) plus a 1–3% jump with probability 0.008 a tick (0.008 × 4.33e-4 ≈ 3.5e-6), the simulator's
   * calibration of the ETF cases' stocks (as params/close-out.ts). Scaled by each stock's live mid², it
   * gives the basket's variance in CAD² whatever the price levels (tender/basket-risk.ts); the feed's
   * measured σ of mid changes takes over as the case goes on.
   */
  relativeVariancePerTick: number;
  /**
   * Weight of that prior, in ticks of observations (125): the live σ of n ticks counts n / (n + 125).
   * A stock jumping with probability 0.008 a tick jumps once every 125 ticks, and the jumps are most
   * of its variance, so a shorter window has mostly not seen them.
   */
  variancePriorTicks: number;
  /**
   * How the plan is chosen when the close-out is free. 'beatField': the plan (or declining) with the
   * best probability of finishing the heat ahead of a field that accepts and holds every tender
   * (tender/plan.ts choosePlanAgainstField) — the competition ranks each heat across teams, and the
   * public base script of the one-listing ETF case (evaluate's reference bot) does exactly that.
   * 'meanVariance': EV − ½·γ·variance of our own P&L, γ = fieldEdgeCad / fieldNoiseSdCad²
   * (sharpeRiskAversion: a hold is taken only when it raises the heat's mean over its sd).
   * 'auto' (default): 'beatField' where that field is the one modelled — the ETF is its basket's only
   * listing — and 'meanVariance' where the basket is listed more than once (otherListings), a case no
   * modelled field covers: there a held tender is our own risk, and the basket's variance there (two
   * stocks at 20 and 30 CAD) is four times the one-listing case's. Holding every tender on the
   * two-listing case put a 68,000-share tender 244 ticks into the close for −154,563 CAD (seed 9).
   */
  planObjective: 'auto' | 'beatField' | 'meanVariance';
  /**
   * Our expected P&L over the field from everything but tenders, CAD (9,800: the engine's P&L less its
   * tender P&L, mean over evaluate seeds 1–20 at 50 ms ticks; the field's own arbitrage is not
   * subtracted, so this is an upper bound).
   */
  fieldEdgeCad: number;
  /** Standard deviation of that difference, CAD (8,600: the same 20 seeds' standard deviation). */
  fieldNoiseSdCad: number;
  /**
   * Shares sold beyond the shortfall when making room for a tender (tender/make-room.ts), as far as
   * the held position goes (4,000): the market maker's quotes on the tender's side (2,000 shares of the
   * ETF at weight 2 and of each stock) come and go as it requotes, so the risk gate's worst case at the
   * accept can be up to that much above the headroom read at the decision. Without it a made room fell
   * 1,000 and 2,000 shares short of the accept (evaluate seeds 3 and 6, virtual clock).
   */
  roomMarginShares: number;
  /**
   * Most market orders (of max_trade_size) a room may take (6). The ETF's order rate (10 a second in the
   * 2020 case) is shared with the market maker's requotes: 4 room orders went out within the tick they
   * were sent, 8 took 5 of the tender's 6 ticks (virtual clock, 200 ms ticks; at faster ticks a second
   * spans more of them), and a room still selling when the tender expires is a loss. 6 leave the last
   * two ticks of the window for the fills to show and the accept. With 3, every room on evaluate seeds
   * 101–120 was accepted the tick after its orders went out (9 rooms), while 19 tenders needed more.
   */
  maxRoomOrders: number;
  /**
   * No room is made for a tender expiring this close to the end (5 ticks): the engine flattens what is
   * worth flattening in its last 4 ticks, and a room sold then competes with it. In REDUCING (the last
   * 15 ticks) a room is made only under a free close-out, where the engine admits a tender held to the
   * close (TenderAnswer.holdToClose); before that it refused the accept and the held shares sold for it
   * were lost (two rooms at ticks 289 and 292, evaluate seeds 102 and 108, when this was 20 and ACTIVE only).
   */
  roomLastTickBeforeEnd: number;
  /**
   * Tenders expected per tick, for the value of headroom (tender/headroom.ts): 0.019, the 2020 ETF
   * case's 4–8 tenders (5.25 on average over evaluate seeds 1–20) arriving from tick ~20 to ~290.
   * 0 turns the headroom value off.
   */
  tenderRatePerTick: number;
  /** Sizes of the tenders to come, spread evenly between these, shares (10,000 and 100,000: the case's range). */
  tenderSizeMin: number;
  tenderSizeMax: number;
  /**
   * Edge per share of a tender held to the close, quote currency (0.07: the mean of s·(basket value −
   * price) over the 91 tenders of evaluate seeds 1–20, sd 0.14).
   */
  tenderEdgePerShare: number;
}

export const DEFAULT_TENDER_PARAMS: Readonly<TenderParams> = Object.freeze({
  // The ETF, its basket and its FX leg come from the case (the engine's strategy assignment) or a parameter.
  ticker: '',
  basket: [],
  fx: '',
  singles: [],
  otherListings: [],
  listings: [],
  listingFx: [],
  // An institution asks a few cents to a quarter better than the touch, and the other bidders improve
  // on that by up to about a dime: the rival sits from a little through the touch to a quarter away.
  rivalDiscountMin: -0.05,
  rivalDiscountMax: 0.25,
  auctionBid: 'expectedEdge',
  singleUnwind: 'dump',
  // An institution's reserve sits a few cents to a quarter from the touch.
  reserveDiscountMin: 0,
  reserveDiscountMax: 0.25,
  minEdgePerShare: 0.01,
  permanentImpact: 1e-6,
  leakage: 1,
  lambda: 0.05,
  riskAversion: 0.005,
  counterTrendImbalance: 0.7,
  anchorToBasket: true,
  basketReversionShare: 0.5,
  expectedPassiveShare: 0,
  basketHedge: false,
  limitFraction: 0.9,
  numLarge: 3,
  numSmallPerLarge: 4,
  largeToSmallRatio: 5,
  vpinMarketThreshold: 0.6,
  againstImbalanceThreshold: 0.3,
  repriceAfterTicks: 3,
  repriceToleranceTicks: 1,
  cancelRetryTicks: 2,
  finishBeforeEndTicks: 10,
  minChildShares: 0,
  maxParticipation: 0.5,
  improveTouch: true,
  ticksPerChild: 4,
  inFlightMs: 3000,
  maxSnapshotAgeMs: 2000,
  closeOutFree: true,
  relativeVariancePerTick: 4.9e-6,
  variancePriorTicks: 125,
  planObjective: 'auto',
  fieldEdgeCad: 9_800,
  fieldNoiseSdCad: 8_600,
  roomMarginShares: 4_000,
  maxRoomOrders: 6,
  roomLastTickBeforeEnd: 5,
  tenderRatePerTick: 0.019,
  tenderSizeMin: 10_000,
  tenderSizeMax: 100_000,
  tenderEdgePerShare: 0.07,
});

const SPECS: ParamSpecs<TenderParams> = {
  ticker: { kind: 'ticker' },
  basket: { kind: 'tickers' },
  fx: { kind: 'ticker', optional: true },
  singles: { kind: 'tickers', optional: true },
  otherListings: { kind: 'tickers', optional: true },
  listings: { kind: 'tickers', optional: true },
  listingFx: { kind: 'tickers', optional: true, blanks: true },
  rivalDiscountMin: { kind: 'number' },
  rivalDiscountMax: { kind: 'number' },
  auctionBid: { kind: 'enum', values: ['minimumEdge', 'expectedEdge'] },
  singleUnwind: { kind: 'enum', values: ['paced', 'dump'] },
  reserveDiscountMin: { kind: 'number' },
  reserveDiscountMax: { kind: 'number' },
  minEdgePerShare: { kind: 'number' },
  permanentImpact: { kind: 'number', min: 0 },
  leakage: { kind: 'number', min: 0, max: 1, exclusiveMin: true },
  lambda: { kind: 'number', min: 0, max: 0.5, exclusiveMin: true, exclusiveMax: true },
  riskAversion: { kind: 'number', min: 0, max: 0.5, exclusiveMin: true, exclusiveMax: true },
  counterTrendImbalance: { kind: 'number', min: 0, max: 1 },
  anchorToBasket: { kind: 'boolean' },
  basketReversionShare: { kind: 'number', min: 0, max: 1 },
  expectedPassiveShare: { kind: 'number', min: 0, max: 1 },
  basketHedge: { kind: 'boolean' },
  limitFraction: { kind: 'number', min: 0, max: 1, exclusiveMin: true },
  numLarge: { kind: 'number', min: 1, integer: true },
  numSmallPerLarge: { kind: 'number', min: 0, integer: true },
  largeToSmallRatio: { kind: 'number', min: 1 },
  vpinMarketThreshold: { kind: 'number', min: 0, max: 1 },
  againstImbalanceThreshold: { kind: 'number', min: 0, max: 1 },
  repriceAfterTicks: { kind: 'number', min: 1, integer: true },
  repriceToleranceTicks: { kind: 'number', min: 0, integer: true },
  cancelRetryTicks: { kind: 'number', min: 1, integer: true },
  finishBeforeEndTicks: { kind: 'number', min: 0, integer: true },
  minChildShares: { kind: 'number', min: 0, integer: true },
  maxParticipation: { kind: 'number', min: 0, max: 1, exclusiveMin: true },
  improveTouch: { kind: 'boolean' },
  ticksPerChild: { kind: 'number', min: 0 },
  inFlightMs: { kind: 'number', min: 0 },
  maxSnapshotAgeMs: { kind: 'number', min: 0, exclusiveMin: true },
  closeOutFree: { kind: 'boolean' },
  relativeVariancePerTick: { kind: 'number', min: 0 },
  variancePriorTicks: { kind: 'number', min: 0 },
  planObjective: { kind: 'enum', values: ['auto', 'beatField', 'meanVariance'] },
  fieldEdgeCad: { kind: 'number' },
  fieldNoiseSdCad: { kind: 'number', min: 0 },
  roomMarginShares: { kind: 'number', min: 0, integer: true },
  maxRoomOrders: { kind: 'number', min: 1, integer: true },
  roomLastTickBeforeEnd: { kind: 'number', min: 0, integer: true },
  tenderRatePerTick: { kind: 'number', min: 0 },
  tenderSizeMin: { kind: 'number', min: 0 },
  tenderSizeMax: { kind: 'number', min: 0 },
  tenderEdgePerShare: { kind: 'number', min: 0 },
};

export function validateTenderParams(overrides: unknown): TenderParams {
  const p = validateParams('tender', DEFAULT_TENDER_PARAMS as TenderParams, SPECS, overrides);
  // No ticker (none given yet) is valid: such a tender strategy declines every tender.
  if ((p.ticker || p.basket.length) && p.basket.length !== 2)
    throw new StrategyError('STRAT_BAD_PARAM', 'tender.basket must name exactly two stocks');
  if (p.listingFx.length !== p.listings.length)
    throw new StrategyError('STRAT_BAD_PARAM', "tender.listingFx must give one FX security (or '') per listing");
  if (!(p.rivalDiscountMax > p.rivalDiscountMin))
    throw new StrategyError('STRAT_BAD_PARAM', 'tender.rivalDiscountMax must exceed tender.rivalDiscountMin');
  if (!(p.reserveDiscountMax > p.reserveDiscountMin))
    throw new StrategyError('STRAT_BAD_PARAM', 'tender.reserveDiscountMax must exceed tender.reserveDiscountMin');
  return {
    ...p,
    basket: [...p.basket],
    singles: [...p.singles],
    otherListings: [...p.otherListings],
    listings: [...p.listings],
    listingFx: [...p.listingFx],
  };
}
