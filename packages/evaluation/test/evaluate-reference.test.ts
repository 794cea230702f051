import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { etfEdges, referencePollMs, runBotCase, startReferenceBot } from '../src/evaluate';

describe('reference bot: edges', () => {
  it('prices both directions on the touch, RITC in USD converted at the side it trades', () => {
    const q = {
      bull: { bid: 10, ask: 10.02 },
      bear: { bid: 15, ask: 15.02 },
      ritc: { bid: 20.1, ask: 20.12 },
      usd: { bid: 1.24, ask: 1.25 },
    };
    const e = etfEdges(q);
    expect(e.buyEtf).toBeCloseTo(25 - 20.12 * 1.25, 12);
    expect(e.sellEtf).toBeCloseTo(20.1 * 1.24 - 25.04, 12);
    expect(Number.isNaN(etfEdges({ ...q, ritc: { bid: NaN, ask: NaN } }).buyEtf)).toBe(true);
  });
});

describe('reference bot: pace', () => {
  it("polls every half tick, as the script's 0.5 s at RIT's 1 s ticks; 0.5 s when the tick is unknown", () => {
    expect(referencePollMs(1000)).toBe(500);
    expect(referencePollMs(50)).toBe(25);
    expect(referencePollMs(undefined)).toBe(500);
    expect(referencePollMs(0)).toBe(500);
    expect(referencePollMs(Number.NaN)).toBe(500);
  });
});

describe('reference bot against the real simulator over HTTP', () => {
  it('accepts a posted tender and holds it to the close, trades the basket after an ETF shock', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eval-ref-'));
    const answers: unknown[] = [];
    const run = await runBotCase(startReferenceBot, {
      seed: 5,
      tickMs: 40,
      ticks: 100,
      reportDir: dir,
      sim: { scenario: { tenders: { enabled: false } } },
      onStarted: (sim) => {
        const post = (p: string, at: number) =>
          setTimeout(() => {
            sim.control(p).then(
              (a) => answers.push(a),
              (e: unknown) => answers.push(e),
            );
          }, at);
        post('tender?action=BUY&quantity=20000&window=60', 300);
        // RITC 1.5 USD rich: sell RITC, buy the basket. Three shocks, so a bot polling every 0.5 s on a
        // loaded machine still meets one before the market's arbitrageurs close it.
        for (const at of [900, 1600, 2300]) post('shock?ticker=RITC&size=1.5', at);
      },
    });
    expect(answers).toHaveLength(4);
    expect(run.result.exitCode).toBe(0);
    expect(run.snapshot.tenders).toMatchObject({ offered: 1, accepted: 1 });
    const orders = run.snapshot.orders;
    // It never unwinds: no RITC order undoes the tender, and every order is a 5,000-share market order.
    expect(orders.length).toBeGreaterThanOrEqual(3);
    expect(orders.every((o) => o.type === 'MARKET' && o.quantity === 5_000)).toBe(true);
    const sells = orders.filter((o) => o.ticker === 'RITC' && o.action === 'SELL').length;
    const basketBuys = orders.filter((o) => o.ticker !== 'RITC' && o.action === 'BUY').length;
    expect(sells).toBeGreaterThan(0);
    expect(basketBuys).toBe(2 * sells); // one BULL and one BEAR per RITC leg
    expect(run.result.summary.pnl.total).not.toBeNull();
    expect(run.snapshot.account.nlv).toBeCloseTo(run.result.summary.pnl.total ?? Number.NaN, 2);
  });
});
