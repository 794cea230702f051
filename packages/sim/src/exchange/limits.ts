/**
 * Trading limits, as in RIT's 2020 ETF case: gross = Σ|pos × w|, net = Σ pos × w over a group (RITC w = 2).
 * Enforcement counts the worst case: every open order of the trader filling, plus the new order.
 */
import type { LimitGroupConfig, LimitsConfig } from '../config';
import type { Account } from './accounts';
import type { SecMeta } from './securities';
import { at } from '../util/checked';

export interface LimitGroup {
  cfg: LimitGroupConfig;
  /** Weight per security index (0 = not in the group; another venue counts through its primary). */
  w: number[];
  /** Per security index: the indexes of its venues (itself first), whose open orders count on it. */
  venues: number[][];
}

export function buildGroups(groups: LimitGroupConfig[], metas: SecMeta[], cfg?: LimitsConfig): LimitGroup[] {
  const all = [...groups];
  if (cfg?.cashGroup && !all.some((g) => g.name === 'LIMIT-CASH'))
    all.push({
      name: 'LIMIT-CASH',
      grossLimit: cfg.cashGrossLimit,
      netLimit: cfg.cashNetLimit,
      grossFine: 0,
      netFine: 0,
      weights: { USD: 1 },
    });
  return all.map((cfg) => {
    for (const t of Object.keys(cfg.weights)) {
      if (!metas.some((m) => m.ticker === t)) throw new Error(`limit group ${cfg.name}: unknown ticker ${t}`);
    }
    const venues = metas.map((m) => [
      m.idx,
      ...metas.filter((v) => v.posIdx === m.idx && v.idx !== m.idx).map((v) => v.idx),
    ]);
    return { cfg, w: metas.map((m) => (m.posIdx === m.idx ? (cfg.weights[m.ticker] ?? 0) : 0)), venues };
  });
}

export function usage(a: Account, g: LimitGroup, metas: SecMeta[]): { gross: number; net: number } {
  let gross = 0;
  let net = 0;
  for (let i = 0; i < g.w.length; i++) {
    const w = at(g.w, i);
    if (w === 0) continue;
    const p = a.position(at(metas, i));
    gross += Math.abs(p * w);
    net += p * w;
  }
  return { gross, net };
}

/** Worst-case gross and |net| if every open order filled, plus an extra signed quantity in one security. */
export function worstCase(
  a: Account,
  g: LimitGroup,
  metas: SecMeta[],
  extraSec = -1,
  extraBuy = 0,
  extraSell = 0,
): { gross: number; net: number } {
  let gross = 0;
  let netLong = 0;
  let netShort = 0;
  for (let i = 0; i < g.w.length; i++) {
    const w = at(g.w, i);
    if (w === 0) continue;
    const p = a.position(at(metas, i));
    let b = i === extraSec ? extraBuy : 0;
    let s = i === extraSec ? extraSell : 0;
    for (const v of at(g.venues, i)) {
      b += at(a.openBuy, v);
      s += at(a.openSell, v);
    }
    const hi = p + b;
    const lo = p - s;
    gross += Math.abs(w) * Math.max(Math.abs(hi), Math.abs(lo));
    netLong += w > 0 ? w * hi : w * lo;
    netShort += w > 0 ? w * lo : w * hi;
  }
  return { gross, net: Math.max(Math.abs(netLong), Math.abs(netShort)) };
}

/** Gross and |net| of the position plus one signed extra quantity in one security (resting orders ignored). */
export function positionCase(
  a: Account,
  g: LimitGroup,
  metas: SecMeta[],
  extraSec = -1,
  extra = 0,
): { gross: number; net: number } {
  let gross = 0;
  let net = 0;
  for (let i = 0; i < g.w.length; i++) {
    const w = at(g.w, i);
    if (w === 0) continue;
    const p = a.position(at(metas, i)) + (i === extraSec ? extra : 0);
    gross += Math.abs(p * w);
    net += p * w;
  }
  return { gross, net: Math.abs(net) };
}

/**
 * Returns a message when adding (buy or sell) `qty` of security `sec` would breach a limit that the
 * trader is not already over (orders that reduce the worst case are always allowed), else null.
 */
export function checkLimits(
  a: Account,
  groups: LimitGroup[],
  metas: SecMeta[],
  sec: number,
  buy: boolean,
  qty: number,
  resting: 'worstCase' | 'position' = 'worstCase',
): string | null {
  const orderTicker = at(metas, sec).ticker;
  // An order on another venue of a security counts on its primary.
  const held = at(metas, sec).posIdx;
  for (const g of groups) {
    if (g.w[held] === 0) continue;
    const before = resting === 'worstCase' ? worstCase(a, g, metas) : positionCase(a, g, metas);
    const after =
      resting === 'worstCase'
        ? worstCase(a, g, metas, held, buy ? qty : 0, buy ? 0 : qty)
        : positionCase(a, g, metas, held, buy ? qty : -qty);
    if (after.gross > g.cfg.grossLimit && after.gross > before.gross) {
      return `${g.cfg.name}: gross limit ${g.cfg.grossLimit} would be exceeded (${resting === 'worstCase' ? 'worst case' : 'would be'} ${after.gross} ${resting === 'worstCase' ? 'incl. open orders' : 'position + this order'}; ${orderTicker} counts ${g.w[held]})`;
    }
    if (after.net > g.cfg.netLimit && after.net > before.net) {
      return `${g.cfg.name}: net limit ${g.cfg.netLimit} would be exceeded (${resting === 'worstCase' ? 'worst case' : 'would be'} |net| ${after.net} ${resting === 'worstCase' ? 'incl. open orders' : 'position + this order'}; ${orderTicker} counts ${g.w[held]})`;
    }
  }
  return null;
}

/** Fine (CAD) for one tick over the limits when they are not enforced. */
export function fineFor(a: Account, g: LimitGroup, metas: SecMeta[]): number {
  const u = usage(a, g, metas);
  const overG = Math.max(0, u.gross - g.cfg.grossLimit);
  const overN = Math.max(0, Math.abs(u.net) - g.cfg.netLimit);
  return overG * g.cfg.grossFine + overN * g.cfg.netFine;
}
