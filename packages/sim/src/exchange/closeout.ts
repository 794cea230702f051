/**
 * End of case, by RIT's 2020 ETF case rules: stocks close at their last traded price, RITC at fair value
 * (BULL last + BEAR last) / USD, rounded to 4 decimals; then USD balances convert to CAD at the
 * closing USD mid. No fees. Afterwards every account holds only CAD: its nlv.
 */
import type { Exchange } from './exchange';
import { CASH_SCALE } from './securities';
import { bookTrade } from './accounts';
import { at, bump, must } from '../util/checked';

export function closeOut(ex: Exchange): void {
  const fair = Math.round(ex.etfFairValueUsd() * 10_000) / 10_000;
  const cad = must(ex.byTicker, 'CAD').idx;
  for (const a of ex.accounts) {
    for (const m of ex.metas) {
      if (m.isCurrency) continue;
      const pos = at(a.pos, m.idx);
      if (pos === 0) continue;
      const qty = Math.abs(pos);
      if (m.ticker === 'RITC') {
        bookTrade(a, m, pos > 0 ? -1 : 1, qty, fair, Math.round(fair * CASH_SCALE) * qty);
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
