import {
  buildUnwindSchedule,
  computeHidingVolume,
  DEFAULT_TENDER_PARAMS,
  optimallyExecuteOrder,
  runTenderStrategy,
  TENDER_TAG_UNWIND,
  TENDER_TAG_BASKET,
  type TenderParams,
} from '../src';
import { makeContext, makeOpenOrder, type ContextOptions, LEGS_2020 } from '../src/testing';
import { at } from '@ritc/quant';

const P: TenderParams = { ...DEFAULT_TENDER_PARAMS, ...LEGS_2020.tender };
const calm = { RITC: { vpin: 0.3, signedImbalance: 0, sigmaPerBucket: null } }; // no hiding volume: paced by participation only
const first45k = at(
  buildUnwindSchedule(45_000, {
    numLarge: P.numLarge,
    numSmallPerLarge: P.numSmallPerLarge,
    largeToSmallRatio: P.largeToSmallRatio,
    maxChild: 10_000,
  }),
  0,
);

function step(opts: ContextOptions, params: TenderParams = P) {
  return optimallyExecuteOrder(makeContext({ snapshots: calm, ...opts }), params);
}

describe('tender unwind execution', () => {
  test('a long tender position is unwound by a LIMIT sell for the first (large) child, one tick inside a wide spread', () => {
    const out = step({ positions: { RITC: { TENDER: 45_000 } } });
    expect(out.memory.schedule!.children.reduce((a, b) => a + b, 0)).toBe(45_000);
    expect(first45k).toBe(8333); // 45,000 · 5/27
    // 24.98/25.02 is 4 ticks wide: the sell steps to 25.01, first in the queue.
    expect(out.orders).toEqual([
      {
        ticker: 'RITC',
        type: 'LIMIT',
        action: 'SELL',
        quantity: 8333,
        price: 25.01,
        source: 'TENDER',
        tag: TENDER_TAG_UNWIND,
      },
    ]);
    // A 2-tick spread is joined, not narrowed to one tick; improveTouch off joins the ask.
    expect(step({ positions: { RITC: { TENDER: 45_000 } }, books: { RITC: [24.99, 25.01] } }).orders[0]?.price).toBe(
      25.01,
    );
    expect(step({ positions: { RITC: { TENDER: 45_000 } } }, { ...P, improveTouch: false }).orders[0]?.price).toBe(
      25.02,
    );
  });

  test('MARKET when VPIN is high or the flow runs against the unwind; LIMIT otherwise', () => {
    const hi = step({
      positions: { RITC: { TENDER: 45_000 } },
      snapshots: { RITC: { vpin: 0.7, sigmaPerBucket: null } },
    });
    expect(hi.orders[0]?.type).toBe('MARKET');
    const against = step({
      positions: { RITC: { TENDER: 45_000 } },
      snapshots: { RITC: { vpin: 0.2, signedImbalance: -0.5, sigmaPerBucket: null } },
    });
    expect(against.orders[0]?.type).toBe('MARKET');
    const favour = step({
      positions: { RITC: { TENDER: 45_000 } },
      snapshots: { RITC: { vpin: 0.2, signedImbalance: 0.5, sigmaPerBucket: null } },
    });
    expect(favour.orders[0]?.type).toBe('LIMIT');
    // A short position buys back at the bid.
    const short = step({ positions: { RITC: { TENDER: -450 } } });
    expect(short.orders[0]).toMatchObject({ action: 'BUY', price: 24.99, type: 'LIMIT' });
  });

  test('never stacks: with a working order nothing new is sent; a stale one is cancelled, and replaced only once gone', () => {
    const first = step({ positions: { RITC: { TENDER: 45_000 } } });
    const working = makeOpenOrder({
      orderId: 99,
      ticker: 'RITC',
      action: 'SELL',
      price: 25.01,
      quantity: 5000,
      source: 'TENDER',
      tag: TENDER_TAG_UNWIND,
    });
    // Same tick, order visible and at the touch: wait.
    const wait = step({ positions: { RITC: { TENDER: 45_000 } }, openOrders: [working], memory: first.memory });
    expect(wait.orders).toHaveLength(0);
    expect(wait.cancels).toHaveLength(0);
    // Touch moved down 3 ticks: cancel, but no new order in the same decision.
    const moved = step({
      positions: { RITC: { TENDER: 45_000 } },
      openOrders: [working],
      memory: wait.memory,
      books: { RITC: [24.95, 24.99] },
    });
    expect(moved.cancels).toEqual([99]);
    expect(moved.orders).toHaveLength(0);
    // Cancel not yet confirmed (still open): no duplicate cancel, no new order.
    const pending = step({
      positions: { RITC: { TENDER: 45_000 } },
      openOrders: [working],
      memory: moved.memory,
      books: { RITC: [24.95, 24.99] },
    });
    expect(pending.cancels).toHaveLength(0);
    expect(pending.orders).toHaveLength(0);
    // Gone from openOrders after 2,000 filled, the market traded enough since: the remaining 6,333 of the
    // child at the new touch (24.95/24.99, 4 ticks: one inside).
    const next = step({
      tick: 101,
      positions: { RITC: { TENDER: 43_000 } },
      memory: pending.memory,
      books: { RITC: [24.95, 24.99] },
      snapshots: { RITC: { ...calm.RITC, volume: 300_000 } },
    });
    expect(next.orders).toEqual([
      expect.objectContaining({ type: 'LIMIT', action: 'SELL', quantity: first45k - 2000, price: 24.98 }),
    ]);
  });

  test('an unfilled limit child is cancelled after repriceAfterTicks', () => {
    const first = step({ positions: { RITC: { TENDER: 45_000 } } });
    const working = makeOpenOrder({
      orderId: 5,
      ticker: 'RITC',
      action: 'SELL',
      price: 25.01,
      quantity: 5000,
      source: 'TENDER',
      tag: TENDER_TAG_UNWIND,
    });
    const early = step({
      tick: 102,
      positions: { RITC: { TENDER: 45_000 } },
      openOrders: [working],
      memory: first.memory,
    });
    expect(early.cancels).toHaveLength(0);
    const late = step({
      tick: 103,
      positions: { RITC: { TENDER: 45_000 } },
      openOrders: [working],
      memory: first.memory,
    });
    expect(late.cancels).toEqual([5]);
  });

  test('a second tender in the same direction rebuilds the schedule on the net position; an opposite one nets', () => {
    const first = step({ positions: { RITC: { TENDER: 45_000 } } });
    const grown = step({ tick: 105, positions: { RITC: { TENDER: 90_000 } }, memory: first.memory });
    expect(grown.memory.schedule!.base).toBe(90_000);
    expect(grown.memory.schedule!.children.reduce((a, b) => a + b, 0)).toBe(90_000);
    // An opposite tender of 40,000 nets the position down: the cursor moves on, no rebuild, no overshoot.
    const netted = step({
      tick: 106,
      positions: { RITC: { TENDER: 50_000 } },
      memory: grown.memory,
      snapshots: { RITC: { ...calm.RITC, volume: 400_000 } },
    });
    expect(netted.memory.schedule!.base).toBe(90_000);
    const q = at(netted.orders, 0).quantity;
    expect(q).toBeGreaterThan(0);
    expect(q).toBeLessThanOrEqual(50_000);
    // Flat: the schedule is dropped and stray unwind orders cancelled.
    const flat = step({
      tick: 107,
      positions: { RITC: { TENDER: 0 } },
      memory: netted.memory,
      openOrders: [
        makeOpenOrder({
          orderId: 8,
          ticker: 'RITC',
          action: 'SELL',
          price: 25.02,
          source: 'TENDER',
          tag: TENDER_TAG_UNWIND,
        }),
      ],
    });
    expect(flat.memory.schedule).toBeNull();
    expect(flat.cancels).toEqual([8]);
  });

  test('the next child waits for its share of the pacing volume: OEH hiding volume, at least size / participation', () => {
    const withSigma = {
      RITC: {
        vpin: 0.3,
        signedImbalance: 0,
        sigmaPerBucket: 0.03,
        bucketVolume: 5000,
        buyFraction: 0.5,
        volume: 100_000,
      },
    };
    const first = optimallyExecuteOrder(
      makeContext({ snapshots: withSigma, positions: { RITC: { TENDER: 45_000 } } }),
      P,
    );
    const ritc = makeContext({ snapshots: withSigma }).snapshots.RITC;
    if (!ritc) throw new Error('makeContext gives every default ticker a snapshot');
    const hv = computeHidingVolume(-45_000, ritc, P)!;
    expect(hv).toBeGreaterThanOrEqual(45_000);
    const pace = first.memory.schedule!.hidingVolume!;
    expect(pace).toBeCloseTo(Math.max(hv, 45_000 / P.maxParticipation), 6);
    const need = first.memory.lastChild!.waitVolume;
    expect(need).toBeCloseTo((pace * first45k) / 45_000, 6);
    const filled = { ...withSigma.RITC, volume: 100_000 + need - 1 };
    const early = optimallyExecuteOrder(
      makeContext({
        tick: 102,
        snapshots: { RITC: filled },
        positions: { RITC: { TENDER: 40_000 } },
        memory: first.memory,
      }),
      P,
    );
    expect(early.orders).toHaveLength(0);
    const enough = { ...withSigma.RITC, volume: 100_000 + need + 1 };
    const later = optimallyExecuteOrder(
      makeContext({
        tick: 102,
        snapshots: { RITC: enough },
        positions: { RITC: { TENDER: 40_000 } },
        memory: first.memory,
      }),
      P,
    );
    expect(later.orders).toHaveLength(1);
  });

  test('a child neither acknowledged nor filled is waited for inFlightMs, then taken as gone', () => {
    const first = step({ positions: { RITC: { TENDER: 45_000 } } });
    const busy = { RITC: { ...calm.RITC, volume: 400_000 } };
    // Same position, nothing open, at once: still in flight.
    const soon = optimallyExecuteOrder(
      makeContext({ snapshots: busy, positions: { RITC: { TENDER: 45_000 } }, memory: first.memory }),
      P,
    );
    expect(soon.orders).toHaveLength(0);
    expect(soon.notes.join(' ')).toMatch(/in flight/);
    // 2.9 s later: still waited for (the engine may be queueing it); 3.1 s later: taken as lost, re-sent.
    const ctx = makeContext({ snapshots: busy, positions: { RITC: { TENDER: 45_000 } }, memory: first.memory });
    const after = (ms: number) => ({
      ...ctx,
      nowMs: ctx.nowMs + ms,
      snapshots: Object.fromEntries(
        Object.entries(ctx.snapshots).map(([k, v]) => [k, { ...v, monoMs: v.monoMs + ms }]),
      ),
    });
    expect(optimallyExecuteOrder(after(2900), P).orders).toHaveLength(0);
    expect(optimallyExecuteOrder(after(3100), P).orders).toHaveLength(1);
  });

  test('a child seen working and then cancelled unfilled is not waited for as in flight', () => {
    const first = step({ positions: { RITC: { TENDER: 45_000 } } });
    const working = makeOpenOrder({
      orderId: 7,
      ticker: 'RITC',
      action: 'SELL',
      price: 25.01,
      quantity: first45k,
      source: 'TENDER',
      tag: TENDER_TAG_UNWIND,
    });
    // Seen working; the touch moves away: cancelled.
    const moved = step({
      positions: { RITC: { TENDER: 45_000 } },
      openOrders: [working],
      memory: first.memory,
      books: { RITC: [24.95, 24.99] },
    });
    expect(moved.cancels).toEqual([7]);
    // Gone, nothing filled (same position), at once: the next child goes at the new touch.
    const next = step({
      positions: { RITC: { TENDER: 45_000 } },
      memory: moved.memory,
      books: { RITC: [24.95, 24.99] },
      snapshots: { RITC: { ...calm.RITC, volume: 400_000 } },
    });
    expect(next.orders).toEqual([
      expect.objectContaining({ type: 'LIMIT', action: 'SELL', quantity: first45k, price: 24.98 }),
    ]);
  });

  test('the feed tick ahead of the context tick counts for the end of heat', () => {
    const out = step({
      tick: 280,
      positions: { RITC: { TENDER: 12_345 } },
      snapshots: { RITC: { ...calm.RITC, tick: 292 } },
    });
    expect(out.orders[0]).toMatchObject({ type: 'MARKET', action: 'SELL', quantity: 10_000 });
  });

  test('end of heat: the rest goes at market, a max-size order per decision', () => {
    const out = step({ tick: 295, positions: { RITC: { TENDER: 12_345 } } });
    expect(out.orders[0]).toMatchObject({ type: 'MARKET', action: 'SELL', quantity: 10_000 });
    expect(step({ tick: 295, positions: { RITC: { TENDER: 2_345 } } }).orders[0]).toMatchObject({
      type: 'MARKET',
      quantity: 2_345,
    });
  });

  test('runTenderStrategy answers tenders and keeps the basket hedge at −(RITC tender position) when enabled', () => {
    const out = runTenderStrategy(makeContext({ snapshots: calm, positions: { RITC: { TENDER: 20_000 } } }), {
      ...P,
      basketHedge: true,
    });
    const basket = out.orders.filter((o) => o.tag === TENDER_TAG_BASKET);
    expect(basket.map((o) => [o.ticker, o.action, o.quantity])).toEqual([
      ['BULL', 'SELL', 20_000],
      ['BEAR', 'SELL', 20_000],
    ]);
    const mem = out.memory;
    const later = runTenderStrategy(
      makeContext({
        tick: 101,
        snapshots: calm,
        positions: { RITC: { TENDER: 10_000 }, BULL: { TENDER: -20_000 }, BEAR: { TENDER: -20_000 } },
        memory: mem,
      }),
      { ...P, basketHedge: true },
    );
    expect(
      later.orders.filter((o) => o.tag === TENDER_TAG_BASKET).map((o) => [o.ticker, o.action, o.quantity]),
    ).toEqual([
      ['BULL', 'BUY', 10_000],
      ['BEAR', 'BUY', 10_000],
    ]);
  });
});
