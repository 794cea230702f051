import { ceilToTick, floorToTick, tickSize } from '../util/grid';
import { reservationPrice } from '../quant';
import type { MarketMakingParams } from '../params/market-making';

export interface QuoteInput {
  bestBid: number;
  bestAsk: number;
  quotedDecimals: number;
  tradingFee: number;
  limitOrderRebate: number;
  /** Max viable spread S (quote currency). */
  maxViableSpread: number;
  vpin: number | null;
  /** Signed flow imbalance in [−1, 1], positive = buyers dominate. */
  signedImbalance: number | null;
  /** Signed MM inventory, shares. */
  inventory: number;
  /** σ of mid changes per tick (Avellaneda–Stoikov only). */
  sigmaPerTick: number;
  /** Ticks left in the heat (Avellaneda–Stoikov T − t). */
  ticksLeft: number;
  /**
   * Our own resting quotes (best price per side, acknowledged orders only): the snapshot's touch
   * includes them, and a quote must not chase itself.
   */
  ownBid?: number | null;
  ownAsk?: number | null;
  /**
   * Fair value in the same currency (the ETF: its basket converted), or null. The centre moves
   * `fairValueWeight` of the way from the mid toward it.
   */
  fairValue?: number | null;
}

export interface Quote {
  bid: number;
  ask: number;
  halfWidth: number;
  /** Centre after skews, before rounding. */
  centre: number;
  flowShift: number;
  inventoryShift: number;
  /** The market's touch without our own quotes. */
  marketBid: number;
  marketAsk: number;
  /** The market spread leaves no room to quote inside it (fewer than minMarketSpreadTicks ticks). */
  narrow: boolean;
}

/**
 * Smallest half-width worth quoting: minHalfWidthTicks grid ticks. Fees do not enter: inventory is
 * offset passively (the skew moves the reducing quote toward the mid), so both legs of a round trip
 * earn the rebate; only the rare cap hedge pays the fee.
 */
export function minHalfWidth(quotedDecimals: number, minHalfWidthTicks: number): number {
  return minHalfWidthTicks * tickSize(quotedDecimals);
}

/**
 * Bid and ask on the grid.
 *
 * Model: half-width h = max(max(VPIN, floor)·S, minimum) around a centre that moves UP when buyers
 * dominate (both quotes rise: the ask moves away from the buyers, the bid follows the expected
 * drift) and DOWN with long inventory (linear: a fraction of the market half-spread per unit of
 * inventory/cap; or the Avellaneda–Stoikov reservation price).
 *
 * Placement: a quote never improves the market's touch by more than `improveTicks` on the side
 * that would add inventory. In this market the touch holds ~10,000-share resting orders: a quote
 * joining it fills only when a sweep takes the whole level (mostly informed flow), while a quote one
 * tick inside is first in line for the small uninformed orders. Improving by more than a tick would
 * only give away spread. A quote that reduces inventory follows the model (the skew may make it
 * more aggressive). The bid rounds down and the ask up; neither crosses the market's opposite
 * touch (that would take liquidity, paying the fee instead of earning the rebate) nor our own
 * other quote.
 */
export function computeQuote(input: QuoteInput, params: MarketMakingParams): Quote {
  const { quotedDecimals: dec } = input;
  const tick = tickSize(dec);
  const eps = tick / 1000;
  // The touch without us: where the snapshot's best price is our own resting quote we hold the
  // time priority there, and the rest of the book is taken to be one tick behind. (A quote of ours
  // the snapshot does not show at the touch is behind it, or was just filled: the touch stands.)
  const marketBid =
    input.ownBid != null && Math.abs(input.ownBid - input.bestBid) < eps ? input.bestBid - tick : input.bestBid;
  const marketAsk =
    input.ownAsk != null && Math.abs(input.ownAsk - input.bestAsk) < eps ? input.bestAsk + tick : input.bestAsk;
  const mid = (marketBid + marketAsk) / 2;
  const floorHalf = minHalfWidth(dec, params.minHalfWidthTicks);
  const vpinMult = Math.max(input.vpin ?? 1, params.vpinWidthFloor);
  const halfWidth = Math.max(vpinMult * input.maxViableSpread, floorHalf);

  const imbalance = Math.max(-1, Math.min(1, input.signedImbalance ?? 0));
  const flowShift = params.imbalanceSkew * imbalance * halfWidth;

  let inventoryShift: number;
  if (params.inventorySkew === 'avellanedaStoikov') {
    inventoryShift =
      params.asGamma > 0
        ? reservationPrice(mid, input.inventory, params.asGamma, input.sigmaPerTick, Math.max(input.ticksLeft, 0)) - mid
        : 0;
  } else {
    // Relative to the larger of the model width and the market half-spread, so at the cap the
    // reducing quote reaches the mid even when the model width is a single tick.
    const ref = Math.max(halfWidth, (marketAsk - marketBid) / 2);
    const ratio = Math.max(-1, Math.min(1, input.inventory / params.inventoryCap));
    inventoryShift = -params.inventorySkewAtCap * ratio * ref;
  }
  // A runaway skew would put both quotes on one side of the book; two half-widths is plenty.
  const maxShift = 2 * Math.max(halfWidth, (marketAsk - marketBid) / 2);
  inventoryShift = Math.max(-maxShift, Math.min(maxShift, inventoryShift));

  const fvShift =
    input.fairValue != null && Number.isFinite(input.fairValue) ? params.fairValueWeight * (input.fairValue - mid) : 0;
  const centre = mid + fvShift + flowShift + inventoryShift;
  let bid = floorToTick(centre - halfWidth, dec);
  let ask = ceilToTick(centre + halfWidth, dec);
  const improve = params.improveTicks * tick;
  if (input.inventory >= 0) bid = Math.min(bid, floorToTick(marketBid + improve, dec));
  if (input.inventory <= 0) ask = Math.max(ask, ceilToTick(marketAsk - improve, dec));
  bid = Math.min(bid, floorToTick(marketAsk - tick, dec));
  ask = Math.max(ask, ceilToTick(marketBid + tick, dec));
  if (ask - bid < tick - eps) {
    // Skews pushed the two quotes together: the side that adds inventory gives way.
    if (input.inventory > 0) bid = floorToTick(ask - tick, dec);
    else ask = ceilToTick(bid + tick, dec);
  }
  const narrow = marketAsk - marketBid < params.minMarketSpreadTicks * tick - eps;
  return { bid, ask, halfWidth, centre, flowShift, inventoryShift, marketBid, marketAsk, narrow };
}
