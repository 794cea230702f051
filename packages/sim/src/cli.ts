/**
 * `node dist/main.js sim [flags]`: runs a standalone simulator. Like a real RIT server it outlives
 * the case: when the case ends it prints the results and keeps serving (status STOPPED) until
 * SIGINT/SIGTERM, or until --exit-after-end SECONDS have passed since the end.
 */
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { DEFAULT_API_KEY, DEFAULT_PORT, parseTraders, startSimServer } from './http/server';
import { parseFaultSpec } from './http/faults';
import { configForCase, DEFAULT_MIN_TICK_MS, type DeepPartial, type SimConfig } from './config';
import { listCases } from './cases/load';

/** The shipped cases, one line each: name and description. */
export function formatCaseList(): string {
  const list = listCases();
  const w = Math.max(...list.map((c) => c.name.length));
  return list.map((c) => `${c.name.padEnd(w)}  ${c.description}`).join('\n');
}

export const SIM_HELP = `Usage: node dist/main.js sim [options]

Runs a RIT-compatible exchange simulator serving the RIT Client REST API v1 on
http://HOST:PORT/v1, playing one case from a case file (default ritc-2020-etf: CAD, USD, BULL,
BEAR, RITC; --list-cases shows the others). When the case ends it prints the results
and keeps serving (status STOPPED, orders refused) until Ctrl-C / SIGTERM; POST /sim/reset starts a
new case on the same server.

Options:
  --host HOST        interface to bind (default 127.0.0.1)
  --port N           TCP port, 0 = ephemeral (default ${DEFAULT_PORT})
  --api-key KEY      API key clients must send as X-API-Key or ?key= (default ${DEFAULT_API_KEY})
  --seed N           market seed; same seed + same orders = same market (default 1)
  --tick-ms MS       tick length in ms; 0 = manual clock (POST /sim/advance) (default 1000)
  --ticks N          ticks in the case (default 300)
  --clock MODE       wall (ticks every --tick-ms, default) or virtual: a tick ends when every trader
                     has sent POST /sim/ready?tick=N, after at most --tick-ms and at least --min-tick-ms
  --min-tick-ms MS   virtual clock: the shortest tick (default ${DEFAULT_MIN_TICK_MS})
  --case NAME|FILE   the case to serve: a shipped case's name or a case file (default ritc-2020-etf)
  --list-cases       print the shipped cases, one line each, and exit
  --scenario FILE    JSON file with overrides of the case's config (see packages/sim/README.md)
  --traders N=K,...  a heat of several traders in one market, each NAME with its own API KEY
                     (replaces --api-key; other traders' orders show as ANON in the book)
  --exit-after-end S exit S seconds after the case ends (default: keep serving until a signal)
  --faults SPEC      fault injection, e.g. p500=0.05,p429=0.02,latency=5,spike=0.01:200,drop=0.01,
                     malformed=0.01,pause=150:2000 (off by default)
  -h, --help         show this help

Simulator controls (not part of RIT, same key): POST /sim/pause, /sim/resume, /sim/advance?ticks=N,
/sim/reset?seed=N, /sim/faults, /sim/tender, /sim/shock?ticker=RITC&size=0.3; GET /sim/stats,
/sim/account, /sim/latency.
`;

function intFlag(name: string, v: string | undefined, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isInteger(n) || n < min || n > max) {
    throw new Error(`--${name} must be an integer between ${min} and ${max}, got '${v}'`);
  }
  return n;
}

