import { closingPrice, closingRate, etfCloseRules } from '../src/positions/closing-prices';

const RULE = { etf: 'RITC', basket: ['BULL', 'BEAR'] };
const lasts: Record<string, number> = { RITC: 25.3, BULL: 10.2, BEAR: 14.9 };
const inputs = (usd: number | null) => ({
  last: (t: string) => lasts[t] ?? null,
  cadPerQuoteUnit: (t: string) => (t === 'RITC' ? usd : 1),
});

describe('closing prices', () => {
  it('closes the ETF at its basket fair value in its own currency, to 4 decimals', () => {
    expect(closingPrice('RITC', RULE, inputs(1.02))).toBe(Math.round(((10.2 + 14.9) / 1.02) * 1e4) / 1e4);
    expect(closingPrice('RITC', RULE, inputs(1.02))).not.toBe(25.3);
  });

  it('closes stocks, and the ETF without a rule, at their last price', () => {
    expect(closingPrice('BULL', RULE, inputs(1.02))).toBe(10.2);
    expect(closingPrice('RITC', null, inputs(1.02))).toBe(25.3);
  });

  it('falls back to the last price when the fair value cannot be formed', () => {
    expect(closingPrice('RITC', RULE, inputs(null))).toBe(25.3);
    expect(closingPrice('RITC', { etf: 'RITC', basket: ['BULL', 'NOPE'] }, inputs(1))).toBe(25.3);
  });

  it("takes a currency's rate from the exchange's mid, else the last quote seen, else its last trade", () => {
    expect(closingRate({ bid: 1.0, ask: 1.0002, last: 0.99 }, { bid: 1.1, ask: 1.1 })).toBe(1.0001);
    expect(closingRate({ bid: 0, ask: 0, last: 0.99 }, { bid: 1.0042, ask: 1.0044 })).toBe(1.0043);
    expect(closingRate({ bid: 0, ask: 0, last: 0.99 }, { bid: null, ask: 1.0044 })).toBe(0.99);
    expect(closingRate(undefined, null)).toBeNull();
  });

  it('takes a rule for each ETF of the case whose basket is one share of each stock', () => {
    const rules = etfCloseRules({
      etfs: ['XETF', 'WETF', 'NOBASKET'],
      securities: {
        XETF: { composition: { AAA: 1, BBB: 1 } },
        WETF: { composition: { AAA: 2, BBB: 1 } },
        NOBASKET: { composition: null },
      },
    });
    expect(rules).toEqual([{ etf: 'XETF', basket: ['AAA', 'BBB'] }]);
  });
});
