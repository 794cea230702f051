import type { RunSummary } from './summary';

const money = (v: number | null | undefined) =>
  v === null || v === undefined
    ? 'n/a'
    : `${v < 0 ? '-' : ''}${Math.abs(v).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const int = (v: number | null | undefined) => (v === null || v === undefined ? 'n/a' : v.toLocaleString('en-US'));
const us = (v: number | null) =>
  v === null ? 'n/a' : v >= 1000 ? `${(v / 1000).toFixed(1)} ms` : `${Math.round(v)} µs`;

function table(rows: Array<[string, string]>): string {
  const w = Math.max(...rows.map(([k]) => k.length));
  const vw = Math.max(...rows.map(([, v]) => v.length));
  return rows.map(([k, v]) => (k === '' ? '' : `  ${k.padEnd(w)}  ${v.padStart(vw)}`)).join('\n');
}

/** A plain-text summary for the end of a run (no colours: it also goes to files and CI logs). */
export function printSummary(s: RunSummary): string {
  const out: string[] = [];
  const ended =
    s.end.reason === 'exchange-lost'
      ? ' (exchange lost)'
      : s.interrupted
        ? ' (interrupted)'
        : s.end.reason === 'failed'
          ? ' (failed)'
          : '';
  const title = `Run summary${ended} — last tick ${s.lastTick ?? 'n/a'}, ${(s.durationMs / 1000).toFixed(1)} s`;
  out.push(title, '='.repeat(title.length));
  out.push(
    table([
      [`P&L total (nlv, CAD), ${s.pnl.totalSource ?? 'not readable'}`, money(s.pnl.total)],
      [`  market making${s.pnl.bySourceMethod === 'estimated' ? ' (est.)' : ''}`, money(s.pnl.bySource.MARKET_MAKER)],
      ['  arbitrage', money(s.pnl.bySource.ARBITRAGE)],
      ['  tenders', money(s.pnl.bySource.TENDER)],
      ...(s.pnl.bySource.HEDGE !== undefined ? [['  hedging', money(s.pnl.bySource.HEDGE)] as [string, string]] : []),
      ['Fees / rebates / fines', `${money(s.fees)} / ${money(s.rebates)} / ${money(s.fines)}`],
      ['Orders sent / filled', `${int(s.orders.sent)} / ${int(s.orders.filled)}`],
      [
        '  cancelled / rejected / rate-limited',
        `${int(s.orders.cancelled)} / ${int(s.orders.rejected)} / ${int(s.orders.rateLimited)}`,
      ],
      [
        'Tenders offered / accepted / declined',
        `${int(s.tenders.offered)} / ${int(s.tenders.accepted)} / ${int(s.tenders.declined)}`,
      ],
      [
        'Open orders at exit',
        s.openOrdersAtExit === null ? 'unknown (exchange not readable)' : `${int(s.openOrdersAtExit)} (exchange)`,
      ],
      ['Limit breaches', int(s.limitBreaches)],
      ['Decision→send p50 / p99', `${us(s.latencyUs.decisionToSend.p50)} / ${us(s.latencyUs.decisionToSend.p99)}`],
      ['Poll round trip p50 / p99', `${us(s.latencyUs.pollRoundTrip.p50)} / ${us(s.latencyUs.pollRoundTrip.p99)}`],
      ['Errors', int(s.errors.count)],
    ]),
  );
  const tickers = Object.keys(s.positions).sort();
  if (tickers.length > 0) {
    out.push('', '  Positions   engine  exchange');
    for (const t of tickers) {
      const p = s.positions[t];
      if (p === undefined) continue;
      const flag = p.engine !== null && p.exchange !== null && p.engine !== p.exchange ? '  MISMATCH' : '';
      out.push(`  ${t.padEnd(8)} ${int(p.engine).padStart(9)} ${int(p.exchange).padStart(9)}${flag}`);
    }
  }
  if (s.end.detail !== null) out.push('', `  Ended: ${s.end.reason} — ${s.end.detail}`);
  if (s.finesNote !== null) out.push(`  Fines: ${s.fines === null ? 'unknown' : money(s.fines)} — ${s.finesNote}`);
  if (s.errors.samples.length > 0) {
    out.push('', '  First errors:');
    for (const e of s.errors.samples.slice(0, 5)) out.push(`    ${e}`);
  }
  return out.join('\n') + '\n';
}
