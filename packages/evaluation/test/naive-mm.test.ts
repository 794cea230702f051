import {
  caseMentionsTenders,
  naiveQuotes,
  NAIVE_FLATTEN_TICKS,
  quoteSize,
  shouldFlatten,
  sideFits,
  type NaiveQuotedSecurity,
} from '../src/bots/naive-mm';

const limit = {
  name: 'LIMIT-STOCK',
  gross: 0,
  net: 0,
  gross_limit: 10_000,
  net_limit: 10_000,
  gross_fine: 0,
  net_fine: 0,
};

const sec = (o: Partial<NaiveQuotedSecurity> = {}): NaiveQuotedSecurity => ({
  ticker: 'AAA',
  type: 'STOCK',
  isTradeable: true,
  limitOrderRebate: 0.01,
  position: 0,
  bid: 24.99,
  ask: 25.02,
  maxTrade: 5_000,
  quotedDecimals: 2,
  units: { 'LIMIT-STOCK': 1 },
  ...o,
});

describe('caseMentionsTenders', () => {
  it('reads the welcome news', () => {
    expect(caseMentionsTenders([{ headline: 'Welcome', body: 'Private RITC tenders may arrive.' }])).toBe(true);
    expect(caseMentionsTenders([{ headline: 'Welcome', body: 'Make a market in ALGO.' }])).toBe(false);
    expect(caseMentionsTenders([])).toBe(false);
  });
});

describe('naiveQuotes', () => {
  it('one bid at the best bid and one ask at the best ask, a tenth of the max trade size', () => {
    expect(naiveQuotes([sec()], [limit])).toEqual([
      { ticker: 'AAA', action: 'BUY', quantity: 500, price: 24.99 },
      { ticker: 'AAA', action: 'SELL', quantity: 500, price: 25.02 },
    ]);
    expect(quoteSize(5)).toBe(1);
  });

  it('skips securities whose passive fills are charged, options, currencies and empty books', () => {
    const skipped = [
      sec({ limitOrderRebate: -0.01 }),
      sec({ type: 'OPTION' }),
      sec({ type: 'CURRENCY' }),
      sec({ isTradeable: false }),
      sec({ bid: 0 }),
      sec({ bid: 25, ask: 25 }),
    ];
    expect(naiveQuotes(skipped, [limit])).toEqual([]);
  });

  it('stops quoting the side that would take a limit past half of it', () => {
    const long = { ...limit, gross: 4_800, net: 4_800 };
    expect(naiveQuotes([sec({ position: 4_800 })], [long]).map((q) => q.action)).toEqual(['SELL']);
    const short = { ...limit, gross: 4_800, net: -4_800 };
    expect(naiveQuotes([sec({ position: -4_800 })], [short]).map((q) => q.action)).toEqual(['BUY']);
  });
});

describe('sideFits', () => {
  it('counts the security units and lets a fill that shrinks usage through', () => {
    expect(sideFits(2_500, { G: 2 }, [{ ...limit, name: 'G' }])).toBe(true); // net 5,000 = half
    expect(sideFits(2_501, { G: 2 }, [{ ...limit, name: 'G' }])).toBe(false);
    expect(sideFits(-500, { G: 1 }, [{ ...limit, name: 'G', gross: 9_000, net: 9_000 }])).toBe(true);
    expect(sideFits(500, { OTHER: 1 }, [{ ...limit, gross: 9_000, net: 9_000 }])).toBe(true);
  });
});

describe('shouldFlatten', () => {
  it('in the last ticks of the last period only', () => {
    const c = { period: 1, total_periods: 1, ticks_per_period: 300 };
    expect(shouldFlatten({ ...c, tick: 300 - NAIVE_FLATTEN_TICKS - 1 })).toBe(false);
    expect(shouldFlatten({ ...c, tick: 300 - NAIVE_FLATTEN_TICKS })).toBe(true);
    expect(shouldFlatten({ ...c, total_periods: 2, tick: 299 })).toBe(false);
  });
});
