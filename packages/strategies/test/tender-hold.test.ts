import {
  DEFAULT_TENDER_PARAMS,
  heldPart,
  processTenderOrder,
  runTenderStrategy,
  worstCaseHeadroom,
  type TenderParams,
} from '../src';
import { makeContext, makeOpenOrder, makeTender, LEGS_2020 } from '../src/testing';

// Defaults: the close-out is free, so a tender is held, hedged or unwound by the plan choice.
const P: TenderParams = { ...DEFAULT_TENDER_PARAMS, ...LEGS_2020.tender };

describe('tenders held to the free close-out', () => {
  test('a BUY tender under the basket value is accepted to be held; its edge is against the basket', () => {
    const v = processTenderOrder(makeTender({ quantity: 20_000, price: 24.9 }), makeContext({ depth: 'auto' }), P);
    expect(v.accept).toBe(true);
    expect(v.plan).toBe('HOLD');
    // Basket (9.98 + 10.02)/2 + (14.98 + 15.02)/2 over the USD mid 1.0000: 25.00 USD.
    expect(v.edgePerShare).toBeCloseTo(0.1, 10);
  });

  test('a tender late in the heat is still held (no unwind has to fit in the time left)', () => {
    const v = processTenderOrder(
      makeTender({ quantity: 80_000, price: 24.9, tick: 290, expires: 296 }),
      makeContext({ depth: 'auto', tick: 290 }),
      P,
    );
    expect(v.accept).toBe(true);
    expect(v.plan).toBe('HOLD');
  });

  test('limits still bind: a held tender beyond the headroom is declined', () => {
    const ctx = makeContext({ depth: 'auto', positions: { RITC: { TENDER: 100_000 } } });
    const v = processTenderOrder(makeTender({ quantity: 50_000, price: 24.9 }), ctx, P);
    expect(v.accept).toBe(false);
    expect(v.reason).toMatch(/limits/);
  });

  test('a held tender may use the whole limit, less the worst case of our resting orders', () => {
    // 95,000 RITC is 190,000 of the 200,000 net: over limitFraction (0.9) but within the limit.
    const v = processTenderOrder(makeTender({ quantity: 95_000, price: 24.9 }), makeContext({ depth: 'auto' }), P);
    expect(v.accept).toBe(true);
    expect(v.plan).toBe('HOLD');
    // Resting bids of 3,000 RITC and 2,000 BULL would add 8,000 net if they filled: 96,000 RITC left.
    const ctx = makeContext({
      depth: 'auto',
      openOrders: [
        makeOpenOrder({ orderId: 1, ticker: 'RITC', action: 'BUY', quantity: 3000 }),
        makeOpenOrder({ orderId: 2, ticker: 'BULL', action: 'BUY', quantity: 2000 }),
        makeOpenOrder({ orderId: 3, ticker: 'BEAR', action: 'SELL', quantity: 9000 }),
      ],
    });
    expect(worstCaseHeadroom(ctx, 'RITC', 'BUY')).toBe(96_000);
    expect(processTenderOrder(makeTender({ quantity: 96_000, price: 24.9 }), ctx, P).accept).toBe(true);
    const over = processTenderOrder(makeTender({ quantity: 96_001, price: 24.9 }), ctx, P);
    expect(over.accept).toBe(false);
    expect(over.reason).toMatch(/headroom of 96000/);
  });

  test('an accepted held tender is not unwound: no RITC order while the position is held', () => {
    const first = runTenderStrategy(
      makeContext({ depth: 'auto', tenders: [makeTender({ quantity: 20_000, price: 24.9 })] }),
      P,
    );
    expect(first.tenders?.[0]?.accept).toBe(true);
    expect(first.memory.holdShares).toBe(20_000);
    const next = runTenderStrategy(
      makeContext({ depth: 'auto', tick: 101, positions: { RITC: { TENDER: 20_000 } }, memory: first.memory }),
      P,
    );
    expect(next.orders).toHaveLength(0);
    expect(next.memory.holdShares).toBe(20_000);
  });

  test('heldPart: the held shares count only as far as the position still holds them', () => {
    expect(heldPart(20_000, 20_000)).toBe(20_000);
    expect(heldPart(5_000, 20_000)).toBe(5_000);
    expect(heldPart(-5_000, 20_000)).toBe(0);
    expect(heldPart(-30_000, -20_000)).toBe(-20_000);
    expect(heldPart(0, 20_000)).toBe(0);
  });
});
