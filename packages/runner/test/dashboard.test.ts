import type { EngineEvent, OrderState } from '@ritc/engine';
import { render } from '../src/dashboard/render';
import { applyEvent, initialState, mergeEngineState, MAX_MESSAGES, type DashboardState } from '../src/dashboard/state';
import { syntheticEvents } from './fixtures/synthetic-run';

const order = (clientId: string, state: OrderState, prevState: OrderState | null, filled = 0): EngineEvent => ({
  type: 'order',
  t: 1,
  tick: 5,
  clientId,
  orderId: 11,
  ticker: 'BULL',
  action: 'BUY',
  orderType: 'LIMIT',
  price: 9.95,
  quantity: 1000,
  filled,
  vwap: null,
  state,
  prevState,
  source: 'MARKET_MAKER',
});

describe('applyEvent (pure reducer)', () => {
  it('does not modify the input state', () => {
    const s0 = initialState();
    const frozen = JSON.stringify(s0);
    const s1 = applyEvent(s0, {
      type: 'market',
      t: 1,
      tick: 3,
      mids: { RITC: 20 },
      vpin: { RITC: 0.3 },
      positions: { RITC: 100 },
      nlv: 50,
      spread: 0,
      threshold: 0.05,
    });
    expect(JSON.stringify(s0)).toBe(frozen);
    expect(s1.securities.RITC).toMatchObject({ mid: 20, vpin: 0.3, position: 100 });
    expect(s1.pnl.total).toBe(50);
    expect(s1.case.tick).toBe(3);
  });

  it('tracks open orders through their life cycle and counts each transition once', () => {
    let s = initialState();
    s = applyEvent(s, order('a', 'PENDING_NEW', null));
    s = applyEvent(s, order('a', 'OPEN', 'PENDING_NEW'));
    s = applyEvent(s, order('b', 'PENDING_NEW', null));
    expect(Object.keys(s.openOrders).sort()).toEqual(['a', 'b']);
    s = applyEvent(s, order('a', 'PARTIALLY_FILLED', 'OPEN', 400));
    expect(s.openOrders.a?.filled).toBe(400);
    s = applyEvent(s, order('a', 'TRANSACTED', 'PARTIALLY_FILLED', 1000));
    s = applyEvent(s, order('b', 'REJECTED', 'PENDING_NEW'));
    expect(s.openOrders).toEqual({});
    expect(s.orders).toEqual({ sent: 2, filled: 1, cancelled: 0, rejected: 1 });
  });

  it('estimates P&L by source from fills until the engine supplies it', () => {
    let s = initialState();
    s = applyEvent(s, {
      type: 'fill',
      t: 1,
      tick: 1,
      orderId: 1,
      ticker: 'BULL',
      action: 'BUY',
      quantity: 100,
      price: 10,
      source: 'ARBITRAGE',
    });
    s = applyEvent(s, {
      type: 'market',
      t: 2,
      tick: 2,
      mids: { BULL: 10.5 },
      vpin: {},
      positions: { BULL: 100 },
      nlv: 50,
      spread: null,
      threshold: null,
    });
    expect(s.pnl.bySource.ARBITRAGE).toBeCloseTo(50, 9);
    expect(s.pnl.bySourceMethod).toBe('estimated');
    s = mergeEngineState(s, { pnl: { total: 49, bySource: { ARBITRAGE: 45 } } });
    expect(s.pnl).toMatchObject({ total: 49, bySourceMethod: 'engine' });
    expect(s.pnl.bySource.ARBITRAGE).toBe(45);
    s = applyEvent(s, {
      type: 'market',
      t: 3,
      tick: 3,
      mids: { BULL: 11 },
      vpin: {},
      positions: {},
      nlv: 99,
      spread: null,
      threshold: null,
    });
    expect(s.pnl.bySource.ARBITRAGE).toBe(45); // engine attribution is not overwritten by the estimate
    expect(s.pnl.total).toBe(99);
  });

  it('keeps tenders, risk and a bounded message list', () => {
    let s = initialState();
    const tender = {
      tender_id: 3,
      period: 1,
      tick: 40,
      expires: 55,
      caption: '',
      ticker: 'RITC',
      quantity: 9000,
      action: 'SELL' as const,
      is_fixed_bid: true,
      price: 19.5,
    };
    s = applyEvent(s, { type: 'tender', t: 1, tick: 40, tender, decision: 'SEEN', reason: '' });
    s = applyEvent(s, { type: 'tender', t: 2, tick: 41, tender, decision: 'ACCEPTED', reason: 'edge 0.4%' });
    expect(s.tenders).toMatchObject({ seen: 1, accepted: 1, declined: 0 });
    expect(s.tenders.recent).toEqual([
      expect.objectContaining({ tenderId: 3, tick: 40, decision: 'ACCEPTED', reason: 'edge 0.4%' }),
    ]);
    s = applyEvent(s, { type: 'risk', t: 3, tick: 42, state: 'HALTED', reason: 'net limit' });
    expect(s.risk.state).toBe('HALTED');
    for (let i = 0; i < 20; i++)
      s = applyEvent(s, { type: 'log', t: 4, level: 'warn', thread: 'feed:BEAR', message: `slow ${i}` });
    expect(s.messages).toHaveLength(MAX_MESSAGES);
    expect(s.messages.at(-1)?.text).toBe('[feed:BEAR] slow 19');
  });
});

