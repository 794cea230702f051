import {
  DEFAULT_TENDER_PARAMS,
  initialTenderMemory,
  makeRoom,
  processTenderOrder,
  roomValue,
  runTenderStrategy,
  settleRoom,
  TENDER_TAG_ROOM,
  watchForTenders,
  type TenderMemory,
  type TenderParams,
} from '../src';
import { makeContext, makeOpenOrder, makeTender, TEST_NOW_MS, type ContextOptions } from '../src/testing';

const P: TenderParams = {
  ...DEFAULT_TENDER_PARAMS,
  ticker: 'RITC',
  basket: ['BULL', 'BEAR'],
  fx: 'USD',
  // Exactly the shortfall, in up to four orders (the margin and the cap have their own tests).
  roomMarginShares: 0,
  maxRoomOrders: 4,
};

// 80,000 RITC held long from an earlier tender: 160,000 of the 200,000 net, 20,000 RITC of room.
const HELD = 80_000;
const memoryHolding = (held = HELD, over: Partial<TenderMemory> = {}): TenderMemory => ({
  ...initialTenderMemory(),
  holdShares: held,
  ...over,
});
const ctxWith = (tenderPos: number, over: ContextOptions = {}) =>
  makeContext({ depth: 'auto', positions: { RITC: { TENDER: tenderPos } }, ...over });
// Basket value 25.00 USD (the default books); the tender is 0.10 under it.
const BUY = makeTender({ tender_id: 7, quantity: 60_000, price: 24.9 });

describe('roomValue', () => {
  test('the tender edge on all N shares less what the x held shares give up', () => {
    const i = { quantity: 60_000, basketValue: 25, roomShares: 20_000 };
    expect(roomValue({ ...i, side: 1, price: 24.9, roomNetPrice: 24.95 })).toBeCloseTo(6000 - 1000, 6);
    // A SELL tender mirrored: sold 0.10 over the basket, the held short bought back 0.05 over it.
    expect(roomValue({ ...i, side: -1, price: 25.1, roomNetPrice: 25.05 })).toBeCloseTo(6000 - 1000, 6);
    // Selling the held shares dearer than the tender earns: no room.
    expect(roomValue({ ...i, side: 1, price: 24.99, roomNetPrice: 24.9 })).toBeLessThan(0);
  });
});

