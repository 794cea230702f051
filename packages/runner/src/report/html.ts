import type { Source } from '@ritc/strategies';
import { at } from '../checked';
import { escapeXml as esc, lineChart, type LineSeries } from './charts';
import type { CaseMoney } from './pnl';
import type { RecorderData } from './recorder';
import type { RunSummary } from './summary';

export interface ReportData {
  summary: RunSummary;
  data: RecorderData;
  title?: string;
}

const PALETTE = ['#2563eb', '#16a34a', '#dc2626', '#9333ea', '#ea580c', '#0891b2', '#be185d', '#4d7c0f'];
const SOURCE_COLORS: Record<Source, string> = {
  MARKET_MAKER: '#0ea5e9',
  ARBITRAGE: '#f59e0b',
  TENDER: '#8b5cf6',
  HEDGE: '#64748b',
};
const SOURCE_LABEL: Record<Source, string> = {
  MARKET_MAKER: 'Market making',
  ARBITRAGE: 'Arbitrage',
  TENDER: 'Tenders',
  HEDGE: 'Hedging',
};
/** Most order rows written into the page (the newest); the count of the rest is shown. */
const MAX_ORDER_ROWS = 300;

/** A ticker's colour, the same in every chart: by its place in the report's ticker order. */
function colorOf(d: RecorderData, ticker: string): string {
  const i = Math.max(0, orderedTickers(d).indexOf(ticker));
  return at(PALETTE, i % PALETTE.length);
}

const money = (v: number | null | undefined, digits = 2) =>
  v === null || v === undefined
    ? 'n/a'
    : v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const int = (v: number | null | undefined) => (v === null || v === undefined ? 'n/a' : v.toLocaleString('en-US'));
const us = (v: number | null) =>
  v === null ? 'n/a' : v >= 1000 ? `${(v / 1000).toFixed(1)} ms` : `${Math.round(v)} µs`;
const signClass = (v: number | null | undefined) =>
  v === null || v === undefined || v === 0 ? '' : v > 0 ? 'pos' : 'neg';
const px = (v: number | null, d = 2) => (v === null ? '—' : v.toFixed(d));

function card(label: string, value: string, sub = '', cls = ''): string {
  return `<div class="card"><div class="label">${esc(label)}</div><div class="value ${cls}">${value}</div>${sub ? `<div class="sub">${sub}</div>` : ''}</div>`;
}

/** Ordered: the case's own tickers first in the server's order, then any others. */
function orderedTickers(d: RecorderData): string[] {
  const known = d.caseTickers;
  const all = new Set([...Object.keys(d.series.mids), ...d.tickers]);
  return [...known.filter((t) => all.has(t)), ...[...all].filter((t) => !known.includes(t)).sort()];
}

/** The unit of a ticker's price: its quote currency, or for a converter the reporting currency per unit of it. */
function priceUnit(money: CaseMoney, ticker: string): string {
  const converts = Object.entries(money.fx).find(([, fx]) => fx === ticker)?.[0];
  if (converts !== undefined) return `${money.reporting} per ${converts}`;
  return money.quote[ticker] ?? money.reporting;
}

/** The tickers (in report order) that have a series in `by`, each with its series. */
function seriesByTicker<T>(d: RecorderData, by: Record<string, T[]>): Array<[string, T[]]> {
  return orderedTickers(d).flatMap((t): Array<[string, T[]]> => {
    const values = by[t];
    return values ? [[t, values]] : [];
  });
}

