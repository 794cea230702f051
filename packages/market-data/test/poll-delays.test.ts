import { MarketDataError, parsePollDelays, pollDelayFor } from '@ritc/market-data';

describe('parsePollDelays', () => {
  it('parses a default and per-ticker values', () => {
    const d = parsePollDelays(['5', 'RITC=0', 'USD=250.5']);
    expect(d).toEqual({ defaultMs: 5, perTicker: { RITC: 0, USD: 250.5 } });
    expect(pollDelayFor(d, 'RITC', 99)).toBe(0);
    expect(pollDelayFor(d, 'BULL', 99)).toBe(5);
    expect(pollDelayFor({ perTicker: {} }, 'BULL', 99)).toBe(99);
  });

  it('returns no default when only tickers are given', () => {
    expect(parsePollDelays(['BULL=10'])).toEqual({ perTicker: { BULL: 10 } });
    expect(parsePollDelays([])).toEqual({ perTicker: {} });
  });

  it.each([
    ['-1', /not a non-negative number/],
    ['abc', /not a non-negative number/],
    ['RITC=', /not a non-negative number/],
    ['=5', /expected TICKER=MS/],
    ['RI TC=5', /expected TICKER=MS/],
    ['RITC=1e3', /not a non-negative number/],
    ['RITC=999999', /above the maximum/],
  ])('rejects %s with a clear error', (v, re) => {
    expect(() => parsePollDelays([v])).toThrow(MarketDataError);
    expect(() => parsePollDelays([v])).toThrow(re);
    try {
      parsePollDelays([v]);
    } catch (e) {
      expect((e as MarketDataError).code).toBe('MD_BAD_POLL_DELAY');
    }
  });

  it('rejects a repeated default or ticker', () => {
    expect(() => parsePollDelays(['5', '6'])).toThrow(/default delay was already given/);
    expect(() => parsePollDelays(['RITC=5', 'RITC=6'])).toThrow(/RITC was already given/);
  });
});
