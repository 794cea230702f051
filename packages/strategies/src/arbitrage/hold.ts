/**
 * The ETF–basket arbitrage when the case closes every position for free (the 2020 case's rule: stocks
 * at their last price, the ETF at its basket value in the ETF's quote currency: (Σ stocks) / FX rate).
 * At the close the spread ETF·FX − Σ stocks is exactly zero, so a unit bought or sold now and held to
 * the close earns its executable spread minus the entry fees, whatever the spread does in between: no
 * exit cost, no reversion to wait for, no stop-loss. (A relation that does not revert during the heat
 * still closes at zero; its only cost is the limit headroom it holds.) Closing a unit early pays only
 * when the opposite trade clears the same bar — which is then the same decision as an entry the other
 * way.
 *
 * Per unit (1 ETF against 1 of each stock, the ETF's quote-currency notional hedged), in the reporting
 * currency:
 *   sell a unit: sellExec − fees;   buy a unit: −buyExec − fees.
 * Trade `size` units in the better direction while that is at least `minProfit`, keeping the net
 * units within ±maxUnits (and the limits, checked by the caller).
 */
import type { LiveSpread } from './spread';

export interface HoldArbInput {
  live: Pick<LiveSpread, 'sellExec' | 'buyExec' | 'feesPerUnit'>;
  /** Net units held now: > 0 bought the spread (long ETF, short stocks), < 0 sold it. */
  units: number;
  /** Units per trade. */
  size: number;
  maxUnits: number;
  /** Minimum profit per unit locked in by a trade, CAD. */
  minProfit: number;
}

export interface HoldArbDecision {
  /** Signed units to trade (+ buys the spread), 0 = nothing. */
  trade: number;
  /** Profit per unit locked in by the trade (after fees), CAD; null when nothing trades. */
  profitPerUnit: number | null;
  reason: string;
}

/** One decision of the hold-to-close arbitrage (see the file comment). */
export function holdToCloseArbitrage(i: HoldArbInput): HoldArbDecision {
  const sellProfit = i.live.sellExec - i.live.feesPerUnit;
  const buyProfit = -i.live.buyExec - i.live.feesPerUnit;
  const sell = Math.min(i.size, Math.max(0, i.maxUnits + i.units));
  const buy = Math.min(i.size, Math.max(0, i.maxUnits - i.units));
  if (sellProfit >= i.minProfit && sellProfit >= buyProfit) {
    if (sell <= 0)
      return {
        trade: 0,
        profitPerUnit: null,
        reason: `sell pays ${sellProfit.toFixed(4)} but at the cap of ${i.maxUnits} units`,
      };
    return {
      trade: -sell,
      profitPerUnit: sellProfit,
      reason: `sell ${sell} units: ${sellProfit.toFixed(4)} CAD/unit locked in to the close`,
    };
  }
  if (buyProfit >= i.minProfit) {
    if (buy <= 0)
      return {
        trade: 0,
        profitPerUnit: null,
        reason: `buy pays ${buyProfit.toFixed(4)} but at the cap of ${i.maxUnits} units`,
      };
    return {
      trade: buy,
      profitPerUnit: buyProfit,
      reason: `buy ${buy} units: ${buyProfit.toFixed(4)} CAD/unit locked in to the close`,
    };
  }
  return {
    trade: 0,
    profitPerUnit: null,
    reason: `no trade: sell ${sellProfit.toFixed(4)}, buy ${buyProfit.toFixed(4)} CAD/unit < ${i.minProfit}`,
  };
}

/** A trade signal waiting for confirmation: its direction and when each leg's snapshot was published. */
export interface ArbSignal {
  sign: 1 | -1;
  legMs: Record<string, number>;
  /** Which trade the signal is for, when a book has several (arbitrage/listings.ts). */
  key?: string;
}

/**
 * Trade a unit only once every leg has published a new snapshot since the signal was first seen and
 * the signal still holds. Each security's book comes from its own feed, so when a stock jumps the ETF
 * (priced off the basket) can show it before the stock's snapshot does: the stale leg then shows a
 * spread that is not there, and the market orders fill at the moved price (evaluate seed 3, tick 107:
 * a 0.21 CAD "edge" bought while one basket stock had already dropped 0.33, −0.25 CAD a unit). A real gap decays
 * over tens of ticks, so waiting one publish of each leg costs little of it.
 */
export function confirmArbSignal(
  prev: ArbSignal | null,
  sign: 1 | -1 | 0,
  legMs: Record<string, number>,
): { trade: boolean; signal: ArbSignal | null } {
  if (sign === 0) return { trade: false, signal: null };
  if (prev === null || prev.sign !== sign) return { trade: false, signal: { sign, legMs: { ...legMs } } };
  const fresh = Object.entries(prev.legMs).every(([t, ms]) => (legMs[t] ?? Number.NEGATIVE_INFINITY) > ms);
  return fresh ? { trade: true, signal: null } : { trade: false, signal: prev };
}