function charts(d: RecorderData): string[] {
  const s = d.series;
  const x = s.tick;
  const out: string[] = [];
  seriesByTicker(d, s.mids).forEach(([t, values]) => {
    out.push(
      lineChart({
        title: `${t} mid price`,
        unit: priceUnit(d.money, t),
        x,
        xLabel: 'tick',
        width: 330,
        height: 200,
        series: [{ name: t, values, color: colorOf(d, t) }],
      }),
    );
  });
  const thr = s.threshold;
  // A case without an ETF the engine arbitrages has no spread to draw.
  if (hasSpread(d))
    out.push(
      lineChart({
        title: 'ETF − basket spread',
        unit: d.money.reporting,
        x,
        xLabel: 'tick',
        zeroLine: true,
        series: [
          { name: 'spread', values: s.spread, color: '#0f172a' },
          { name: '+entry', values: thr, color: '#dc2626', dash: '5 4', width: 1.2 },
          {
            name: '−entry',
            values: thr.map((v) => (v === null ? null : -v)),
            color: '#16a34a',
            dash: '5 4',
            width: 1.2,
          },
        ],
      }),
    );
  out.push(
    lineChart({
      title: 'VPIN by security',
      unit: '0–1',
      x,
      xLabel: 'tick',
      yDomain: [0, 1],
      yDecimals: 1,
      series: seriesByTicker(d, s.vpin).map(([t, values]) => ({ name: t, values, color: colorOf(d, t) })),
    }),
  );
  out.push(
    lineChart({
      title: 'Positions',
      unit: 'shares',
      x,
      xLabel: 'tick',
      zeroLine: true,
      series: seriesByTicker(d, s.positions).map(([t, values]) => ({ name: t, values, color: colorOf(d, t) })),
    }),
  );
  const pnl: LineSeries[] = [{ name: 'Total (nlv)', values: s.nlv, color: '#0f172a', width: 2.2 }];
  for (const src of ['MARKET_MAKER', 'ARBITRAGE', 'TENDER', 'HEDGE'] as Source[]) {
    const v = s.pnlBySource[src];
    if (src === 'HEDGE' && v.every((y) => y === 0)) continue;
    pnl.push({ name: SOURCE_LABEL[src], values: v, color: SOURCE_COLORS[src], width: 1.4 });
  }
  out.push(lineChart({ title: 'Cumulative P&L', unit: 'CAD', x, xLabel: 'tick', zeroLine: true, series: pnl }));
  return out;
}

/** Number of charts renderReportHtml draws for this data (tests compare it with what the browser drew). */
const hasSpread = (d: RecorderData): boolean => d.series.spread.some((v) => v !== null);

export function expectedChartCount(d: RecorderData): number {
  return Object.keys(d.series.mids).length + (hasSpread(d) ? 4 : 3);
}

function positionsTable(s: RunSummary): string {
  const rows = Object.keys(s.positions)
    .sort()
    .map((t) => {
      const p = s.positions[t];
      if (p === undefined) return '';
      const bad = p.engine !== null && p.exchange !== null && p.engine !== p.exchange;
      return `<tr class="${bad ? 'bad' : ''}"><td>${esc(t)}</td><td class="num">${int(p.engine)}</td><td class="num">${int(p.exchange)}</td><td>${bad ? 'mismatch' : 'ok'}</td></tr>`;
    });
  return `<table><thead><tr><th>Ticker</th><th class="num">Engine</th><th class="num">Exchange</th><th></th></tr></thead><tbody>${rows.join('') || '<tr><td colspan="4">none</td></tr>'}</tbody></table>`;
}

function tendersTable(d: RecorderData): string {
  const rows = d.tenders.map(
    (t) =>
      `<tr><td class="num">${t.tenderId}</td><td class="num">${t.tick}</td><td>${esc(t.ticker)}</td><td>${t.action}</td><td class="num">${int(t.quantity)}</td><td class="num">${px(t.price)}</td><td>${t.isFixedBid ? 'fixed' : 'auction'}</td><td><span class="tag ${t.decision.toLowerCase()}">${t.decision}</span></td><td class="num ${signClass(t.valueCad)}">${money(t.valueCad)}</td><td class="reason">${esc(t.reason)}</td></tr>`,
  );
  return `<table><thead><tr><th class="num">Id</th><th class="num">Tick</th><th>Ticker</th><th>Side</th><th class="num">Qty</th><th class="num">Price</th><th>Kind</th><th>Decision</th><th class="num">Value (CAD)</th><th>Reason</th></tr></thead><tbody>${rows.join('') || '<tr><td colspan="10">no tenders</td></tr>'}</tbody></table>`;
}

