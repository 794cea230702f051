// tune.json (every job with parameters, seed, case and result), tune.md and a self-contained
// tune.html with one inline SVG chart per parameter.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseParams, parseSeeds, runLocal, sweepJobs, testJob, writeTuneReports } from '../src';

test('writes the three reports', async () => {
  const axes = parseParams(['arb.minProfitPerUnit=0.02,0.05,0.1', 'mm.quoteSize=1000:2000:1000']);
  const seeds = parseSeeds('1-5');
  const jobs = sweepJobs({ bot: 'engine', case: 'c', build: 'b1', axes, seeds, search: { mode: 'grid' } });
  const results = await runLocal(jobs, testJob);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ritc-eval-report-'));
  try {
    const out = writeTuneReports(dir, results, {
      build: 'b1',
      sweep: { axes, seeds, search: { mode: 'grid' } },
      machine: { host: 'test', cores: 2 },
    });
    const json = JSON.parse(fs.readFileSync(out.json, 'utf8'));
    expect(json.format).toBe('ritc-tune/1');
    expect(json.jobs).toHaveLength(7 * 5);
    for (const j of json.jobs) {
      expect(Object.keys(j).sort()).toEqual(['bot', 'build', 'case', 'id', 'params', 'result', 'seed']);
      expect(j.result.ok).toBe(true);
      expect(typeof j.result.metrics.pnl).toBe('number');
    }
    expect(json.summary.sets).toHaveLength(7);
    expect(json.summary.sensitivity.map((t: { key: string }) => t.key)).toEqual([
      'arb.minProfitPerUnit',
      'mm.quoteSize',
    ]);

    const md = fs.readFileSync(out.md, 'utf8');
    expect(md).toContain('## Sets, best first');
    expect(md).toContain('## Best set against the defaults');
    expect(md).toContain('## Sensitivity: mm.quoteSize');
    expect(md).toContain('Machine: host test · cores 2');
    expect(md).toMatch(/95% paired-t interval \[|The defaults set is the best set\./);

    const html = fs.readFileSync(out.html, 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html.match(/<svg /g)).toHaveLength(2);
    expect(html.match(/<circle /g)).toHaveLength(3 + 2);
    // Self-contained: nothing to fetch, no scripts.
    expect(html).not.toMatch(/https?:|<script|<link|src=|url\(/i);
    expect(html).toContain('mean P&amp;L by mm.quoteSize');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
