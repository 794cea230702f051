import { hedgeIntents } from '../src/hedging/hedge';
import { DEFAULT_CONFIG } from '../src/config';
import { createOrder } from '../src/execution/orders';
import { setup } from './helpers';

describe('hedgePosition', () => {
  it('hedges an RITC tender in the basket (1:1:1) and its USD cash, in whole max-size children', async () => {
    const { ex, em } = await setup();
    ex.tenders = [
      {
        tender_id: 1,
        period: 1,
        tick: 10,
        expires: 20,
        caption: '',
        ticker: 'RITC',
        quantity: 25_000,
        action: 'BUY',
        is_fixed_bid: true,
        price: 25,
      },
    ];
    await em.acceptTender(ex.tenders[0]!);
    const r = em.hedgePosition('TENDER');
    await r.settled;
    const byTicker = (t: string) => ex.posts.filter((p) => p.ticker === t);
    expect(byTicker('BULL').map((p) => [p.action, p.quantity])).toEqual([
      ['SELL', 8334],
      ['SELL', 8333],
      ['SELL', 8333],
    ]);
    expect(byTicker('BEAR').reduce((s, p) => s + p.quantity, 0)).toBe(25_000);
    expect(byTicker('USD')).toEqual([expect.objectContaining({ action: 'BUY', quantity: 625_000 })]);
    expect(em.positions.bySource('BULL').TENDER).toBe(-25_000);
    expect(Math.abs(em.positions.bySource('USD').TENDER)).toBeLessThan(1);
    // hedging again does nothing: the source is neutral now
    const again = em.hedgePosition('TENDER');
    expect(again.orders).toHaveLength(0);
  });

  it('hedges a basket with the ETF, flattens unmatched legs, and counts live orders (no double hedge)', () => {
    const secs = {} as Parameters<typeof hedgeIntents>[0]['securities'];
    const mk = (t: string, ccy: string, isCurrency = false) => ({
      ticker: t,
      currency: ccy,
      quotedDecimals: 2,
      maxTradeSize: 10_000,
      minTradeSize: 1,
      tradingFee: 0.02,
      limitOrderRebate: 0.01,
      limitWeight: 1,
      isTradeable: true,
      isCurrency,
      type: isCurrency ? 'CURRENCY' : 'STOCK',
      limitWeights: {},
      apiOrdersPerSecond: 10,
    });
    secs.RITC = mk('RITC', 'USD');
    secs.BULL = mk('BULL', 'CAD');
    secs.BEAR = mk('BEAR', 'CAD');
    secs.USD = mk('USD', 'CAD', true);
    const out = hedgeIntents({
      source: 'ARBITRAGE',
      holdings: { BULL: 3000, BEAR: 2000 },
      securities: secs,
      mids: { RITC: 25 },
      config: DEFAULT_CONFIG,
    });
    const m: Record<string, number> = {};
    for (const o of out) m[o.ticker] = (m[o.ticker] ?? 0) + (o.action === 'BUY' ? 1 : -1) * o.quantity;
    expect(out.every((o) => o.quantity <= 10_000)).toBe(true);
    expect(m).toEqual({ BULL: -1000, RITC: -2000, USD: -50_000 }); // sell 2000 RITC → +50k USD → sell USD
    expect(out.every((o) => o.type === 'MARKET' && o.source === 'ARBITRAGE')).toBe(true);
  });

  it('a second hedge while the first is still in flight adds nothing', async () => {
    const { ex, em } = await setup();
    await em.executeOrders([createOrder('BULL', 'MARKET', 'BUY', 100)], 'MARKET_MAKER');
    let release!: () => void;
    ex.gate = new Promise((r) => {
      release = r;
    });
    const a = em.hedgePosition('MARKET_MAKER');
    const b = em.hedgePosition('MARKET_MAKER');
    expect(a.orders).toHaveLength(1);
    expect(b.orders).toHaveLength(0);
    release();
    await a.settled;
    expect(em.positions.bySource('BULL').MARKET_MAKER).toBe(0);
  });
});
