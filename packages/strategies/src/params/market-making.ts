import { validateParams, type ParamSpecs } from './validate';

export type InventorySkewModel = 'linear' | 'avellanedaStoikov';

/** Market-maker parameters. Units in the names: shares, ticks (price grid or RIT clock), ms. */
export interface MarketMakingParams {
  /** Securities to quote. The 2020 case's three tradeable equities (the ETF, its two stocks); not the FX security. */
  tickers: string[];
  /**
   * Probability that a mid move over the holding horizon exceeds the max viable spread
   * (max spread = Φ⁻¹(1 − riskAversion)·σ). 0.005 is the original bot's value (z = 2.576).
   */
  riskAversion: number;
  /**
   * Ticks an MM fill is expected to be held before it is offset, scaling σ per tick by √H.
   * 1: quoting a tick inside the touch, the other side of ~3,000 shares of noise flow per tick
   * usually fills within the next tick. (4 made the half-width ≈ 2× the market half-spread in the
   * simulated case: quotes sat behind the 10,000-share touch orders and only filled on sweeps.)
   */
  holdingHorizonTicks: number;
  /**
   * Lower bound on the VPIN multiplier of the width: with almost no toxic flow VPIN → 0 would
   * quote at the mid; 0.25 keeps at least a quarter of the max viable spread on each side.
   */
  vpinWidthFloor: number;
  /** Stop quoting, cancel and flatten above this VPIN. 0.8: the original bot's "too toxic" level. */
  vpinStop: number;
  /** Require a VPIN before quoting: without a toxicity estimate there is no basis for a width. */
  requireVpin: boolean;
  /**
   * Minimum distance of each quote from the mid, in ticks (1: the grid's minimum). Fees are not
   * added: offsets are passive and earn the rebate on both legs.
   */
  minHalfWidthTicks: number;
  /**
   * At most this many ticks inside the market's touch on a side that adds inventory (1: first in
   * line ahead of the ~10,000-share resting orders, without giving spread away).
   */
  improveTicks: number;
  /**
   * Below this market spread (ticks, our quotes excluded) only a side that reduces inventory is
   * quoted. 3: a tick inside on both sides still leaves a tick between our quotes; at 2 ticks a
   * quote could only join the touch, where it fills on sweeps (informed flow) only.
   */
  minMarketSpreadTicks: number;
  /**
   * Shares per quote. 2,000: the median noise order (500–4,000 shares) fills it whole in one go;
   * the rate limit (10 orders/s per ticker) caps how often a filled quote can be replaced, so a
   * quote should catch a whole typical order.
   */
  quoteSize: number;
  /** Skip a side whose limit-clipped size falls below this (100 shares: a round lot). */
  minQuoteSize: number;
  /**
   * Centre shift per unit of signed flow imbalance, as a fraction of the half-width: buyers
   * dominating (I > 0) raise both quotes. 0.5: at I = ±1 the far quote moves half a width out and
   * the near quote still stays on its side of the mid.
   */
  imbalanceSkew: number;
  /**
   * The ETF and its basket: the ETF's quotes are centred toward the basket's value (Σ basket mids
   * converted by `fx`), because its mispricing is what the flow against it trades on.
   */
  etf: string;
  basket: string[];
  fx: string;
  /**
   * How far the ETF's centre moves from its mid toward the basket's value (0 = not at all,
   * 1 = all the way). 0.5: the mispricing decays slowly (AR(1), φ ≈ 0.97 per tick) but the
   * arbitrageurs take it out in a few ticks once it is large, and their orders are exactly the
   * ones that pick off an ETF quote on the wrong side of the basket; half the gap keeps our
   * quotes on the right side of large gaps while small ones still get two-sided quotes.
   */
  fairValueWeight: number;
  /** 'linear' (centre shift ∝ inventory/cap) or 'avellanedaStoikov' (reservation price). */
  inventorySkew: InventorySkewModel;
  /**
   * Linear model: centre shift at |inventory| = cap, as a fraction of max(half-width, market
   * half-spread). 1: at the cap the reducing quote reaches the mid, the adding one backs off a
   * half-spread behind the touch.
   */
  inventorySkewAtCap: number;
  /**
   * Avellaneda–Stoikov γ per share (r = mid − q·γ·σ²·(T − t), σ per tick, T − t in ticks).
   * 2e-4: with σ = 0.02, 150 ticks left and q = 5,000 the reservation price moves by 0.06 —
   * about one market spread at half the inventory cap.
   */
  asGamma: number;
  /**
   * MM inventory (shares, per ticker) at which the side that adds to it stops quoting and above
   * which the excess is hedged with a market order. 12,000: six quote fills; the skew usually
   * works it down passively before a (fee-paying) hedge is needed. Against 8,000, `tune` on the 2020
   * ETF case (virtual clock): MM +4,061 a case on seeds 1–10 (t 5.34, 9/10) and +2,930 on 111–120
   * (t 3.17, 7/10), total +3,258 (t 2.55) and +3,973 (t 1.19); 5,000 lost 4,116 (t −5.23). A tighter
   * cap stops and hedges more often, and every cap hedge pays the spread and the fee.
   */
  inventoryCap: number;
  /** Inventory left after a cap hedge, as a fraction of the cap (0.5: hedge back to half the cap, not to 0, to save fees). */
  hedgeToFraction: number;
  /** Keep a resting quote while the new price is within this many ticks (1: re-quote only on real moves; spares the order rate limit). */
  refreshToleranceTicks: number;
  /**
   * Fraction of each gross/net limit (of the whole book's usage) up to which the MM may add (0.9, the
   * tenders' own fraction). The MM's inventory is held to inventoryCap per ticker anyway; at 0.5 a
   * tender held to the close (up to 200,000 of the 300,000 gross) left the MM quoting one side only.
   * Evaluate seeds 1–6: combined P&L 36,266 a case against 25,834 at 0.5, no fines or refusals.
   */
  limitFraction: number;
  /** A snapshot older than this (coordinator clock, ms) is not quoted on. 2,000 ms = two RIT ticks. */
  maxSnapshotAgeMs: number;
  /**
   * Stop quoting (and flatten) this many ticks before the heat ends. 5: the engine goes REDUCING 15
   * ticks before the end (only reducing quotes pass), the MM hedges what is left 5 ticks before,
   * ahead of the engine's own flatten at 4.
   */
  stopBeforeEndTicks: number;
  /**
   * The case closes every position for free at the end (true: the 2020 case's rule). Then the
   * inventory left at stopBeforeEndTicks is hedged only when its price risk until the close is worth
   * the crossing cost (endgame/close-out.ts with params/close-out.ts's defaults) — which a few ticks
   * before the close it never is; false: hedged to flat at market, as before.
   */
  closeOutFree: boolean;
}

