import { DEFAULT_TENDER_PARAMS, optimallyExecuteOrder, runTenderStrategy, TENDER_TAG_UNWIND, TENDER_TAG_BASKET, type TenderParams, type TenderMemory } from '../src';
import { makeContext, makeOpenOrder, type ContextOptions } from '../src/testing';

const P: TenderParams = { ...DEFAULT_TENDER_PARAMS, basket: ['BULL', 'BEAR'] };
const calm = { RITC: { vpin: 0.3, signedImbalance: 0, sigmaPerBucket: null } }; // no hiding volume: no pacing

function step(opts: ContextOptions, params: TenderParams = P) {
  return optimallyExecuteOrder(makeContext({ snapshots: calm, ...opts }), params);
}

describe('tender unwind execution', () => {
  test('a long tender position is unwound by a LIMIT sell at the ask for the first (large) child', () => {
    const out = step({ positions: { RITC: { TENDER: 45_000 } } });
    expect(out.memory.schedule!.children.reduce((a, b) => a + b, 0)).toBe(45_000);
    expect(out.orders).toEqual([{ ticker: 'RITC', type: 'LIMIT', action: 'SELL', quantity: 5000, price: 25.02, source: 'TENDER', tag: TENDER_TAG_UNWIND }]);
  });

  test('MARKET when VPIN is high or the flow runs against the unwind; LIMIT otherwise', () => {
    const hi = step({ positions: { RITC: { TENDER: 45_000 } }, snapshots: { RITC: { vpin: 0.7, sigmaPerBucket: null } } });
    expect(hi.orders[0].type).toBe('MARKET');
    const against = step({ positions: { RITC: { TENDER: 45_000 } }, snapshots: { RITC: { vpin: 0.2, signedImbalance: -0.5, sigmaPerBucket: null } } });
    expect(against.orders[0].type).toBe('MARKET');
    const favour = step({ positions: { RITC: { TENDER: 45_000 } }, snapshots: { RITC: { vpin: 0.2, signedImbalance: 0.5, sigmaPerBucket: null } } });
    expect(favour.orders[0].type).toBe('LIMIT');
    // A short position buys back at the bid.
    const short = step({ positions: { RITC: { TENDER: -450 } } });
    expect(short.orders[0]).toMatchObject({ action: 'BUY', price: 24.98, type: 'LIMIT' });
  });

  test('never stacks: with a working order nothing new is sent; a stale one is cancelled, and replaced only once gone', () => {
    const first = step({ positions: { RITC: { TENDER: 45_000 } } });
    const working = makeOpenOrder({ orderId: 99, ticker: 'RITC', action: 'SELL', price: 25.02, quantity: 5000, source: 'TENDER', tag: TENDER_TAG_UNWIND });
    // Same tick, order visible and at the touch: wait.
    const wait = step({ positions: { RITC: { TENDER: 45_000 } }, openOrders: [working], memory: first.memory });
    expect(wait.orders).toHaveLength(0);
    expect(wait.cancels).toHaveLength(0);
    // Touch moved down 3 ticks: cancel, but no new order in the same decision.
    const moved = step({ positions: { RITC: { TENDER: 45_000 } }, openOrders: [working], memory: wait.memory, books: { RITC: [24.95, 24.99] } });
    expect(moved.cancels).toEqual([99]);
    expect(moved.orders).toHaveLength(0);
    // Cancel not yet confirmed (still open): no duplicate cancel, no new order.
    const pending = step({ positions: { RITC: { TENDER: 45_000 } }, openOrders: [working], memory: moved.memory, books: { RITC: [24.95, 24.99] } });
    expect(pending.cancels).toHaveLength(0);
    expect(pending.orders).toHaveLength(0);
    // Gone from openOrders after 2,000 filled: the remaining 3,000 of the child at the new touch.
    const next = step({ tick: 101, positions: { RITC: { TENDER: 43_000 } }, memory: pending.memory, books: { RITC: [24.95, 24.99] } });
    expect(next.orders).toEqual([expect.objectContaining({ type: 'LIMIT', action: 'SELL', quantity: 3000, price: 24.99 })]);
  });

  test('an unfilled limit child is cancelled after repriceAfterTicks', () => {
    const first = step({ positions: { RITC: { TENDER: 45_000 } } });
    const working = makeOpenOrder({ orderId: 5, ticker: 'RITC', action: 'SELL', price: 25.02, quantity: 5000, source: 'TENDER', tag: TENDER_TAG_UNWIND });
    const early = step({ tick: 102, positions: { RITC: { TENDER: 45_000 } }, openOrders: [working], memory: first.memory });
    expect(early.cancels).toHaveLength(0);
    const late = step({ tick: 103, positions: { RITC: { TENDER: 45_000 } }, openOrders: [working], memory: first.memory });
    expect(late.cancels).toEqual([5]);
  });

  test('a second tender in the same direction rebuilds the schedule on the net position; an opposite one nets', () => {
    const first = step({ positions: { RITC: { TENDER: 45_000 } } });
    const grown = step({ tick: 105, positions: { RITC: { TENDER: 90_000 } }, memory: first.memory });
    expect(grown.memory.schedule!.base).toBe(90_000);
    expect(grown.memory.schedule!.children.reduce((a, b) => a + b, 0)).toBe(90_000);
    // An opposite tender of 40,000 nets the position down: the cursor moves on, no rebuild, no overshoot.
    const netted = step({ tick: 106, positions: { RITC: { TENDER: 50_000 } }, memory: grown.memory });
    expect(netted.memory.schedule!.base).toBe(90_000);
    const q = netted.orders[0].quantity;
    expect(q).toBeGreaterThan(0);
    expect(q).toBeLessThanOrEqual(50_000);
    // Flat: the schedule is dropped and stray unwind orders cancelled.
    const flat = step({ tick: 107, positions: { RITC: { TENDER: 0 } }, memory: netted.memory, openOrders: [makeOpenOrder({ orderId: 8, ticker: 'RITC', action: 'SELL', price: 25.02, source: 'TENDER', tag: TENDER_TAG_UNWIND })] });
    expect(flat.memory.schedule).toBeNull();
    expect(flat.cancels).toEqual([8]);
  });

  test('the next child waits for its share of the hiding volume', () => {
    const withSigma = { RITC: { vpin: 0.3, signedImbalance: 0, sigmaPerBucket: 0.03, bucketVolume: 5000, buyFraction: 0.5, volume: 100_000 } };
    const first = optimallyExecuteOrder(makeContext({ snapshots: withSigma, positions: { RITC: { TENDER: 45_000 } } }), P);
    const hv = first.memory.schedule!.hidingVolume!;
    expect(hv).toBeGreaterThanOrEqual(45_000);
    const need = first.memory.lastChild!.waitVolume;
    expect(need).toBeCloseTo((hv * 5000) / 45_000, 6);
    const filled = { ...withSigma.RITC, volume: 100_000 + need - 1 };
    const early = optimallyExecuteOrder(makeContext({ tick: 102, snapshots: { RITC: filled }, positions: { RITC: { TENDER: 40_000 } }, memory: first.memory }), P);
    expect(early.orders).toHaveLength(0);
    const enough = { ...withSigma.RITC, volume: 100_000 + need + 1 };
    const later = optimallyExecuteOrder(makeContext({ tick: 102, snapshots: { RITC: enough }, positions: { RITC: { TENDER: 40_000 } }, memory: first.memory }), P);
    expect(later.orders).toHaveLength(1);
  });

  test('end of heat: the rest goes at market', () => {
    const out = step({ tick: 295, positions: { RITC: { TENDER: 12_345 } } });
    expect(out.orders[0]).toMatchObject({ type: 'MARKET', action: 'SELL' });
  });

  test('runTenderStrategy answers tenders and keeps the basket hedge at −(RITC tender position) when enabled', () => {
    const out = runTenderStrategy(makeContext({ snapshots: calm, positions: { RITC: { TENDER: 20_000 } } }), { ...P, basketHedge: true });
    const basket = out.orders.filter((o) => o.tag === TENDER_TAG_BASKET);
    expect(basket.map((o) => [o.ticker, o.action, o.quantity])).toEqual([['BULL', 'SELL', 20_000], ['BEAR', 'SELL', 20_000]]);
    const mem = out.memory as TenderMemory;
    const later = runTenderStrategy(makeContext({ tick: 101, snapshots: calm, positions: { RITC: { TENDER: 10_000 }, BULL: { TENDER: -20_000 }, BEAR: { TENDER: -20_000 } }, memory: mem }), { ...P, basketHedge: true });
    expect(later.orders.filter((o) => o.tag === TENDER_TAG_BASKET).map((o) => [o.ticker, o.action, o.quantity])).toEqual([['BULL', 'BUY', 10_000], ['BEAR', 'BUY', 10_000]]);
  });
});
