/**
 * Per-trader books and records: positions with average cost, realized P&L (quote currency,
 * commissions included), fees, rebates and fines, and currency balances. Cash is exact (integer
 * 1e-4 units); P&L figures are floats reported rounded to 1e-4.
 */
import { CASH_SCALE, type SecMeta } from './securities';
import { at, bump } from '../util/checked';

export class Account {
  readonly pos: number[];
  /** Signed cost basis of the open position (quote currency): pos × vwap. */
  readonly cost: number[];
  readonly realized: number[];
  readonly feeUnits: number[];
  readonly rebateUnits: number[];
  /** Balances per currency security index, 1e-4 units (non-currency entries stay 0). */
  readonly cash: number[];
  readonly openBuy: number[];
  readonly openSell: number[];
  readonly volume: number[];
  fineUnits = 0;
  /** Penalties the case's scoring rule subtracts from the nlv (base currency), e.g. at minute ends. */
  penalty = 0;
  fills = 0;
  orders = 0;
  /** Orders/tender accepts refused for limits. */
  limitRefusals = 0;
  /** Ticks during which a limit was exceeded (fines charged). */
  breachTicks = 0;

  constructor(
    readonly idx: number,
    readonly traderId: string,
    readonly isAgent: boolean,
    n: number,
  ) {
    const z = (): number[] => new Array<number>(n).fill(0);
    this.pos = z();
    this.cost = z();
    this.realized = z();
    this.feeUnits = z();
    this.rebateUnits = z();
    this.cash = z();
    this.openBuy = z();
    this.openSell = z();
    this.volume = z();
  }

  /** Position in a security; for a currency, its balance. */
  position(m: SecMeta): number {
    return m.isCurrency ? at(this.cash, m.idx) / CASH_SCALE : at(this.pos, m.posIdx);
  }

  vwap(m: SecMeta): number {
    const p = at(this.pos, m.posIdx);
    return m.isCurrency || p === 0 ? 0 : at(this.cost, m.posIdx) / p;
  }
}

/**
 * Books a trade of `qty` (signed by `sign`: +1 buy) at `price` (quote currency) into an account:
 * position/average cost/realized for securities, balances for currencies.
 * `valueUnits` is the exact cash amount (1e-4 units) of the trade.
 */
export function bookTrade(a: Account, m: SecMeta, sign: 1 | -1, qty: number, price: number, valueUnits: number): void {
  const i = m.idx;
  bump(a.cash, m.quoteIdx, -(sign * valueUnits));
  bump(a.volume, i, qty);
  if (m.isCurrency) {
    bump(a.cash, i, sign * qty * CASH_SCALE);
    return;
  }
  // Another venue of a security trades the primary's position (positions aggregate).
  movePosition(a, m.posIdx, sign * qty, price);
}

/** Changes a position by dq at a price, realizing P&L on the closed part (no cash movement). */
export function movePosition(a: Account, i: number, dq: number, price: number): void {
  const pos = at(a.pos, i);
  if (pos === 0 || Math.sign(pos) === Math.sign(dq)) {
    a.pos[i] = pos + dq;
    bump(a.cost, i, dq * price);
    return;
  }
  const avg = at(a.cost, i) / pos;
  const closeQty = Math.min(Math.abs(dq), Math.abs(pos));
  const dir = Math.sign(pos);
  bump(a.realized, i, closeQty * (price - avg) * dir);
  const newPos = pos + dq;
  if (Math.abs(dq) <= Math.abs(pos)) {
    a.pos[i] = newPos;
    a.cost[i] = newPos === 0 ? 0 : avg * newPos;
  } else {
    a.pos[i] = newPos;
    a.cost[i] = newPos * price;
  }
}

export function chargeFee(a: Account, m: SecMeta, qty: number): void {
  const f = m.feeUnits * qty;
  if (f === 0) return;
  bump(a.cash, m.quoteIdx, -f);
  bump(a.feeUnits, m.idx, f);
  bump(a.realized, m.posIdx, -(f / CASH_SCALE));
}

export function payRebate(a: Account, m: SecMeta, qty: number): void {
  const r = m.rebateUnits * qty;
  if (r === 0) return;
  bump(a.cash, m.quoteIdx, r);
  bump(a.rebateUnits, m.idx, r);
  bump(a.realized, m.posIdx, r / CASH_SCALE);
}
