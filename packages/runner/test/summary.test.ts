import * as os from 'node:os';
import { RunRecorder } from '../src/report/recorder';
import { buildSummary } from '../src/report/summary';
import { printSummary } from '../src/report/text';
import { resolveConfig } from '../src/config';
import { syntheticEvents } from './fixtures/synthetic-run';

function recorded(seed = 5) {
  const rec = new RunRecorder();
  for (const e of syntheticEvents({ seed })) rec.add(e);
  return rec.data();
}
const startedAt = new Date('2024-01-01T00:00:00Z');
const endedAt = new Date('2024-01-01T00:01:00.500Z');

describe('buildSummary', () => {
  it('takes total, positions and overrides from the final account; the rest from the recorder', () => {
    const data = recorded();
    const config = resolveConfig({ command: 'default', flags: { seed: 5 }, cwd: os.tmpdir(), now: startedAt });
    const s = buildSummary({
      data,
      config,
      startedAt,
      endedAt,
      final: {
        nlv: 1234.567,
        openOrdersAtExit: 2,
        positions: { RITC: { engine: 0, exchange: 0 }, CAD: { engine: null, exchange: 5 } },
        fees: -10,
        rebates: 4,
        fines: 0,
        orders: { rateLimited: 9 },
        latencyUs: { pollRoundTrip: { p50: 800, p99: 4000 } },
      },
    });
    expect(s.pnl.total).toBe(1234.567);
    expect(s.pnl.bySourceMethod).toBe('estimated');
    expect(Object.keys(s.pnl.bySource).sort()).toEqual(['ARBITRAGE', 'MARKET_MAKER', 'TENDER']);
    expect(s.pnl.bySource.MARKET_MAKER).toBeCloseTo(data.pnlBySource.MARKET_MAKER, 2);
    expect(s.tenders.pnl).toBe(s.pnl.bySource.TENDER);
    expect(s.fees).toBe(-10);
    expect(s.rebates).toBe(4);
    expect(s.orders).toEqual({ ...data.counts.orders, rateLimited: 9 });
    expect(s.orders.sent).toBeGreaterThan(0);
    expect(s.tenders.offered).toBe(data.counts.tenders.offered);
    expect(s.positions.RITC).toEqual({ engine: 0, exchange: 0 });
    expect(s.positions.BULL).toEqual(data.positions.BULL);
    expect(s.positions.CAD).toEqual({ engine: null, exchange: 5 });
    expect(s.openOrdersAtExit).toBe(2);
    expect(s.latencyUs.pollRoundTrip).toMatchObject({ p50: 800, p99: 4000 });
    expect(s.latencyUs.decisionToSend.samples).toBe(data.latencyUs.decisionToSend.length);
    expect(s.latencyUs.decisionToSend.p50).not.toBeNull();
    expect(s.latencyUs.decisionToSend.p99!).toBeGreaterThanOrEqual(s.latencyUs.decisionToSend.p50!);
    expect(s.limitBreaches).toBe(1);
    expect(s.errors.count).toBe(1);
    expect(s.durationMs).toBe(60_500);
    expect(s.run).toMatchObject({ command: 'default', seed: 5, tickMs: 200, ticks: 300 });
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });

  it('uses the engine attribution when given, and the recorder alone when the engine could not report', () => {
    const data = recorded();
    const a = buildSummary({
      data,
      startedAt,
      endedAt,
      final: { nlv: 10, positions: {}, openOrdersAtExit: 0, pnlBySource: { MARKET_MAKER: 7, HEDGE: -1 } },
    });
    expect(a.pnl).toEqual({
      total: 10,
      totalSource: 'exchange',
      bySourceMethod: 'engine',
      bySource: { MARKET_MAKER: 7, ARBITRAGE: 0, TENDER: 0, HEDGE: -1 },
    });
    const b = buildSummary({ data, startedAt, endedAt, final: null, interrupted: true });
    expect(b.pnl.total).toBeCloseTo(data.lastNlv!, 2);
    expect(b.openOrdersAtExit).toBeNull();
    expect(b.fees).toBeNull();
    expect(b.interrupted).toBe(true);
    expect(b.run.command).toBe('unknown');
  });
});

describe('printSummary', () => {
  it('prints a plain table with the headline numbers and positions', () => {
    const data = recorded();
    const s = buildSummary({
      data,
      startedAt,
      endedAt,
      final: { nlv: -1234.5, positions: { RITC: { engine: 100, exchange: 90 } }, openOrdersAtExit: 0 },
    });
    const text = printSummary(s);
    expect(text).toContain('P&L total (nlv, CAD)');
    expect(text).toContain('-1,234.50');
    expect(text).toContain(`${s.orders.sent.toLocaleString('en-US')} / ${s.orders.filled.toLocaleString('en-US')}`);
    expect(text).toMatch(/RITC\s+100\s+90\s+MISMATCH/);
    expect(text).toContain('(est.)');
    expect(text).not.toContain('\x1b[');
    expect(text.endsWith('\n')).toBe(true);
  });
});