describe('making room for a tender', () => {
  test('the valuation reports a HOLD blocked by the limits alone, with the headroom it lacked', () => {
    const v = processTenderOrder(BUY, ctxWith(HELD), P);
    expect(v.accept).toBe(false);
    expect(v.blocked).toEqual({ plan: 'HOLD', headroom: 20_000 });
  });

  test('a paying tender is left unanswered and the held shares beyond the headroom are sold at market', () => {
    const ctx = ctxWith(HELD, { tenders: [BUY], memory: memoryHolding() });
    const out = runTenderStrategy(ctx, P);
    expect(out.tenders ?? []).toEqual([]);
    expect(out.memory.answered).not.toContain(7);
    // x = 60,000 − 20,000, in max-size children, all at market and tagged as room.
    expect(out.orders.map((o) => [o.type, o.action, o.quantity, o.tag])).toEqual(
      Array.from({ length: 4 }, () => ['MARKET', 'SELL', 10_000, TENDER_TAG_ROOM]),
    );
    expect(out.memory.room).toMatchObject({ tenderId: 7, sentSigned: -40_000, sends: 1, startPosition: HELD });
    // The held shares change only once the tender is answered.
    expect(out.memory.holdShares).toBe(HELD);
  });

  test("the margin for the other strategies' quotes is sold too, within the order cap", () => {
    const withMargin = { ...P, roomMarginShares: 4_000, maxRoomOrders: 5 };
    const sold = (held: number): number =>
      runTenderStrategy(ctxWith(HELD, { tenders: [BUY], memory: memoryHolding(held) }), withMargin).orders.reduce(
        (a, o) => a + (o.tag === TENDER_TAG_ROOM ? o.quantity : 0),
        0,
      );
    expect(sold(HELD)).toBe(44_000);
    // The order cap bounds the margin too: four orders of 10,000.
    const capped = { ...withMargin, maxRoomOrders: 4 };
    const out = runTenderStrategy(ctxWith(HELD, { tenders: [BUY], memory: memoryHolding() }), capped);
    expect(out.orders.reduce((a, o) => a + o.quantity, 0)).toBe(40_000);
  });

  test('a shortfall beyond maxRoomOrders orders is not made room for (it would not be sold in time)', () => {
    const out = runTenderStrategy(ctxWith(HELD, { tenders: [BUY], memory: memoryHolding() }), {
      ...P,
      maxRoomOrders: 3,
    });
    expect(out.orders).toEqual([]);
    expect(out.tenders?.[0]?.reason).toMatch(/40000 shares needed, more than 3 orders of 10000/);
  });

  test('while the room orders work: no answer, no new room order and no unwind child', () => {
    const first = runTenderStrategy(ctxWith(HELD, { tenders: [BUY], memory: memoryHolding() }), P);
    const working = makeOpenOrder({
      orderId: -3,
      ticker: 'RITC',
      action: 'SELL',
      type: 'MARKET',
      quantity: 10_000,
      source: 'TENDER',
      tag: TENDER_TAG_ROOM,
      pending: true,
    });
    // Some of the room already sold and some not held (an unwind the execution would otherwise work).
    const ctx = ctxWith(HELD - 30_000 + 5_000, { tenders: [BUY], memory: first.memory, openOrders: [working] });
    const out = runTenderStrategy(ctx, P);
    expect(out.tenders ?? []).toEqual([]);
    expect(out.orders).toEqual([]);
    expect(out.cancels).toEqual([]);
  });

  test('once the positions show the room the tender is accepted to be held, the held shares net of those sold', () => {
    const first = runTenderStrategy(ctxWith(HELD, { tenders: [BUY], memory: memoryHolding() }), P);
    const out = runTenderStrategy(ctxWith(HELD - 40_000, { tenders: [BUY], memory: first.memory }), P);
    expect(out.tenders).toEqual([expect.objectContaining({ tenderId: 7, accept: true })]);
    expect(out.memory.holdShares).toBe(40_000 + 60_000);
    expect(out.memory.room).toBeNull();
    expect(out.orders).toEqual([]);
  });

  test('a tender that fits already waits for the rest of its room (the margin); at the last tick it is taken', () => {
    const first = runTenderStrategy(ctxWith(HELD, { tenders: [BUY], memory: memoryHolding() }), P);
    const margin = makeOpenOrder({
      orderId: 31,
      ticker: 'RITC',
      action: 'SELL',
      type: 'MARKET',
      quantity: 4_000,
      source: 'TENDER',
      tag: TENDER_TAG_ROOM,
    });
    const fits = { tenders: [BUY], memory: first.memory, openOrders: [margin] };
    const early = runTenderStrategy(ctxWith(HELD - 40_000, fits), P);
    expect(early.tenders ?? []).toEqual([]);
    expect(early.orders).toEqual([]);
    const last = runTenderStrategy(ctxWith(HELD - 40_000, { ...fits, tick: BUY.expires - 1 }), P);
    expect(last.tenders).toEqual([expect.objectContaining({ tenderId: 7, accept: true })]);
    expect(last.cancels).toEqual([31]);
  });

  test('a partial fill with the time left sends the rest once; the cap then declines', () => {
    const first = runTenderStrategy(ctxWith(HELD, { tenders: [BUY], memory: memoryHolding() }), P);
    const second = runTenderStrategy(ctxWith(HELD - 30_000, { tenders: [BUY], memory: first.memory }), P);
    expect(second.orders.map((o) => o.quantity)).toEqual([10_000]);
    expect(second.memory.room).toMatchObject({ sends: 2, sentSigned: -50_000 });
    // Something else took the freed limit: still 5,000 short after the second fill.
    const ctx = ctxWith(HELD - 40_000, {
      tenders: [BUY],
      memory: second.memory,
      positions: { RITC: { TENDER: HELD - 40_000, MARKET_MAKER: 5_000 } },
    });
    const third = runTenderStrategy(ctx, P);
    expect(third.tenders).toEqual([expect.objectContaining({ tenderId: 7, accept: false })]);
    expect(third.tenders?.[0]?.reason).toMatch(/room not made after 2 sends/);
    expect(third.memory.holdShares).toBe(HELD - 40_000);
  });

  test('a room order gone but not in the positions yet is waited for (in flight), then re-valued', () => {
    const first = runTenderStrategy(ctxWith(HELD, { tenders: [BUY], memory: memoryHolding() }), P);
    const wait = runTenderStrategy(ctxWith(HELD, { tenders: [BUY], memory: first.memory }), P);
    expect(wait.tenders ?? []).toEqual([]);
    expect(wait.orders).toEqual([]);
    // Past the in-flight wait with nothing sold: taken as lost, the room is sent again.
    // (A short in-flight wait so that the books are still fresh.)
    const quick = { ...P, inFlightMs: 500 };
    const later = ctxWith(HELD, { tenders: [BUY], memory: first.memory });
    later.nowMs = TEST_NOW_MS + 500;
    expect(runTenderStrategy({ ...later, nowMs: TEST_NOW_MS + 499 }, quick).orders).toEqual([]);
    const again = runTenderStrategy(later, quick);
    expect(again.orders.reduce((a, o) => a + o.quantity, 0)).toBe(40_000);
    expect(again.memory.room?.sends).toBe(2);
  });

  test('the unwind of unheld shares neither sends a child nor cancels while room orders work', () => {
    // 30,000 of the 80,000 are not held: the execution unwinds them, but not past a working room order.
    const room = makeOpenOrder({
      orderId: 11,
      ticker: 'RITC',
      action: 'SELL',
      type: 'MARKET',
      quantity: 10_000,
      source: 'TENDER',
      tag: TENDER_TAG_ROOM,
    });
    const memory = memoryHolding(HELD - 30_000);
    const blocked = runTenderStrategy(ctxWith(HELD, { memory, openOrders: [room] }), P);
    expect(blocked.orders).toEqual([]);
    expect(blocked.cancels).toEqual([]);
    const free = runTenderStrategy(ctxWith(HELD, { memory }), P);
    expect(free.orders).toEqual([expect.objectContaining({ ticker: 'RITC', action: 'SELL', source: 'TENDER' })]);
  });

  test('the room does not pay: the tender is declined and nothing is sold', () => {
    // 0.01 under the basket on 60,000 shares does not cover selling 40,000 down the bids and the fee.
    const thin = makeTender({ tender_id: 7, quantity: 60_000, price: 24.99 });
    const out = runTenderStrategy(ctxWith(HELD, { tenders: [thin], memory: memoryHolding() }), P);
    expect(out.orders).toEqual([]);
    expect(out.tenders).toEqual([expect.objectContaining({ tenderId: 7, accept: false })]);
    expect(out.tenders?.[0]?.reason).toMatch(/room does not pay/);
  });

  test("room is made beyond the held shares: the other strategies' inventory the same way is offset", () => {
    // 30,000 held and 50,000 of the arbitrage's: the 40,000 short are sold, 10,000 beyond the held ones.
    const ctx = makeContext({ depth: 'auto', positions: { RITC: { TENDER: 30_000, ARBITRAGE: 50_000 } } });
    const room = makeRoom(BUY, processTenderOrder(BUY, ctx, P), ctx, P, memoryHolding(30_000));
    expect(room.kind).toBe('wait');
    const sold = room.kind === 'wait' ? room.orders.reduce((a, o) => a + o.quantity, 0) : 0;
    expect(sold).toBe(40_000);
    // Once the room shows and the tender is accepted, nothing is bought back: the TENDER position
    // (30,000 − 40,000 until the tender books) counts the accept in flight.
    const mem = { ...memoryHolding(30_000), room: null };
    const after = makeContext({
      depth: 'auto',
      positions: { RITC: { TENDER: -10_000, ARBITRAGE: 50_000 } },
      tenders: [BUY],
      memory: mem,
    });
    const out = runTenderStrategy(after, P);
    expect(out.tenders).toEqual([expect.objectContaining({ tenderId: 7, accept: true })]);
    expect(out.orders).toEqual([]);
  });

  test('a SELL tender mirrored: the held short is bought back at market', () => {
    const sell = makeTender({ tender_id: 9, action: 'SELL', quantity: 60_000, price: 25.1 });
    const out = runTenderStrategy(ctxWith(-HELD, { tenders: [sell], memory: memoryHolding(-HELD) }), P);
    expect(out.tenders ?? []).toEqual([]);
    expect(out.orders.map((o) => [o.type, o.action, o.quantity])).toEqual(
      Array.from({ length: 4 }, () => ['MARKET', 'BUY', 10_000]),
    );
    expect(out.memory.room?.sentSigned).toBe(40_000);
  });

  test('a tick before expiry without the room the tender is declined and the held shares settled', () => {
    const first = runTenderStrategy(ctxWith(HELD, { tenders: [BUY], memory: memoryHolding() }), P);
    // Half the room sold, the rest never came.
    const late = ctxWith(HELD - 20_000, { tenders: [BUY], memory: first.memory, tick: BUY.expires - 1 });
    late.nowMs = TEST_NOW_MS + 10_000;
    const out = runTenderStrategy(late, P);
    expect(out.tenders).toEqual([expect.objectContaining({ tenderId: 7, accept: false })]);
    expect(out.tenders?.[0]?.reason).toMatch(/no time left/);
    expect(out.memory.holdShares).toBe(HELD - 20_000);
    expect(out.memory.room).toBeNull();
    // A room order still working then is cancelled: selling more would only give up value.
    const still = makeOpenOrder({
      orderId: 21,
      ticker: 'RITC',
      action: 'SELL',
      type: 'MARKET',
      source: 'TENDER',
      tag: TENDER_TAG_ROOM,
    });
    const late2 = ctxWith(HELD - 20_000, {
      tenders: [BUY],
      memory: first.memory,
      tick: BUY.expires - 1,
      openOrders: [still],
    });
    expect(runTenderStrategy(late2, P).cancels).toEqual([21]);
  });

  test('no room near the end, nor in REDUCING unless the close-out is free (the engine would refuse the accept)', () => {
    const late = makeTender({ tender_id: 7, quantity: 60_000, price: 24.9, tick: 290, expires: 296 });
    const nearEnd = runTenderStrategy(ctxWith(HELD, { tenders: [late], memory: memoryHolding(), tick: 290 }), P);
    expect(nearEnd.orders).toEqual([]);
    expect(nearEnd.tenders?.[0]?.reason).toMatch(/too close to the end/);
    const earlier = makeTender({ ...late, expires: 295 });
    const ok = runTenderStrategy(ctxWith(HELD, { tenders: [earlier], memory: memoryHolding(), tick: 290 }), P);
    expect(ok.orders.length).toBeGreaterThan(0);
    const reducing = { ...ctxWith(HELD, { tenders: [BUY], memory: memoryHolding() }), riskState: 'REDUCING' as const };
    expect(runTenderStrategy(reducing, P).orders.length).toBeGreaterThan(0);
    const paid = runTenderStrategy(reducing, { ...P, closeOutFree: false });
    expect(paid.orders).toEqual([]);
    expect(paid.tenders?.[0]?.accept).toBe(false);
    const halted = runTenderStrategy({ ...reducing, riskState: 'HALTED' as const }, P);
    expect(halted.orders).toEqual([]);
  });

  test('a room whose tender is gone from the list is settled', () => {
    const memory = memoryHolding(HELD, {
      room: { tenderId: 7, sentSigned: -40_000, sends: 1, sentMs: 0, startPosition: HELD, lastPosition: HELD },
    });
    const out = watchForTenders(ctxWith(HELD - 40_000, { memory }), P);
    expect(out.memory.room).toBeNull();
    expect(out.memory.holdShares).toBe(HELD - 40_000);
  });

  test('settleRoom counts no more than was sent, nor more than the position moved', () => {
    const memory = memoryHolding(HELD, {
      room: { tenderId: 7, sentSigned: -10_000, sends: 1, sentMs: 0, startPosition: HELD, lastPosition: HELD },
    });
    // The position fell 25,000 (an unwind child filled too): only the 10,000 sent count.
    settleRoom(ctxWith(HELD - 25_000), P, memory);
    expect(memory.holdShares).toBe(HELD - 10_000);
    const unfilled = memoryHolding(HELD, {
      room: { tenderId: 7, sentSigned: -10_000, sends: 1, sentMs: 0, startPosition: HELD, lastPosition: HELD },
    });
    settleRoom(ctxWith(HELD), P, unfilled);
    expect(unfilled.holdShares).toBe(HELD);
  });
});
