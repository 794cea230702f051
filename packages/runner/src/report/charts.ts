/** Inline SVG line charts for the offline report: axes with "nice" ticks, a legend, gaps for nulls. */
import { at } from '../checked';

export interface LineSeries {
  name: string;
  values: ReadonlyArray<number | null>;
  color: string;
  /** SVG stroke-dasharray, e.g. '4 3' for threshold lines. */
  dash?: string;
  width?: number;
}

export interface LineChartSpec {
  title: string;
  /** Unit of the y axis, shown in the title, e.g. 'CAD' or 'shares'. */
  unit: string;
  x: ReadonlyArray<number>;
  xLabel?: string;
  series: LineSeries[];
  width?: number;
  height?: number;
  /** Forces the y range (e.g. [0, 1] for VPIN); otherwise fitted to the data. */
  yDomain?: [number, number];
  /** Draw a zero line when 0 is inside the range. */
  zeroLine?: boolean;
  /** Digits after the decimal point on y labels; chosen from the tick step when omitted. */
  yDecimals?: number;
}

export function escapeXml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
}

/** Round tick values covering [min, max] (Heckbert's nice numbers). */
export function niceTicks(min: number, max: number, count = 5): { ticks: number[]; step: number } {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return { ticks: [0], step: 1 };
  if (min === max) {
    const pad = Math.abs(min) > 0 ? Math.abs(min) * 0.05 : 1;
    min -= pad;
    max += pad;
  }
  const nice = (x: number, round: boolean) => {
    const e = Math.floor(Math.log10(x));
    const f = x / 10 ** e;
    const nf = round ? (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) : f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
    return nf * 10 ** e;
  };
  const range = nice(max - min, false);
  const step = nice(range / Math.max(1, count - 1), true);
  const lo = Math.floor(min / step) * step;
  const hi = Math.ceil(max / step) * step;
  const ticks: number[] = [];
  for (let v = lo; v <= hi + step / 2; v += step) ticks.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return { ticks, step };
}

function decimalsFor(step: number): number {
  return step >= 1 ? 0 : Math.min(6, Math.ceil(-Math.log10(step) - 1e-9));
}

function fmt(v: number, decimals: number): string {
  const abs = Math.abs(v);
  if (abs >= 1e6) return `${(v / 1e6).toFixed(abs >= 1e7 ? 0 : 1)}M`;
  if (abs >= 1e4) return `${(v / 1e3).toFixed(abs >= 1e5 ? 0 : 1)}k`;
  return v.toFixed(decimals);
}

const r1 = (v: number) => Math.round(v * 10) / 10;

/**
 * One SVG line chart. Every series is a <path data-series=name>; a chart "drew" when at least one
 * path has points (the report's inline check counts those).
 */