describe('mergeEngineState', () => {
  it('merges the documented view and ignores malformed parts', () => {
    let s = initialState();
    s = mergeEngineState(s, {
      case: { tick: 12, ticksPerPeriod: 300, status: 'ACTIVE' },
      securities: { RITC: { bid: 19.9, ask: 20.1, last: 20, vpin: 0.2, position: -500 }, BAD: 'nope' },
      risk: {
        state: 'REDUCING',
        reason: 'gross 91%',
        limits: [{ name: 'LIMIT-STOCK', gross: 45000, net: -1000, grossLimit: 50000, netLimit: 25000 }, { gross: 1 }],
      },
      latencyUs: { decisionToSend: { p50: 200, p99: 900 }, pollRoundTrip: 'x' },
      pollRates: { RITC: 150, BULL: 'fast' },
    });
    expect(s.case).toEqual({ tick: 12, period: null, ticksPerPeriod: 300, status: 'ACTIVE' });
    expect(s.securities.RITC).toMatchObject({ bid: 19.9, ask: 20.1, last: 20, position: -500 });
    expect(s.securities.RITC?.mid).toBeCloseTo(20, 9);
    expect(s.securities.BAD).toBeUndefined();
    expect(s.risk.limits).toHaveLength(1);
    expect(s.latencyUs).toEqual({ decisionToSend: { p50: 200, p99: 900 }, pollRoundTrip: null });
    expect(s.pollRates).toEqual({ RITC: 150 });
    expect(mergeEngineState(s, null)).toBe(s);
    expect(mergeEngineState(s, 42)).toBe(s);
  });
});

function fullState(): DashboardState {
  let s = initialState();
  for (const e of syntheticEvents({ seed: 11 })) s = applyEvent(s, e);
  return mergeEngineState(s, {
    case: { ticksPerPeriod: 300, status: 'ACTIVE' },
    securities: { RITC: { bid: 18.97, ask: 19.03, last: 19.01 } },
    risk: { limits: [{ name: 'LIMIT-STOCK', gross: 45000, net: -12000, grossLimit: 50000, netLimit: 25000 }] },
    latencyUs: { decisionToSend: { p50: 314, p99: 1290 }, pollRoundTrip: { p50: 1700, p99: 2400 } },
    pollRates: { RITC: 180, BULL: 176 },
  });
}

describe('render(state, width)', () => {
  it('draws every pane with the state numbers', () => {
    const s = fullState();
    const out = render(s, 120);
    expect(out).toContain('tick 300/300');
    expect(out).toContain('ACTIVE');
    for (const t of ['RITC', 'BULL', 'BEAR', 'USD']) expect(out).toMatch(new RegExp(`^${t}\\s`, 'm'));
    expect(out).toMatch(/^RITC\s+18\.97\s+19\.03\s+19\.01\s+19\.00\s+\d\.\d\d\s+-?[\d,]+\s+180$/m);
    expect(out).toContain(
      `P&L ${s.pnl.total!.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} CAD`,
    );
    expect(out).toMatch(/MM -?[\d,]+\.\d\d\s+ARB -?[\d,]+\.\d\d\s+TENDER -?[\d,]+\.\d\d\s+\(est\.\)/);
    expect(out).toMatch(/LIMIT-STOCK\s+gross █+░*\s+90%/);
    expect(out).toContain(`seen ${s.tenders.seen}`);
    expect(out).toContain('decision→send p50 314 µs p99 1.3 ms');
    expect(out).toContain('Messages');
    expect(out).not.toContain('\x1b[');
  });

  it('never exceeds the width', () => {
    const s = fullState();
    for (const w of [40, 80, 133]) {
      for (const line of render(s, w).split('\n')) expect([...line].length).toBeLessThanOrEqual(w);
    }
  });

  it('shows an order still in the engine queue as queued, an acknowledged one by its exchange id', () => {
    let s = applyEvent(initialState(), order('c-1', 'OPEN', 'PENDING_NEW'));
    s = applyEvent(s, { ...order('c-2', 'PENDING_NEW', null), orderId: null } as EngineEvent);
    const out = render(s, 120);
    expect(out).toMatch(/BULL\s+BUY\s+LIMIT.*#11$/m);
    expect(out).toMatch(/BULL\s+BUY\s+LIMIT.*queued \(no exchange id yet\)$/m);
    expect(out).not.toContain('#—');
  });

  it("follows the case's event: the server's ticker order, quoted decimals, reporting currency and name", () => {
    let s = applyEvent(initialState(), {
      type: 'case',
      t: 0,
      name: 'Unseen case',
      reportingCurrency: 'EUR',
      securities: {
        ZZZ: { currency: 'EUR', fxTicker: null, isCurrency: false, quotedDecimals: 3 },
        AAA: { currency: 'EUR', fxTicker: null, isCurrency: false, quotedDecimals: 1 },
      },
    });
    s = applyEvent(s, {
      type: 'market',
      t: 1,
      tick: 1,
      mids: { AAA: 10.25, ZZZ: 4.125, OTHER: 1 },
      vpin: {},
      positions: {},
      nlv: null,
      spread: null,
      threshold: null,
    });
    const out = render(s, 120);
    const rows = out.split('\n').filter((l) => /^(ZZZ|AAA|OTHER)\s/.test(l));
    expect(rows.map((l) => l.split(/\s+/)[0])).toEqual(['ZZZ', 'AAA', 'OTHER']);
    expect(out).toMatch(/^ZZZ\s+—\s+—\s+—\s+4\.125\s/m);
    expect(out).toMatch(/^AAA\s+—\s+—\s+—\s+10\.3\s/m);
    expect(out).toContain('P&L n/a EUR');
    expect(out.split('\n')[0]).toContain('Unseen case');
  });

  it('renders the empty state', () => {
    const out = render(initialState());
    expect(out).toContain('no market data yet');
    expect(out).toContain('P&L n/a CAD');
    expect(out).toContain('(none)');
  });
});
