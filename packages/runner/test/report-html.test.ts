import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expectedChartCount, renderReportHtml } from '../src/report/html';
import { lineChart, niceTicks } from '../src/report/charts';
import { writeReport } from '../src/report/write';
import { type Browser, dumpDom, ensureChromium, pngSize, screenshot } from './fixtures/chromium';
import { syntheticReport } from './fixtures/synthetic-report';

describe('report.html', () => {
  let dir: string;
  let browser: Browser;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ritc-html-'));
    // Installs Debian's chromium on a fresh machine (root), else fails naming what to install.
    browser = ensureChromium();
    process.stdout.write(
      `report.html is checked in ${browser.bin} (${browser.version})${browser.installed ? ', installed by this run' : ''}\n`,
    );
  }, 600_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is self-contained: no external URLs, scripts or stylesheets', () => {
    const html = renderReportHtml(syntheticReport());
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/<link[^>]+stylesheet/i);
    expect(html).not.toMatch(/(src|href)="https?:/i);
    expect(html).not.toMatch(/@import|url\(http/i);
    expect(html).toContain('<svg class="chart"');
  });

  it('escapes text from the run (reasons, tickers)', () => {
    const r = syntheticReport();
    const tender = r.data.tenders[0];
    if (tender === undefined) throw new Error('the synthetic run has no tender');
    tender.reason = '<img src=x onerror=alert(1)>';
    const html = renderReportHtml(r);
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src=x');
  });

  it('leaves out the spread chart when the case has no ETF arbitrage (no spread was recorded)', () => {
    const r = syntheticReport();
    expect(renderReportHtml(r)).toContain('ETF − basket spread');
    const before = expectedChartCount(r.data);
    r.data.series.spread = r.data.series.spread.map(() => null);
    const html = renderReportHtml(r);
    expect(html).not.toContain('ETF − basket spread');
    expect(expectedChartCount(r.data)).toBe(before - 1);
    expect(html.split('<svg class="chart"').length - 1).toBe(before - 1);
  });

  it('draws every chart in headless Chromium, and screenshots a non-trivial PNG', () => {
    expect(fs.existsSync(browser.bin)).toBe(true);
    const report = syntheticReport();
    const { html, summary } = writeReport(dir, report);
    expect(JSON.parse(fs.readFileSync(summary, 'utf8'))).toEqual(report.summary);

    const dom = dumpDom(html);
    const drawn = /data-charts-drawn="(\d+)"/.exec(dom);
    const total = /data-charts-total="(\d+)"/.exec(dom);
    expect(drawn).not.toBeNull();
    const expected = expectedChartCount(report.data);
    expect(expected).toBe(8); // 4 mids + spread + VPIN + positions + P&L
    expect(Number(total?.[1])).toBe(expected);
    expect(Number(drawn?.[1])).toBe(expected);
    // every chart's paths carry data in the DOM the browser produced
    const svgs = dom.split('<svg class="chart"').slice(1);
    expect(svgs).toHaveLength(expected);
    for (const svg of svgs) expect(svg).toMatch(/<path data-series="[^"]+" d="M[-\d.]+ [-\d.]+L/);

    const png = path.join(dir, 'shot.png');
    screenshot(html, png, 1280, 1600);
    const buf = fs.readFileSync(png);
    expect(pngSize(buf)).toEqual({ width: 1280, height: 1600 });
    expect(buf.length).toBeGreaterThan(50_000); // a blank page compresses to a few KB
  }, 60_000);
});

describe('charts', () => {
  it('niceTicks covers the range with round steps', () => {
    const { ticks, step } = niceTicks(0.013, 0.981, 5);
    expect(step).toBe(0.2);
    expect(ticks[0]).toBeLessThanOrEqual(0.013);
    expect(ticks.at(-1)!).toBeGreaterThanOrEqual(0.981);
    expect(niceTicks(5, 5).ticks.length).toBeGreaterThan(1);
  });

  it('lineChart breaks lines at nulls and marks empty charts', () => {
    const svg = lineChart({
      title: 'T',
      unit: 'CAD',
      x: [1, 2, 3, 4],
      series: [{ name: 'a', values: [1, null, 3, 4], color: '#000' }],
    });
    const d = /data-series="a" d="([^"]*)"/.exec(svg)?.[1];
    if (d === undefined) throw new Error('no path for series a');
    expect(d.match(/M/g)).toHaveLength(2);
    expect(d.match(/L/g)).toHaveLength(1);
    const empty = lineChart({ title: 'E', unit: 'x', x: [], series: [{ name: 'a', values: [], color: '#000' }] });
    expect(empty).toContain('no data');
    expect(/data-series="a" d=""/.test(empty)).toBe(true);
  });
});
