/**
 * The tender valuation on the four tenders of the real RIT capture (fixtures/capture-tenders.json: the
 * books of a recorded RIT session at the moment each tender appeared): RITC depth as RIT showed it, the basket at
 * the touch of BULL, BEAR and USD. Ticks and volumes are set so that time is not the constraint.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_TENDER_PARAMS, processTenderOrder, type TenderParams } from '../src';
import { makeContext, makeTender, LEGS_2020 } from '../src/testing';
import { at } from '@ritc/quant';

interface CaptureRow {
  tender: {
    tender_id: number;
    tick: number;
    expires: number;
    action: string;
    quantity: number;
    price: number;
    is_fixed_bid: boolean;
  };
  BULL: [number, number];
  BEAR: [number, number];
  USD: [number, number];
  RITC: { bids: Array<[number, number]>; asks: Array<[number, number]> };
}
const fixture = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'capture-tenders.json'), 'utf8')) as {
  tenders: CaptureRow[];
};

// The capture's decisions as valued for a RITC unwind alone (no hold/hedge/unwind plan choice).
const P: TenderParams = { ...DEFAULT_TENDER_PARAMS, ...LEGS_2020.tender, closeOutFree: false };

function valuate(id: number) {
  const row = fixture.tenders.find((r) => r.tender.tender_id === id)!;
  const r = row.RITC;
  const [bid] = at(r.bids, 0); // every captured book has both sides
  const [ask] = at(r.asks, 0);
  const ctx = makeContext({
    tick: row.tender.tick,
    books: { RITC: [bid, ask], BULL: row.BULL, BEAR: row.BEAR, USD: row.USD },
    depth: { RITC: { bids: r.bids, asks: r.asks } },
    snapshots: { RITC: { tick: row.tender.tick, volume: 5000 * row.tender.tick, sigmaPerBucket: null } },
  });
  const t = row.tender;
  return processTenderOrder(
    makeTender({
      tender_id: t.tender_id,
      tick: t.tick,
      expires: t.expires,
      action: t.action as 'BUY' | 'SELL',
      quantity: t.quantity,
      price: t.price,
      is_fixed_bid: t.is_fixed_bid,
    }),
    ctx,
    P,
  );
}

describe('tender valuation on the real capture', () => {
  test('1678: BUY 72,000 at 25.27, 0.11 under the bid with RITC cheap to its basket: accepted', () => {
    const v = valuate(1678);
    expect(v.basketValue!).toBeGreaterThan(25.5);
    expect(v.accept).toBe(true);
    expect(v.edgePerShare!).toBeGreaterThan(0.05);
  });

  test('2678: BUY 97,000 at 25.62: 194,000 of net limit (RITC ×2) is more than 90% of 200,000 — declined on limits', () => {
    const v = valuate(2678);
    expect(v.accept).toBe(false);
    expect(v.reason).toMatch(/^limits: 97000 shares exceed the headroom of 90000/);
  });

  test('3178: BUY 85,000 at 25.63 while RITC trades 0.2 over its basket: declined on the basket anchor', () => {
    const v = valuate(3178);
    expect(v.anchor!).toBeCloseTo(v.basketValue!, 10);
    expect(v.accept).toBe(false);
    // Valued on the RITC mid alone it would have looked worth taking.
    const naive = processTenderOrder(
      makeTender({ action: 'BUY', quantity: 85_000, price: 25.63, tick: 202, expires: 208 }),
      makeContext({
        tick: 202,
        books: { RITC: [25.72, 25.85] },
        snapshots: { RITC: { tick: 202, volume: 1_010_000, sigmaPerBucket: null } },
      }),
      { ...P, anchorToBasket: false },
    );
    expect(naive.edgePerShare!).toBeGreaterThan(0);
  });

  test('3678: SELL 87,000 at 25.60, under the bid: declined', () => {
    const v = valuate(3678);
    expect(v.accept).toBe(false);
    expect(v.edgePerShare!).toBeLessThan(0);
  });
});
