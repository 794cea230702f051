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
}

export interface Quote {
  bid: number;
  ask: number;
  halfWidth: number;
  /** Centre after skews, before rounding. */
  centre: number;
  flowShift: number;
  inventoryShift: number;
}

/**
 * Smallest half-width worth quoting: one grid tick (minHalfWidthTicks of them), and never less than
 * what a fill-then-aggressive-offset loses to fees: fee − rebate, plus a tick of edge.
 */
export function minHalfWidth(quotedDecimals: number, tradingFee: number, limitOrderRebate: number, minHalfWidthTicks: number): number {
  const tick = tickSize(quotedDecimals);
  return Math.max(minHalfWidthTicks * tick, Math.max(0, tradingFee - limitOrderRebate) + tick);
}

/**
 * Bid and ask on the grid. Width: half = max(max(VPIN, floor)·S, minimum); centre: the mid moved
 * UP when buyers dominate (both quotes rise: the ask moves away from the buyers, the bid follows the
 * expected drift) and DOWN with long inventory (linear or Avellaneda–Stoikov reservation price).
 * The bid rounds down and the ask up so rounding never narrows the width; neither quote crosses the
 * opposite touch (that would be a liquidity-taking order paying the fee instead of earning the rebate).
 */
export function computeQuote(input: QuoteInput, params: MarketMakingParams): Quote {
  const { bestBid, bestAsk, quotedDecimals: dec } = input;
  const tick = tickSize(dec);
  const mid = (bestBid + bestAsk) / 2;
  const floorHalf = minHalfWidth(dec, input.tradingFee, input.limitOrderRebate, params.minHalfWidthTicks);
  const vpinMult = Math.max(input.vpin ?? 1, params.vpinWidthFloor);
  const halfWidth = Math.max(vpinMult * input.maxViableSpread, floorHalf);

  const imbalance = Math.max(-1, Math.min(1, input.signedImbalance ?? 0));
  const flowShift = params.imbalanceSkew * imbalance * halfWidth;

  let inventoryShift: number;
  if (params.inventorySkew === 'avellanedaStoikov') {
    inventoryShift = params.asGamma > 0 ? reservationPrice(mid, input.inventory, params.asGamma, input.sigmaPerTick, Math.max(input.ticksLeft, 0)) - mid : 0;
  } else {
    const ratio = Math.max(-1, Math.min(1, input.inventory / params.inventoryCap));
    inventoryShift = -params.inventorySkewAtCap * ratio * halfWidth;
  }
  // A runaway skew would put both quotes on one side of the book; two half-widths is plenty.
  inventoryShift = Math.max(-2 * halfWidth, Math.min(2 * halfWidth, inventoryShift));

  const centre = mid + flowShift + inventoryShift;
  let bid = floorToTick(centre - halfWidth, dec);
  let ask = ceilToTick(centre + halfWidth, dec);
  bid = Math.min(bid, floorToTick(bestAsk - tick, dec));
  ask = Math.max(ask, ceilToTick(bestBid + tick, dec));
  return { bid, ask, halfWidth, centre, flowShift, inventoryShift };
}