export const DEFAULT_MM_PARAMS: Readonly<MarketMakingParams> = Object.freeze({
  // What is quoted comes from the case (the engine's strategy assignment) or a parameter.
  tickers: [],
  riskAversion: 0.005,
  holdingHorizonTicks: 1,
  vpinWidthFloor: 0.25,
  vpinStop: 0.8,
  requireVpin: true,
  minHalfWidthTicks: 1,
  improveTicks: 1,
  minMarketSpreadTicks: 3,
  quoteSize: 2000,
  minQuoteSize: 100,
  imbalanceSkew: 0.5,
  etf: '',
  basket: [],
  fx: '',
  fairValueWeight: 0.5,
  inventorySkew: 'linear',
  inventorySkewAtCap: 1,
  asGamma: 2e-4,
  inventoryCap: 12_000,
  hedgeToFraction: 0.5,
  refreshToleranceTicks: 1,
  limitFraction: 0.9,
  maxSnapshotAgeMs: 2000,
  stopBeforeEndTicks: 5,
  closeOutFree: true,
});

const SPECS: ParamSpecs<MarketMakingParams> = {
  tickers: { kind: 'tickers' },
  riskAversion: { kind: 'number', min: 0, max: 0.5, exclusiveMin: true, exclusiveMax: true },
  holdingHorizonTicks: { kind: 'number', min: 0, exclusiveMin: true },
  vpinWidthFloor: { kind: 'number', min: 0, max: 1 },
  vpinStop: { kind: 'number', min: 0, max: 1, exclusiveMin: true },
  requireVpin: { kind: 'boolean' },
  minHalfWidthTicks: { kind: 'number', min: 1, integer: true },
  improveTicks: { kind: 'number', min: 0, integer: true },
  minMarketSpreadTicks: { kind: 'number', min: 0, integer: true },
  quoteSize: { kind: 'number', min: 1, integer: true },
  minQuoteSize: { kind: 'number', min: 1, integer: true },
  imbalanceSkew: { kind: 'number', min: 0, max: 2 },
  etf: { kind: 'ticker', optional: true },
  basket: { kind: 'tickers', optional: true },
  fx: { kind: 'ticker', optional: true },
  fairValueWeight: { kind: 'number', min: 0, max: 1 },
  inventorySkew: { kind: 'enum', values: ['linear', 'avellanedaStoikov'] },
  inventorySkewAtCap: { kind: 'number', min: 0, max: 5 },
  asGamma: { kind: 'number', min: 0 },
  inventoryCap: { kind: 'number', min: 1, integer: true },
  hedgeToFraction: { kind: 'number', min: 0, max: 1 },
  refreshToleranceTicks: { kind: 'number', min: 0, integer: true },
  limitFraction: { kind: 'number', min: 0, max: 1, exclusiveMin: true },
  maxSnapshotAgeMs: { kind: 'number', min: 0, exclusiveMin: true },
  stopBeforeEndTicks: { kind: 'number', min: 0, integer: true },
  closeOutFree: { kind: 'boolean' },
};

/** Defaults merged with checked overrides; throws StrategyError (STRAT_BAD_PARAM / STRAT_UNKNOWN_PARAM). */
export function validateMarketMakingParams(overrides: unknown): MarketMakingParams {
  const p = validateParams('marketMaking', DEFAULT_MM_PARAMS as MarketMakingParams, SPECS, overrides);
  return { ...p, tickers: [...p.tickers], basket: [...p.basket] };
}
