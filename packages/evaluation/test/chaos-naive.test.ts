import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startNaiveBot } from '../src/evaluate';
import { chaosTable, pickScenarios, runChaos } from '../src/chaos';

// The harness against a real bot over HTTP: the naive baseline under a few of the simulator's
// faults, short cases. (The engine's own run of the suite is chaos-engine.test.ts.)
const RATES: Record<string, string> = { http500: 'p500=0.15', drop: 'drop=0.1', malformed: 'malformed=0.1' };
function rateOf(scenario: string): string {
  const spec = RATES[scenario];
  if (spec === undefined) throw new Error(`no test rate for the ${scenario} scenario`);
  return spec;
}

describe('fault-injection suite, naive bot (short)', () => {
  it('survives HTTP 500s, dropped connections and malformed payloads; threads it lacks are n/a', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'chaos-naive-'));
    const cases = await runChaos({
      startBot: startNaiveBot,
      botName: 'naive',
      out,
      seed: 3,
      // 120 ticks: on a loaded machine a shorter case saw a single tender, and a fault could take it.
      ticks: 120,
      tickMs: 20,
      // Rates above the suite's (5 %, 2 %, 3 %) so that a short case on a loaded machine, with only a
      // hundred-odd requests, still gets several faults of each kind.
      scenarios: pickScenarios(['http500', 'drop', 'malformed', 'feed-kill']).map((sc) =>
        sc.spec ? { ...sc, spec: () => rateOf(sc.name) } : sc,
      ),
      tenderEveryTicks: 12,
    });
    const failures = cases
      .filter((c) => c.applicable)
      .flatMap((c) => c.checks.filter((x) => !x.ok).map((x) => `${c.scenario}/${x.name}: ${x.detail}`));
    expect(failures).toEqual([]);
    expect(cases.map((c) => [c.scenario, c.applicable, c.survived])).toEqual([
      ['http500', true, true],
      ['drop', true, true],
      ['malformed', true, true],
      ['feed-kill', false, false],
    ]);
    // The faults really were injected.
    expect(cases[0]?.injected.http500).toBeGreaterThan(0);
    expect(cases[1]?.injected.dropped).toBeGreaterThan(0);
    expect(cases[2]?.injected.malformed).toBeGreaterThan(0);
    expect(chaosTable(cases)).toContain('| yes');
  });
});
