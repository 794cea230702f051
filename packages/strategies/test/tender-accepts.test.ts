import { DEFAULT_TENDER_PARAMS, initialTenderMemory, runTenderStrategy, type TenderParams } from '../src';
import { makeContext, makeTender, type ContextOptions } from '../src/testing';

const P: TenderParams = { ...DEFAULT_TENDER_PARAMS, ticker: 'RITC', basket: ['BULL', 'BEAR'], fx: 'USD' };
// 0.10 under the basket value (25.00 USD on the default books): held to the close.
const BUY = makeTender({ tender_id: 7, quantity: 40_000, price: 24.9, tick: 100, expires: 106 });
const ctxAt = (tick: number, tenderPos: number, over: ContextOptions = {}) =>
  makeContext({ tick, depth: 'auto', positions: { RITC: { TENDER: tenderPos } }, tenders: [BUY], ...over });

describe('accepts the engine did not book', () => {
  test('an accept is remembered with what it added to the held shares', () => {
    const out = runTenderStrategy(ctxAt(100, 0, { memory: initialTenderMemory() }), P);
    expect(out.tenders).toEqual([expect.objectContaining({ tenderId: 7, accept: true, holdToClose: true })]);
    expect(out.memory.holdShares).toBe(40_000);
    expect(out.memory.accepts).toEqual([expect.objectContaining({ tenderId: 7, signed: 40_000, holdDelta: 40_000 })]);
  });

  test('still offered a tick later and not in the position: taken back and answered again', () => {
    const first = runTenderStrategy(ctxAt(100, 0, { memory: initialTenderMemory() }), P);
    // Same tick: the answer may still be on its way, nothing is taken back.
    const same = runTenderStrategy(ctxAt(100, 0, { memory: first.memory }), P);
    expect(same.tenders ?? []).toEqual([]);
    expect(same.memory.holdShares).toBe(40_000);
    const later = runTenderStrategy(ctxAt(101, 0, { memory: first.memory }), P);
    expect(later.notes.join('\n')).toMatch(/tender 7: the accept of tick 100 was not booked/);
    expect(later.tenders).toEqual([expect.objectContaining({ tenderId: 7, accept: true })]);
    // Taken back, then added again once: not double-counted.
    expect(later.memory.holdShares).toBe(40_000);
    expect(later.memory.accepts).toEqual([expect.objectContaining({ tenderId: 7, tick: 101 })]);
  });

  test('a refused accept that no longer fits is declined, the held shares back to what they were', () => {
    const memory = { ...initialTenderMemory(), holdShares: 30_000 };
    const first = runTenderStrategy(ctxAt(100, 30_000, { memory }), P);
    expect(first.memory.holdShares).toBe(70_000);
    // A tick before expiry the market maker holds 70,000 (the net limit is full): no room for it now,
    // and no time left to make any.
    const later = runTenderStrategy(
      ctxAt(105, 30_000, { memory: first.memory, positions: { RITC: { TENDER: 30_000, MARKET_MAKER: 70_000 } } }),
      P,
    );
    expect(later.tenders).toEqual([expect.objectContaining({ tenderId: 7, accept: false })]);
    expect(later.memory.holdShares).toBe(30_000);
    expect(later.memory.accepts).toEqual([]);
  });

  test('booked (the position shows it) or gone from the offers: forgotten, the held shares kept', () => {
    const first = runTenderStrategy(ctxAt(100, 0, { memory: initialTenderMemory() }), P);
    const booked = runTenderStrategy(ctxAt(101, 40_000, { memory: first.memory }), P);
    expect(booked.tenders ?? []).toEqual([]);
    expect(booked.memory.accepts).toEqual([]);
    expect(booked.memory.holdShares).toBe(40_000);
    const gone = runTenderStrategy(ctxAt(101, 0, { memory: first.memory, tenders: [] }), P);
    expect(gone.memory.accepts).toEqual([]);
    expect(gone.memory.answered).toContain(7);
  });
});
