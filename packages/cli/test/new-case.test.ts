import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { EventEmitter } from 'node:events';
import { RitClient } from '@ritc/rit-client';
import { resolveConfig, runTrading, startEmbeddedSimulator, startEngine } from '@ritc/runner';

const REPO = path.resolve(__dirname, '..', '..', '..');
const discard = () => new Writable({ write: (_c, _e, cb) => cb() });

/** New names for the 2020 case's securities: an ETF the engine has never seen, in EUR. */
const RENAME: Record<string, string> = { BULL: 'AAA', BEAR: 'BBB', RITC: 'XETF', USD: 'EUR' };

/**
 * The shipped 2020 case with every ticker renamed (securities, processes, agents, tenders, news
 * texts), shortened to 120 ticks, written as a case file of its own.
 */
function writeNewCase(dir: string): string {
  const text = fs.readFileSync(path.join(REPO, 'packages', 'sim', 'cases', 'ritc-2020-etf.json'), 'utf8');
  const renamed = text.replace(/\b(BULL|BEAR|RITC|USD)\b/g, (t) => RENAME[t]!);
  const c = JSON.parse(renamed) as Record<string, unknown> & { clock: { ticksPerPeriod: number } };
  delete c.$schema;
  c.name = 'xetf-test';
  c.clock.ticksPerPeriod = 120;
  const file = path.join(dir, 'xetf-case.json');
  fs.writeFileSync(file, JSON.stringify(c));
  return file;
}

interface Exchange {
  positions: Record<string, number>;
  filledByTicker: Record<string, number>;
  openOrders: number;
}

describe('a case the engine has never seen', () => {
  it('reads XETF = AAA + BBB in EUR from the server, trades it, ends flat on orders and agrees with the exchange', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ritc-newcase-'));
    const caseFile = writeNewCase(dir);
    const config = resolveConfig({
      command: 'default',
      cwd: dir,
      flags: { seed: 3, tickMs: 25, case: caseFile, reportDir: 'r', dashboard: false },
    });
    const logs: string[] = [];
    let exchange: Exchange | null = null;
    const result = await runTrading(config, {
      startEngine: (ctx) => startEngine(ctx),
      startSimulator: async (sim) => {
        const s = await startEmbeddedSimulator(sim);
        return {
          ...s,
          // The exchange's own view, read after the engine stopped and before the simulator goes.
          close: async () => {
            const rit = new RitClient({ baseUrl: s.apiUrl, apiKey: s.apiKey ?? '' });
            const [secs, orders] = await Promise.all([rit.getSecurities(), rit.getOrders('TRANSACTED')]);
            const open = await rit.getOrders('OPEN');
            const filledByTicker: Record<string, number> = {};
            for (const o of orders) filledByTicker[o.ticker] = (filledByTicker[o.ticker] ?? 0) + o.quantity_filled;
            exchange = {
              positions: Object.fromEntries(secs.map((x) => [x.ticker, x.position])),
              filledByTicker,
              openOrders: open.length,
            };
            await rit.close();
            await s.close();
          },
        };
      },
      stdout: discard(),
      logStream: new Writable({
        write: (chunk: Buffer, _e, cb) => {
          logs.push(chunk.toString());
          cb();
        },
      }),
      signals: new EventEmitter(),
    });
    expect(result.exitCode).toBe(0);
    const ex = exchange as Exchange | null;
    expect(ex).not.toBeNull();
    // The assignment came from the server's answers, with the new names.
    const log = logs.join('');
    expect(log).toContain('strategy assignment: arbitrage: XETF,AAA,BBB,EUR');
    expect(log).toContain('strategy assignment: marketMaking: AAA,BBB,XETF');
    // It traded the new tickers: orders filled on the ETF and on its basket.
    expect(Object.keys(ex!.positions).sort()).toEqual(['AAA', 'BBB', 'CAD', 'EUR', 'XETF']);
    for (const t of ['AAA', 'BBB', 'XETF']) expect(ex!.filledByTicker[t] ?? 0).toBeGreaterThan(0);
    const s = result.summary;
    expect(s.orders.filled).toBeGreaterThan(0);
    expect(s.openOrdersAtExit).toBe(0);
    expect(ex!.openOrders).toBe(0);
    expect(s.limitBreaches).toBe(0);
    // Every share position and cash balance the engine books is the exchange's.
    expect(Object.keys(s.positions).sort()).toEqual(['AAA', 'BBB', 'CAD', 'EUR', 'XETF']);
    for (const [t, p] of Object.entries(s.positions)) {
      expect({ t, ...p }).toEqual({ t, engine: ex!.positions[t], exchange: ex!.positions[t] });
    }
  }, 90_000);
});
