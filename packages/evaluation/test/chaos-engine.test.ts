import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { lookupEngine } from '../src/evaluate';
import { pickScenarios, runChaos } from '../src/chaos';

// The short fault-injection suite of CI: the real engine (feed worker threads, piscina pool) in
// full short cases against the simulator with fault switches on, and threads killed mid-case.
describe('fault-injection suite, engine (short)', () => {
  it('survives HTTP 500s, dropped connections, malformed payloads and killed feed and pool threads', async () => {
    const startBot = lookupEngine();
    expect(startBot).not.toBeNull();
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'chaos-engine-'));
    const cases = await runChaos({
      startBot,
      botName: 'engine',
      out,
      seed: 2,
      ticks: 70,
      tickMs: 25,
      scenarios: pickScenarios(['http500', 'drop', 'malformed', 'feed-kill', 'pool-kill']),
    });
    const failures = cases.flatMap((c) =>
      c.checks.filter((x) => !x.ok).map((x) => `${c.scenario}/${x.name}: ${x.detail}`),
    );
    expect(failures).toEqual([]);
    expect(cases.map((c) => [c.scenario, c.applicable, c.survived])).toEqual([
      ['http500', true, true],
      ['drop', true, true],
      ['malformed', true, true],
      ['feed-kill', true, true],
      ['pool-kill', true, true],
    ]);
    expect(cases[0]?.injected.http500).toBeGreaterThan(0);
    expect(cases[3]?.notes.join(' ')).toMatch(/killed a feed thread/);
    expect(cases[4]?.notes.join(' ')).toMatch(/killed a pool thread/);
  });
});
