import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { EngineEvent } from '@ritc/engine';
import { runBotCase, runDoNothingCase, startNaiveBot, tenderFitsLimits } from '../src/evaluate';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'eval-base-'));
const limit = {
  name: 'LIMIT-STOCK',
  gross: 0,
  net: 0,
  gross_limit: 300_000,
  net_limit: 200_000,
  gross_fine: 1,
  net_fine: 1,
};

describe('tenderFitsLimits', () => {
  it('checks gross and net with the security weight', () => {
    expect(tenderFitsLimits({ action: 'BUY', quantity: 100_000 }, 2, [limit])).toBe(true);
    expect(tenderFitsLimits({ action: 'BUY', quantity: 100_001 }, 2, [limit])).toBe(false); // net 200,002
    expect(
      tenderFitsLimits({ action: 'SELL', quantity: 50_000 }, 2, [{ ...limit, gross: 250_000, net: -100_000 }]),
    ).toBe(false); // gross
    expect(
      tenderFitsLimits({ action: 'SELL', quantity: 50_000 }, 2, [{ ...limit, gross: 100_000, net: 100_000 }]),
    ).toBe(true);
  });
});

describe('baselines against the real simulator over HTTP', () => {
  it('do-nothing: no orders, P&L exactly 0, tenders offered but none accepted', async () => {
    const m = await runDoNothingCase(3, 300);
    expect(m).toMatchObject({
      bot: 'nothing',
      seed: 3,
      pnl: 0,
      orders: 0,
      tendersAccepted: 0,
      fees: 0,
      openOrdersAtExit: 0,
    });
    expect(m.tendersOffered).toBeGreaterThan(0);
  });

  it('naive: accepts a tender posted mid-case and unwinds it flat with market orders', async () => {
    const dir = tmp();
    let posted: unknown = null;
    const run = await runBotCase(startNaiveBot, {
      seed: 11,
      tickMs: 20,
      ticks: 80,
      reportDir: dir,
      sim: { scenario: { tenders: { enabled: false } } },
      onStarted: (sim) => {
        setTimeout(() => {
          sim.control('tender?action=SELL&quantity=25000&window=20').then(
            (t) => {
              posted = t;
            },
            (e) => {
              posted = e;
            },
          );
        }, 300);
      },
    });
    expect(posted).toMatchObject({ action: 'SELL', quantity: 25_000 });
    expect(run.result.exitCode).toBe(0);
    expect(run.snapshot.tenders).toMatchObject({ offered: 1, accepted: 1 });
    // Flat at the end: every share of the tender bought back with market orders of ≤ 10,000.
    const ritc = run.snapshot.account.securities.find((s) => s.ticker === 'RITC')!;
    expect(ritc.position).toBe(0);
    const buys = run.snapshot.orders.filter((o) => o.ticker === 'RITC' && o.action === 'BUY');
    expect(buys.every((o) => o.type === 'MARKET' && o.quantity <= 10_000)).toBe(true);
    expect(buys.reduce((s, o) => s + o.filled, 0)).toBe(25_000);
    // Its events name every exchange order once, and the report agrees with the exchange.
    const ids = run.events
      .filter((e): e is Extract<EngineEvent, { type: 'order' }> => e.type === 'order' && e.orderId !== null)
      .map((e) => e.orderId);
    expect(new Set(ids)).toEqual(new Set(run.snapshot.orders.map((o) => o.id)));
    expect(run.result.summary.pnl.total).toBeCloseTo(run.snapshot.account.nlv, 2);
    expect(run.result.summary.tenders.accepted).toBe(1);
    expect(fs.existsSync(path.join(dir, 'summary.json'))).toBe(true);
  });
});
