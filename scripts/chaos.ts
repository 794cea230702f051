/**
 * Fault-injection suite: `npm run chaos [-- --bot engine|naive --scenarios a,b --ticks 300 --tick-ms 25 --short]`.
 *
 * One full case per fault against the simulator with its fault switches on (5 % HTTP 500, 429
 * storms, 200 ms latency spikes, dropped connections, a paused case, a feed worker killed, a pool
 * thread killed, malformed payloads). Each case must: keep trading and exit cleanly, end with the
 * engine's positions equal to the exchange's, never turn one client order into two exchange
 * orders, breach no limit, leave no open order after shutdown, and put no NaN in its report.
 * Prints the table of faults survived; exit code 1 when any applicable fault was not survived.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { startNaiveBot } from '@ritc/evaluation';
import { lookupEngine } from '@ritc/evaluation';
import type { StartBot } from '@ritc/evaluation';
import { CI_SCENARIOS, chaosFailures, chaosTable, pickScenarios, runChaos, writeChaosJson } from '@ritc/evaluation';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      bot: { type: 'string', default: 'engine' },
      scenarios: { type: 'string' },
      short: { type: 'boolean', default: false },
      ticks: { type: 'string' },
      'tick-ms': { type: 'string' },
      seed: { type: 'string', default: '1' },
      out: { type: 'string' },
    },
  });
  const short = values.short === true;
  const bot = String(values.bot);
  const startBot: StartBot = bot === 'naive' ? startNaiveBot : lookupEngine();
  const scenarios = pickScenarios(values.scenarios ? values.scenarios.split(',') : short ? CI_SCENARIOS : null);
  const ticks = Number(values.ticks ?? (short ? 100 : 300));
  const tickMs = Number(values['tick-ms'] ?? 25);
  const seed = Number(values.seed);
  const out = path.resolve(values.out ?? path.join('runs', `chaos-${new Date().toISOString().replace(/[:.]/g, '-')}`));
  const t0 = Date.now();
  const cases = await runChaos({
    startBot,
    botName: bot,
    scenarios,
    seed,
    ticks,
    tickMs,
    out,
    onCase: (name, phase, c) => {
      if (phase === 'start') process.stderr.write(`chaos: ${name} …\n`);
      else
        process.stderr.write(
          `chaos: ${name}: ${!c!.applicable ? 'n/a' : c!.survived ? 'survived' : 'NOT survived'} (${(c!.wallMs / 1000).toFixed(1)} s)\n`,
        );
    },
  });
  const cpus = os.cpus();
  console.log(`\n## npm run chaos — bot ${bot}, seed ${seed}, ${ticks} ticks × ${tickMs} ms per case\n`);
  console.log(
    `Machine: ${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown'}, Node ${process.version}; total ${((Date.now() - t0) / 1000).toFixed(0)} s\n`,
  );
  console.log(chaosTable(cases));
  const failures = chaosFailures(cases);
  if (failures.length) console.log(`\nFailures:\n${failures.map((f) => `- ${f}`).join('\n')}`);
  const survived = cases.filter((c) => c.applicable && c.survived).length;
  const applicable = cases.filter((c) => c.applicable).length;
  console.log(`\n${survived} of ${applicable} faults survived. Reports: ${out}`);
  fs.mkdirSync(out, { recursive: true });
  writeChaosJson(path.join(out, 'chaos.json'), { bot, seed, ticks, tickMs }, cases);
  if (survived < applicable) process.exitCode = 1;
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exitCode = 1;
});
