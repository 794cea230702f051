import type { Source } from '@ritc/strategies';
import type { DashboardState } from './state';

const SRC_SHORT: Record<Source, string> = { MARKET_MAKER: 'MM', ARBITRAGE: 'ARB', TENDER: 'TENDER', HEDGE: 'HEDGE' };
/** Most open orders listed (the newest); the rest are counted. */
const MAX_ORDER_LINES = 8;

const px = (v: number | null, d = 2) => (v === null ? '—' : v.toFixed(d));
const money = (v: number | null) =>
  v === null ? 'n/a' : v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const int = (v: number) => v.toLocaleString('en-US');
const us = (v: number | null) =>
  v === null ? 'n/a' : v >= 1000 ? `${(v / 1000).toFixed(1)} ms` : `${Math.round(v)} µs`;

function bar(frac: number, width: number): string {
  const f = Math.max(0, Math.min(1, frac));
  const full = Math.round(f * width);
  return '█'.repeat(full) + '░'.repeat(width - full);
}

function fit(line: string, width: number): string {
  return [...line].length > width ? [...line].slice(0, Math.max(0, width - 1)).join('') + '…' : line;
}

/** The case's tickers in the server's order, then any others (seen before the case was read) sorted. */
function tickerOrder(known: string[], tickers: string[]): string[] {
  return [...known.filter((t) => tickers.includes(t)), ...tickers.filter((t) => !known.includes(t)).sort()];
}

/**
 * The dashboard as plain text (no ANSI codes): one frame, every line at most `width` columns.
 * Pure, so it is tested apart from the terminal.
 */
export function render(state: DashboardState, width = 100): string {
  const w = Math.max(40, Math.floor(width));
  const L: string[] = [];
  const c = state.case;
  const tick = c.tick === null ? '—' : `${c.tick}${c.ticksPerPeriod ? `/${c.ticksPerPeriod}` : ''}`;
  const name = state.caseFacts.name ? `  ${state.caseFacts.name}` : '';
  const left = `RIT engine${name}  tick ${tick}  ${c.status ?? ''}  risk ${state.risk.state}`;
  const right = `P&L ${money(state.pnl.total)} ${state.money.reporting}`;
  L.push(left + ' '.repeat(Math.max(2, w - left.length - right.length)) + right);
  L.push('─'.repeat(w));

  L.push(
    `${'Security'.padEnd(9)}${'Bid'.padStart(10)}${'Ask'.padStart(10)}${'Last'.padStart(10)}${'Mid'.padStart(10)}${'VPIN'.padStart(7)}${'Position'.padStart(11)}${'Polls/s'.padStart(9)}`,
  );
  for (const t of tickerOrder(state.caseFacts.tickers, Object.keys(state.securities))) {
    const r = state.securities[t];
    if (r === undefined) continue;
    const d = state.caseFacts.decimals[t] ?? 2;
    const rate = state.pollRates[t];
    L.push(
      `${t.padEnd(9)}${px(r.bid, d).padStart(10)}${px(r.ask, d).padStart(10)}${px(r.last, d).padStart(10)}${px(r.mid, d).padStart(10)}${px(r.vpin).padStart(7)}${int(r.position).padStart(11)}${(rate === undefined ? '—' : rate.toFixed(0)).padStart(9)}`,
    );
  }
  if (Object.keys(state.securities).length === 0) L.push('  (no market data yet)');
  L.push('');

  const by = state.pnl.bySource;
  const srcs = (['MARKET_MAKER', 'ARBITRAGE', 'TENDER', 'HEDGE'] as Source[]).filter(
    (s) => s !== 'HEDGE' || by.HEDGE !== 0,
  );
  L.push(
    `P&L by source  ${srcs.map((s) => `${SRC_SHORT[s]} ${money(by[s])}`).join('   ')}${state.pnl.bySourceMethod === 'estimated' ? '   (est.)' : ''}`,
  );

  const risk = state.risk;
  L.push(`Risk           ${risk.state}${risk.reason ? ` — ${risk.reason}` : ''}`);
  for (const l of risk.limits) {
    const g = l.grossLimit > 0 ? Math.abs(l.gross) / l.grossLimit : 0;
    const n = l.netLimit > 0 ? Math.abs(l.net) / l.netLimit : 0;
    L.push(
      `  ${l.name.padEnd(12)} gross ${bar(g, 12)} ${(g * 100).toFixed(0).padStart(3)}% ${int(l.gross)}/${int(l.grossLimit)}   net ${bar(n, 12)} ${(n * 100).toFixed(0).padStart(3)}% ${int(l.net)}/${int(l.netLimit)}`,
    );
  }
  const o = state.orders;
  const open = Object.values(state.openOrders);
  L.push(
    `Orders         open ${open.length}   sent ${int(o.sent)}   filled ${int(o.filled)}   cancelled ${int(o.cancelled)}   rejected ${int(o.rejected)}`,
  );
  const td = state.tenders;
  L.push(`Tenders        seen ${td.seen}   accepted ${td.accepted}   declined ${td.declined}   expired ${td.expired}`);
  for (const t of [...td.recent].reverse()) {
    L.push(
      `  #${t.tenderId} t${t.tick} ${t.action} ${int(t.quantity)} ${t.ticker} @ ${px(t.price)}  ${t.decision}${t.reason ? ` — ${t.reason}` : ''}`,
    );
  }
  const lat = state.latencyUs;
  L.push(
    `Latency        decision→send p50 ${us(lat.decisionToSend?.p50 ?? null)} p99 ${us(lat.decisionToSend?.p99 ?? null)}   poll p50 ${us(lat.pollRoundTrip?.p50 ?? null)} p99 ${us(lat.pollRoundTrip?.p99 ?? null)}`,
  );
  L.push('');

  L.push(`Open orders${open.length > MAX_ORDER_LINES ? ` (newest ${MAX_ORDER_LINES} of ${open.length})` : ''}`);
  for (const r of open.slice(-MAX_ORDER_LINES).reverse()) {
    L.push(
      `  ${r.ticker.padEnd(5)} ${r.action.padEnd(4)} ${r.orderType.padEnd(6)} ${int(r.quantity).padStart(7)} @ ${px(r.price).padStart(8)}  filled ${int(r.filled).padStart(6)}  ${SRC_SHORT[r.source]}  ${r.orderId != null ? `#${r.orderId}` : 'queued (no exchange id yet)'}`,
    );
  }
  if (open.length === 0) L.push('  (none)');
  if (state.messages.length > 0) {
    L.push('', 'Messages');
    for (const m of state.messages) L.push(`  ${m.level.toUpperCase().padEnd(5)} ${m.text}`);
  }
  return L.map((l) => fit(l, w)).join('\n');
}
