import type { EngineEvent } from '@ritc/engine';
import { RunRecorder } from '../src/report/recorder';
import { syntheticEvents } from './fixtures/synthetic-run';
import { ETF_CASE_EVENT } from './fixtures/etf-case-event';

const market = (tick: number, extra: Partial<Extract<EngineEvent, { type: 'market' }>> = {}): EngineEvent => ({
  type: 'market',
  t: tick * 1000,
  tick,
  mids: { RITC: 20 + tick / 1000, BULL: 10, USD: 1.3 },
  vpin: { RITC: 0.4, BULL: null },
  positions: { RITC: tick, BULL: 0 },
  nlv: tick * 2,
  spread: 0.01,
  threshold: 0.05,
  ...extra,
});

describe('RunRecorder bounds', () => {
  it('keeps at most maxPoints per series over a long run, spanning first to last tick', () => {
    const rec = new RunRecorder({ maxPoints: 100 });
    for (let tick = 1; tick <= 10_000; tick++) rec.add(market(tick));
    const d = rec.data();
    const n = d.series.tick.length;
    expect(n).toBeLessThanOrEqual(101); // +1: the newest event always ends the series
    expect(n).toBeGreaterThanOrEqual(50);
    expect(d.series.tick[0]).toBe(1);
    expect(d.series.tick[n - 1]).toBe(10_000);
    expect(d.series.stride).toBeGreaterThan(1);
    for (const arr of [
      d.series.t,
      d.series.nlv,
      d.series.spread,
      d.series.threshold,
      d.series.mids.RITC,
      d.series.vpin.BULL,
      d.series.positions.RITC,
      d.series.pnlBySource.MARKET_MAKER,
    ])
      expect(arr).toHaveLength(n);
    // ticks stay increasing after thinning
    for (let i = 1; i < n; i++) expect(d.series.tick[i]).toBeGreaterThan(d.series.tick[i - 1] ?? Infinity);
  });

  it('keeps the newest maxOrders order rows and exact counts', () => {
    const rec = new RunRecorder({ maxOrders: 10 });
    for (let i = 0; i < 50; i++) {
      const base = {
        type: 'order' as const,
        t: i,
        tick: i,
        clientId: `c${i}`,
        orderId: i,
        ticker: 'BULL',
        action: 'BUY' as const,
        orderType: 'LIMIT' as const,
        price: 10,
        quantity: 100,
        vwap: null,
        source: 'MARKET_MAKER' as const,
      };
      rec.add({ ...base, filled: 0, state: 'PENDING_NEW', prevState: null });
      rec.add({ ...base, filled: 0, state: 'OPEN', prevState: 'PENDING_NEW' });
      rec.add({
        ...base,
        filled: 0,
        state: i % 2 ? 'CANCELLED' : 'REJECTED',
        prevState: 'OPEN',
        reason: i % 10 === 0 ? 'RATE_LIMIT_EXCEEDED' : 'x',
      });
    }
    const d = rec.data();
    expect(d.orders).toHaveLength(10);
    expect(d.orders[0]?.clientId).toBe('c40');
    expect(d.ordersDropped).toBe(40);
    expect(d.counts.orders).toEqual({ sent: 50, filled: 0, cancelled: 25, rejected: 25, rateLimited: 5 });
  });

  it('back-fills a ticker that appears late so series stay aligned; nulls stay nulls', () => {
    const rec = new RunRecorder();
    rec.add(market(1));
    rec.add(market(2, { mids: { RITC: 20, BULL: null, USD: 1.3, BEAR: 15 }, nlv: null }));
    const d = rec.data();
    expect(d.series.mids.BEAR).toEqual([null, 15]);
    expect(d.series.mids.BULL).toEqual([10, null]);
    expect(d.series.nlv).toEqual([2, null]);
    expect(d.lastMids.BULL).toBe(10); // last known mid is kept for valuation
  });

  it('data() is a snapshot that later events do not change', () => {
    const rec = new RunRecorder();
    rec.add(market(1));
    const d = rec.data();
    rec.add(market(2));
    expect(d.series.tick).toEqual([1]);
  });
});

