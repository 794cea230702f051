/**
 * End of case, by RIT's ETF case rules (2020: stocks at their last traded price, RITC at fair value
 * (BULL last + BEAR last) / USD, rounded to 4 decimals): every security closes at its last price,
 * an ETF at its basket fair value when the case's closeOut.etf says 'fairValue', an option at its
 * intrinsic value at the underlying's last price when closeOut.options says 'intrinsic'; then every
 * currency balance converts to CAD at its closing mid. No fees. Afterwards every account holds
 * only CAD: its nlv.
 */
import type { Exchange } from './exchange';
import { CASH_SCALE } from './securities';
import { bookTrade } from './accounts';
import { at, bump, must } from '../util/checked';

export function closeOut(ex: Exchange): void {
  const fair = new Map<number, number>();
  if (ex.cfg.closeOut.etf === 'fairValue')
    for (const m of ex.metas)
      if (m.cfg.composition !== undefined) fair.set(m.idx, Math.round(ex.etfFairValue(m) * 10_000) / 10_000);
  if (ex.cfg.closeOut.options === 'intrinsic')
    for (const m of ex.metas) {
      const p = ex.cfg.processes[m.ticker];
      if (p?.kind !== 'option') continue;
      const u = must(ex.byTicker, p.underlying);
      const s = at(ex.lastInt, u.idx) / u.scale;
      fair.set(m.idx, Math.max(0, p.putCall === 'CALL' ? s - p.strike : p.strike - s));
    }
  const cad = must(ex.byTicker, 'CAD').idx;
  for (const a of ex.accounts) {
    for (const m of ex.metas) {
      if (m.isCurrency) continue;
      const pos = at(a.pos, m.idx);
      if (pos === 0) continue;
      const qty = Math.abs(pos);
      const f = fair.get(m.idx);
      if (f !== undefined) {
        bookTrade(a, m, pos > 0 ? -1 : 1, qty, f, Math.round(f * CASH_SCALE) * qty * m.cfg.multiplier);
      } else {
        const pInt = at(ex.lastInt, m.idx);
        bookTrade(a, m, pos > 0 ? -1 : 1, qty, pInt / m.scale, pInt * qty * m.unitMul);
      }
    }
    for (const m of ex.metas) {
      if (!m.isCurrency || m.idx === cad) continue;
      const bal = at(a.cash, m.idx);
      if (bal === 0) continue;
      bump(a.cash, cad, Math.round(bal * ex.fxRate(m.idx)));
      a.cash[m.idx] = 0;
    }
  }
}