function ordersTable(d: RecorderData): string {
  const shown = d.orders.slice(-MAX_ORDER_ROWS).reverse();
  const hidden = d.orders.length - shown.length + d.ordersDropped;
  const rows = shown.map(
    (o) =>
      `<tr><td class="num">${o.tick}</td><td class="num">${o.orderId ?? '—'}</td><td>${esc(o.ticker)}</td><td>${o.action}</td><td>${o.orderType}</td><td class="num">${px(o.price)}</td><td class="num">${int(o.quantity)}</td><td class="num">${int(o.filled)}</td><td class="num">${px(o.vwap, 3)}</td><td><span class="tag ${o.state.toLowerCase()}">${o.state}</span></td><td>${SOURCE_LABEL[o.source]}</td><td class="reason">${esc(o.reason ?? '')}</td></tr>`,
  );
  const note =
    hidden > 0
      ? `<p class="note">Newest ${shown.length} orders shown; ${int(hidden)} older ones are counted above but not listed.</p>`
      : '';
  return `${note}<table><thead><tr><th class="num">Tick</th><th class="num">Id</th><th>Ticker</th><th>Side</th><th>Type</th><th class="num">Price</th><th class="num">Qty</th><th class="num">Filled</th><th class="num">VWAP</th><th>State</th><th>Source</th><th>Reason</th></tr></thead><tbody>${rows.join('') || '<tr><td colspan="12">no orders</td></tr>'}</tbody></table>`;
}

const CSS = `
:root{--fg:#0f172a;--muted:#64748b;--line:#e2e8f0;--bg:#f8fafc;--card:#fff;--pos:#15803d;--neg:#b91c1c}
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
header{padding:22px 32px 10px}h1{margin:0;font-size:22px}h2{font-size:16px;margin:28px 0 10px}.meta{color:var(--muted);font-size:13px;margin-top:4px}
main{padding:0 32px 40px;max-width:1400px}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(170px,1fr));gap:12px}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:12px 14px}
.card .label{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em}
.card .value{font-size:22px;font-weight:600;margin-top:2px;font-variant-numeric:tabular-nums}.card .sub{color:var(--muted);font-size:12px}
.card.hero{grid-column:span 2}.card.hero .value{font-size:30px}
.pos{color:var(--pos)}.neg{color:var(--neg)}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(560px,1fr));gap:12px}
.charts.small{grid-template-columns:repeat(auto-fill,minmax(290px,1fr))}
.panel{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:8px}
svg.chart{width:100%;height:auto;display:block}
svg .title{font-size:13px;font-weight:600;fill:var(--fg)}svg .unit{font-weight:400;fill:var(--muted)}
svg .grid{stroke:#eef2f7}svg .axis{stroke:#94a3b8}svg .zero{stroke:#94a3b8;stroke-dasharray:2 3}svg .xtick{stroke:#94a3b8}
svg .ylab,svg .xlab{font-size:10.5px;fill:var(--muted)}svg .legend{font-size:11px;fill:var(--fg)}svg .empty{fill:var(--muted);font-size:12px}
table{border-collapse:collapse;width:100%;background:var(--card);border:1px solid var(--line);border-radius:10px;overflow:hidden;font-size:12.5px}
th,td{padding:5px 10px;border-bottom:1px solid var(--line);text-align:left;white-space:nowrap}th{background:#f1f5f9;font-weight:600;color:#334155}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}td.reason{white-space:normal;color:var(--muted)}
tr.bad td{background:#fef2f2}.scroll{max-height:480px;overflow:auto;border-radius:10px}
.tag{padding:1px 7px;border-radius:9px;font-size:11px;background:#e2e8f0}.tag.accepted,.tag.transacted{background:#dcfce7;color:#166534}
.tag.declined,.tag.rejected{background:#fee2e2;color:#991b1b}.tag.expired,.tag.cancelled{background:#f1f5f9;color:#475569}.tag.open,.tag.partially_filled{background:#dbeafe;color:#1e40af}
.note{color:var(--muted);font-size:12px}.two{display:grid;grid-template-columns:minmax(300px,1fr) 2fr;gap:12px;align-items:start}
ul.errors{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:10px 28px;font-family:ui-monospace,monospace;font-size:12px}
`;

/** After layout, counts the charts whose series have path data (read by the headless-browser test). */
const CHECK_SCRIPT = `<script>
(function(){var n=0;document.querySelectorAll('svg.chart').forEach(function(svg){
var ok=false;svg.querySelectorAll('path[data-series]').forEach(function(p){var d=p.getAttribute('d')||'';if(/^M[-0-9.]+ [-0-9.]+/.test(d)&&p.getTotalLength()>0)ok=true;});
if(ok)n++;});document.body.dataset.chartsDrawn=String(n);document.body.dataset.chartsTotal=String(document.querySelectorAll('svg.chart').length);})();
</script>`;