describe('RunRecorder accounting', () => {
  it('values a case it reads from its case event: a foreign listing converted by its own currency security', () => {
    const rec = new RunRecorder();
    rec.add({
      type: 'case',
      t: 0,
      name: 'unseen',
      reportingCurrency: 'CAD',
      securities: {
        CAD: { currency: 'CAD', fxTicker: null, isCurrency: true, quotedDecimals: 2 },
        EUR: { currency: 'CAD', fxTicker: null, isCurrency: true, quotedDecimals: 2 },
        AAA: { currency: 'CAD', fxTicker: null, isCurrency: false, quotedDecimals: 2 },
        XETF: { currency: 'EUR', fxTicker: 'EUR', isCurrency: false, quotedDecimals: 2 },
      },
    });
    rec.add(market(1, { mids: { XETF: 20, AAA: 10, EUR: 1.5 } }));
    rec.add({
      type: 'fill',
      t: 1,
      tick: 1,
      orderId: 1,
      ticker: 'XETF',
      action: 'SELL',
      quantity: 10,
      price: 20.2,
      source: 'ARBITRAGE',
    });
    rec.add(market(2, { mids: { XETF: 20, AAA: 10, EUR: 1.5 } }));
    const d = rec.data();
    expect(d.pnlBySource.ARBITRAGE).toBeCloseTo(10 * 0.2 * 1.5, 9);
    expect(d.money).toEqual({ reporting: 'CAD', quote: { XETF: 'EUR' }, fx: { EUR: 'EUR' } });
    // Cash is not charted; the currency that converts the listing is.
    expect(d.caseTickers).toEqual(['EUR', 'AAA', 'XETF']);
  });

  it('estimates P&L by source from fills marked at mids, USD converted', () => {
    const rec = new RunRecorder();
    rec.add(ETF_CASE_EVENT);
    rec.add(market(1, { mids: { RITC: 20, BULL: 10, USD: 1.25 } }));
    rec.add({
      type: 'fill',
      t: 1,
      tick: 1,
      orderId: 1,
      ticker: 'BULL',
      action: 'BUY',
      quantity: 100,
      price: 9.9,
      source: 'MARKET_MAKER',
    });
    rec.add({
      type: 'fill',
      t: 1,
      tick: 1,
      orderId: 2,
      ticker: 'RITC',
      action: 'SELL',
      quantity: 10,
      price: 20.2,
      source: 'ARBITRAGE',
    });
    rec.add(market(2, { mids: { RITC: 20, BULL: 10.5, USD: 1.25 } }));
    const d = rec.data();
    expect(d.pnlBySource.MARKET_MAKER).toBeCloseTo(100 * (10.5 - 9.9), 9);
    expect(d.pnlBySource.ARBITRAGE).toBeCloseTo(10 * 0.2 * 1.25, 9);
    expect(d.pnlBySource.TENDER).toBe(0);
    expect(d.series.pnlBySource.MARKET_MAKER.at(-1)).toBeCloseTo(60, 9);
  });

  it('counts tenders once per id and decisions once per change; a late SEEN keeps the decision', () => {
    const rec = new RunRecorder();
    const tender = {
      tender_id: 7,
      period: 1,
      tick: 10,
      expires: 25,
      caption: 'x',
      ticker: 'RITC',
      quantity: 5000,
      action: 'BUY' as const,
      is_fixed_bid: true,
      price: 20,
    };
    rec.add({ type: 'tender', t: 1, tick: 10, tender, decision: 'SEEN', reason: 'offered' });
    rec.add({ type: 'tender', t: 2, tick: 11, tender, decision: 'ACCEPTED', reason: 'edge', valueCad: 400 });
    rec.add({ type: 'tender', t: 3, tick: 12, tender, decision: 'SEEN', reason: 'still listed' });
    rec.add({
      type: 'tender',
      t: 4,
      tick: 12,
      tender: { ...tender, tender_id: 8 },
      decision: 'DECLINED',
      reason: 'no edge',
    });
    const d = rec.data();
    expect(d.counts.tenders).toEqual({ offered: 2, accepted: 1, declined: 1, expired: 0 });
    expect(d.tenders[0]).toMatchObject({ tenderId: 7, tick: 10, decision: 'ACCEPTED', valueCad: 400 });
  });

  it('counts limit breaches as transitions out of ACTIVE, errors, rejects, reconcile, latency', () => {
    const rec = new RunRecorder({ maxErrors: 2 });
    rec.add({ type: 'risk', t: 1, tick: 1, state: 'REDUCING', reason: 'gross' });
    rec.add({ type: 'risk', t: 2, tick: 2, state: 'HALTED', reason: 'gross' });
    rec.add({ type: 'risk', t: 3, tick: 3, state: 'ACTIVE', reason: 'ok' });
    rec.add({ type: 'risk', t: 4, tick: 4, state: 'REDUCING', reason: 'net' });
    rec.add({ type: 'reject', t: 5, tick: 5, ticker: 'RITC', source: 'TENDER', reason: '429 rate limit' });
    for (let i = 0; i < 3; i++)
      rec.add({ type: 'log', t: 6, level: 'error', thread: 'feed:BULL', message: `boom ${i}` });
    rec.add({ type: 'reconcile', t: 7, tick: 7, ticker: 'BULL', engine: 100, exchange: 90 });
    rec.add({
      type: 'strategy',
      t: 8,
      tick: 8,
      kind: 'latency',
      metrics: { decisionToSendUs: 250, pollRoundTripUs: 1200 },
    });
    const d = rec.data();
    expect(d.counts.limitBreaches).toBe(2);
    expect(d.lastRiskState).toBe('REDUCING');
    expect(d.counts.orders.rejected).toBe(1);
    expect(d.counts.orders.rateLimited).toBe(1);
    expect(d.errors).toEqual({ count: 3, samples: ['[feed:BULL] boom 0', '[feed:BULL] boom 1'] });
    expect(d.positions.BULL).toEqual({ engine: 100, exchange: 90 });
    expect(d.counts.reconcileMismatches).toBe(1);
    expect(d.latencyUs).toEqual({ decisionToSend: [250], pollRoundTrip: [1200] });
  });

  it('handles a full synthetic case', () => {
    const rec = new RunRecorder();
    const ev = syntheticEvents({ seed: 3 });
    for (const e of ev) rec.add(e);
    const d = rec.data();
    expect(d.series.tick).toHaveLength(300);
    expect(d.counts.events).toBe(ev.length);
    expect(d.tickers).toEqual(['BEAR', 'BULL', 'RITC', 'USD']);
    // At every sample with all mids known, the estimated P&L by source adds up to the synthetic
    // nlv (which has no fees and is marked at the same mids).
    let checked = 0;
    d.series.tick.forEach((_, i) => {
      if (Object.values(d.series.mids).some((m) => m[i] === null)) return;
      const sum = Object.values(d.series.pnlBySource).reduce((a, v) => a + (v[i] ?? NaN), 0);
      expect(sum).toBeCloseTo(d.series.nlv[i] ?? NaN, 4);
      checked++;
    });
    expect(checked).toBeGreaterThan(250);
  });
});