/** Returns the process exit code (0 ok, 2 usage error, 1 runtime error). */
export async function simMain(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        host: { type: 'string' },
        port: { type: 'string' },
        'api-key': { type: 'string' },
        seed: { type: 'string' },
        'tick-ms': { type: 'string' },
        clock: { type: 'string' },
        'min-tick-ms': { type: 'string' },
        ticks: { type: 'string' },
        scenario: { type: 'string' },
        case: { type: 'string' },
        'list-cases': { type: 'boolean' },
        faults: { type: 'string' },
        'exit-after-end': { type: 'string' },
        traders: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    console.error(`sim: ${(e as Error).message}\n\n${SIM_HELP}`);
    return 2;
  }
  if (values.help) {
    console.log(SIM_HELP);
    return 0;
  }
  if (values['list-cases']) {
    try {
      console.log(formatCaseList());
    } catch (e) {
      console.error(`sim: ${(e as Error).message}`);
      return 1;
    }
    return 0;
  }
  let opts;
  let exitAfterEndS: number | undefined;
  try {
    let scenario: DeepPartial<SimConfig> | undefined;
    if (values.scenario !== undefined) {
      let text: string;
      try {
        text = readFileSync(values.scenario, 'utf8');
      } catch (e) {
        throw new Error(
          `--scenario: cannot read '${values.scenario}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
          { cause: e },
        );
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (e) {
        throw new Error(`--scenario: '${values.scenario}' is not valid JSON: ${(e as Error).message}`, { cause: e });
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
        throw new Error('--scenario: the file must hold a JSON object');
      scenario = parsed;
    }
    if (values.case !== undefined) configForCase(values.case);
    if (values['api-key'] !== undefined && values['api-key'].trim() === '')
      throw new Error('--api-key must not be empty');
    const ee = values['exit-after-end'];
    if (ee !== undefined && !(/^\d+(\.\d+)?$/.test(ee) && Number(ee) <= 86_400))
      throw new Error(`--exit-after-end must be a number of seconds between 0 and 86400, got '${ee}'`);
    exitAfterEndS = ee === undefined ? undefined : Number(ee);
    opts = {
      host: values.host ?? '127.0.0.1',
      port: intFlag('port', values.port, 0, 65535) ?? DEFAULT_PORT,
      apiKey: values['api-key'] ?? DEFAULT_API_KEY,
      seed: intFlag('seed', values.seed, 0, 2 ** 32 - 1),
      tickMs: intFlag('tick-ms', values['tick-ms'], 0, 3_600_000),
      ticks: intFlag('ticks', values.ticks, 1, 10_000_000),
      clock: clockFlag(values.clock),
      minTickMs: intFlag('min-tick-ms', values['min-tick-ms'], 0, 3_600_000),
      case: values.case,
      scenario,
      faults: values.faults !== undefined ? parseFaultSpec(values.faults) : undefined,
      traders: values.traders !== undefined ? parseTraders(values.traders) : undefined,
    };
  } catch (e) {
    console.error(`sim: ${(e as Error).message}`);
    return 2;
  }
  let server;
  try {
    server = await startSimServer(opts);
  } catch (e) {
    console.error(`sim: cannot start: ${(e as Error).message}`);
    return 1;
  }
  const ex = server.exchange;
  console.log(
    `RIT simulator listening on ${server.url} (case ${ex.cfg.caseId}, seed ${ex.cfg.seed}, ${ex.cfg.ticksPerPeriod} ticks of ${ex.cfg.clock === 'manual' ? 'manual clock' : ex.cfg.clock === 'virtual' ? `virtual clock, ${ex.cfg.minTickMs}-${ex.cfg.tickMs} ms` : `${ex.cfg.tickMs} ms`}; ${values.traders !== undefined ? `traders ${ex.traders.map((a) => a.traderId).join(', ')}, keys as given` : `API key ${values['api-key'] === undefined ? 'is the default (see --help)' : 'as given'}`})`,
  );
  const s = server;
  let exitTimer: NodeJS.Timeout | undefined;
  let finish = (): void => undefined;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const printEnd = (): void => {
    const h = s.heat();
    console.log(`Case ended at tick ${h.tick} (status ${h.status}); final results:`);
    for (const r of h.ranking) console.log(`  #${r.rank} ${r.trader_id} nlv ${r.nlv.toFixed(2)} CAD`);
    console.log(
      exitAfterEndS === undefined
        ? 'Still serving (GET /v1/trader, /sim/account; POST /sim/reset for a new case); Ctrl-C to stop'
        : `Still serving; exiting in ${exitAfterEndS} s (POST /sim/reset for a new case cancels it)`,
    );
    if (exitAfterEndS !== undefined) {
      exitTimer = setTimeout(() => {
        console.log('Exiting (--exit-after-end)');
        finish();
      }, exitAfterEndS * 1000);
    }
  };
  const offEnd = s.onCaseEnd(printEnd);
  const offReset = s.onReset(() => {
    if (exitTimer !== undefined) clearTimeout(exitTimer);
    exitTimer = undefined;
    console.log(`New case (reset): seed ${s.exchange.cfg.seed}, tick ${s.exchange.tick}`);
  });
  if (s.exchange.status === 'STOPPED') printEnd();
  const onSignal = (): void => {
    console.log('Stopping (signal)');
    finish();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  await done;
  if (exitTimer !== undefined) clearTimeout(exitTimer);
  offEnd();
  offReset();
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  await s.close();
  return 0;
}

/** --clock: wall is the ordinary timed clock (the config's 'auto'); virtual waits for the traders. */
function clockFlag(v: string | undefined): 'auto' | 'virtual' | undefined {
  if (v === undefined) return undefined;
  if (v === 'wall') return 'auto';
  if (v === 'virtual') return 'virtual';
  throw new Error(`--clock must be wall or virtual, got '${v}'`);
}