/** The whole report as one self-contained HTML page (inline CSS and SVG; no network). */
export function renderReportHtml(r: ReportData): string {
  const s = r.summary;
  const d = r.data;
  const title = r.title ?? 'RITC trading run';
  const est =
    s.pnl.bySourceMethod === 'estimated'
      ? '<span title="marked to the last mids from fills; excludes fees">est.</span>'
      : '';
  const run = s.run;
  const meta = [
    run.command === 'trade'
      ? `trading ${esc(run.apiUrl ?? '')}`
      : run.command === 'default'
        ? `embedded simulator, seed ${run.seed}, ${run.ticks} ticks × ${run.tickMs} ms`
        : '',
    run.strategies.length ? `strategies ${esc(run.strategies.join(', '))}` : '',
    `started ${esc(s.startedAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC'))}`,
    `${(s.durationMs / 1000).toFixed(1)} s`,
    `last tick ${s.lastTick ?? 'n/a'}`,
    s.interrupted ? '<b>interrupted</b>' : '',
  ]
    .filter(Boolean)
    .join(' · ');

  const cards = [
    `<div class="card hero"><div class="label">P&amp;L total (nlv)</div><div class="value ${signClass(s.pnl.total)}">${money(s.pnl.total)} <small>CAD</small></div><div class="sub">fees ${money(s.fees)} · rebates ${money(s.rebates)} · fines ${money(s.fines)}</div></div>`,
    card('Market making', money(s.pnl.bySource.MARKET_MAKER), `CAD ${est}`, signClass(s.pnl.bySource.MARKET_MAKER)),
    card('Arbitrage', money(s.pnl.bySource.ARBITRAGE), `CAD ${est}`, signClass(s.pnl.bySource.ARBITRAGE)),
    card(
      'Tenders',
      money(s.pnl.bySource.TENDER),
      `${s.tenders.accepted} of ${s.tenders.offered} accepted`,
      signClass(s.pnl.bySource.TENDER),
    ),
    card(
      'Orders',
      int(s.orders.sent),
      `${int(s.orders.filled)} filled · ${int(s.orders.cancelled)} cancelled · ${int(s.orders.rejected)} rejected · ${int(s.orders.rateLimited)} rate-limited`,
    ),
    card(
      'Limit breaches',
      int(s.limitBreaches),
      `open orders at exit ${int(s.openOrdersAtExit)}`,
      s.limitBreaches > 0 ? 'neg' : '',
    ),
    card('Decision → send', us(s.latencyUs.decisionToSend.p50), `p50 · p99 ${us(s.latencyUs.decisionToSend.p99)}`),
    card('Poll round trip', us(s.latencyUs.pollRoundTrip.p50), `p50 · p99 ${us(s.latencyUs.pollRoundTrip.p99)}`),
    card('Errors', int(s.errors.count), '', s.errors.count > 0 ? 'neg' : ''),
  ];

  const all = charts(d);
  const nMids = Object.keys(d.series.mids).length;
  const midCharts = all.slice(0, nMids);
  const rest = all.slice(nMids);
  const errors = s.errors.samples.length
    ? `<h2>Errors</h2><ul class="errors">${s.errors.samples.map((e) => `<li>${esc(e)}</li>`).join('')}</ul>`
    : '';
  const thinned =
    d.series.stride > 1
      ? `<p class="note">Series thinned to every ${d.series.stride}th market sample to stay bounded.</p>`
      : '';

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)}</title><style>${CSS}</style></head>
<body>
<header><h1>${esc(title)}</h1><div class="meta">${meta}</div></header>
<main>
<section class="cards">${cards.join('')}</section>
<h2>Mid prices</h2>
<section class="charts small">${midCharts.map((c) => `<div class="panel">${c}</div>`).join('')}</section>
<h2>Arbitrage, flow toxicity, inventory and P&amp;L</h2>${thinned}
<section class="charts">${rest.map((c) => `<div class="panel">${c}</div>`).join('')}</section>
<h2>Positions at exit</h2>
<div class="two">${positionsTable(s)}<div></div></div>
<h2>Tenders</h2>
<div class="scroll">${tendersTable(d)}</div>
<h2>Orders</h2>
<div class="scroll">${ordersTable(d)}</div>
${errors}
</main>
${CHECK_SCRIPT}
</body></html>
`;
}