export function lineChart(spec: LineChartSpec): string {
  const W = spec.width ?? 560;
  const H = spec.height ?? 240;
  // The legend gets its own row under the title when both do not fit on one line.
  const legendW = spec.series.reduce((a, x) => a + 24 + x.name.length * 7, 0);
  const titleW = (spec.title.length + spec.unit.length + 3) * 7.4;
  const W0 = spec.width ?? 560;
  const twoRows = 56 + titleW + legendW + 20 > W0;
  const m = { top: twoRows ? 48 : 34, right: 14, bottom: 34, left: 56 };
  const pw = W - m.left - m.right;
  const ph = H - m.top - m.bottom;
  const xs = spec.x;
  const n = xs.length;

  let yMin = Infinity;
  let yMax = -Infinity;
  for (const s of spec.series)
    for (const v of s.values)
      if (v !== null && Number.isFinite(v)) {
        if (v < yMin) yMin = v;
        if (v > yMax) yMax = v;
      }
  const hasData = Number.isFinite(yMin);
  if (spec.yDomain) [yMin, yMax] = spec.yDomain;
  else if (!hasData) [yMin, yMax] = [0, 1];
  const { ticks: yTicks, step: yStep } = niceTicks(yMin, yMax, 5);
  // niceTicks gives at least one tick for a finite range; the range itself stands in otherwise.
  const y0 = yTicks[0] ?? yMin;
  const y1 = yTicks[yTicks.length - 1] ?? yMax;
  const xMin = n > 0 ? at(xs, 0) : 0;
  const xMax = n > 1 ? at(xs, n - 1) : xMin + 1;
  const { ticks: xTicksRaw } = niceTicks(xMin, xMax, 6);
  const xTicks = xTicksRaw.filter((v) => v >= xMin && v <= xMax);
  const sx = (x: number) => m.left + ((x - xMin) / (xMax - xMin || 1)) * pw;
  const sy = (y: number) => m.top + ph - ((y - y0) / (y1 - y0 || 1)) * ph;
  const yDec = spec.yDecimals ?? decimalsFor(yStep);

  const parts: string[] = [];
  parts.push(
    `<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${escapeXml(spec.title)}">`,
  );
  parts.push(
    `<text class="title" x="${m.left}" y="16">${escapeXml(spec.title)} <tspan class="unit">(${escapeXml(spec.unit)})</tspan></text>`,
  );
  // grid + y labels
  for (const t of yTicks) {
    const y = r1(sy(t));
    parts.push(`<line class="grid" x1="${m.left}" x2="${m.left + pw}" y1="${y}" y2="${y}"/>`);
    parts.push(`<text class="ylab" x="${m.left - 6}" y="${y + 3.5}" text-anchor="end">${fmt(t, yDec)}</text>`);
  }
  if (spec.zeroLine && y0 < 0 && y1 > 0) {
    parts.push(`<line class="zero" x1="${m.left}" x2="${m.left + pw}" y1="${r1(sy(0))}" y2="${r1(sy(0))}"/>`);
  }
  for (const t of xTicks) {
    const x = r1(sx(t));
    parts.push(`<line class="xtick" x1="${x}" x2="${x}" y1="${m.top + ph}" y2="${m.top + ph + 4}"/>`);
    parts.push(`<text class="xlab" x="${x}" y="${m.top + ph + 16}" text-anchor="middle">${fmt(t, 0)}</text>`);
  }
  parts.push(`<line class="axis" x1="${m.left}" x2="${m.left + pw}" y1="${m.top + ph}" y2="${m.top + ph}"/>`);
  parts.push(`<line class="axis" x1="${m.left}" x2="${m.left}" y1="${m.top}" y2="${m.top + ph}"/>`);
  if (spec.xLabel)
    parts.push(`<text class="xlab" x="${m.left + pw}" y="${H - 4}" text-anchor="end">${escapeXml(spec.xLabel)}</text>`);

  // series
  parts.push(`<g class="series">`);
  for (const s of spec.series) {
    let d = '';
    let pen = false;
    for (let i = 0; i < Math.min(n, s.values.length); i++) {
      const v = at(s.values, i);
      if (v === null || !Number.isFinite(v)) {
        pen = false;
        continue;
      }
      const yv = Math.min(Math.max(v, y0), y1);
      d += `${pen ? 'L' : 'M'}${r1(sx(at(xs, i)))} ${r1(sy(yv))}`;
      pen = true;
    }
    const dash = s.dash ? ` stroke-dasharray="${s.dash}"` : '';
    parts.push(
      `<path data-series="${escapeXml(s.name)}" d="${d}" fill="none" stroke="${s.color}" stroke-width="${s.width ?? 1.6}" stroke-linejoin="round"${dash}/>`,
    );
  }
  parts.push(`</g>`);
  if (!hasData)
    parts.push(`<text class="empty" x="${m.left + pw / 2}" y="${m.top + ph / 2}" text-anchor="middle">no data</text>`);

  // legend, right-aligned on the title row
  let lx = W - m.right;
  const ly = twoRows ? 30 : 12;
  const legend: string[] = [];
  for (const s of [...spec.series].reverse()) {
    const label = escapeXml(s.name);
    const w = 24 + s.name.length * 7;
    lx -= w;
    const dash = s.dash ? ` stroke-dasharray="${s.dash}"` : '';
    legend.push(
      `<line x1="${r1(lx)}" x2="${r1(lx + 14)}" y1="${ly}" y2="${ly}" stroke="${s.color}" stroke-width="2.4"${dash}/><text class="legend" x="${r1(lx + 18)}" y="${ly + 4}">${label}</text>`,
    );
  }
  parts.push(`<g class="legend">${legend.join('')}</g>`);
  parts.push('</svg>');
  return parts.join('');
}
