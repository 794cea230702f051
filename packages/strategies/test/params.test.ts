import {
  DEFAULT_ARB_PARAMS,
  DEFAULT_MM_PARAMS,
  DEFAULT_TENDER_PARAMS,
  StrategyError,
  validateArbitrageParams,
  validateMarketMakingParams,
  validateTenderParams,
} from '../src';

describe('parameter validation', () => {
  test('no overrides gives a copy of the defaults', () => {
    const p = validateMarketMakingParams(undefined);
    expect(p).toEqual(DEFAULT_MM_PARAMS);
    p.tickers.push('X');
    expect(DEFAULT_MM_PARAMS.tickers).toEqual(['BULL', 'BEAR', 'RITC']);
    expect(validateArbitrageParams({})).toEqual(DEFAULT_ARB_PARAMS);
    expect(validateTenderParams(null)).toEqual(DEFAULT_TENDER_PARAMS);
  });

  test('valid overrides are merged', () => {
    expect(validateMarketMakingParams({ quoteSize: 500, inventorySkew: 'avellanedaStoikov' })).toMatchObject({
      quoteSize: 500,
      inventorySkew: 'avellanedaStoikov',
      riskAversion: 0.005,
    });
  });

  test.each([
    [{ riskAversion: 0 }, /riskAversion must be >/],
    [{ riskAversion: 'high' }, /finite number/],
    [{ quoteSize: 10.5 }, /integer/],
    [{ inventorySkew: 'magic' }, /one of linear, avellanedaStoikov/],
    [{ tickers: [] }, /non-empty array/],
    [{ vpinStop: NaN }, /finite number/],
    [{ requireVpin: 'yes' }, /true or false/],
  ])('bad market-making override %j', (over, msg) => {
    let err: unknown;
    try {
      validateMarketMakingParams(over);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StrategyError);
    expect((err as StrategyError).code).toBe('STRAT_BAD_PARAM');
    expect((err as Error).message).toMatch(msg);
  });

  test('unknown keys are rejected, not ignored', () => {
    expect(() => validateTenderParams({ minEdge: 0.1 })).toThrow(/STRAT_UNKNOWN_PARAM.*minEdge/);
  });

  test('cross-field checks', () => {
    expect(() => validateArbitrageParams({ tradeSize: 20_000, maxUnits: 10_000 })).toThrow(
      /tradeSize must be ≤ maxUnits/,
    );
    expect(() => validateArbitrageParams({ stocks: ['BULL'] })).toThrow(/exactly two/);
    expect(() => validateArbitrageParams('nope')).toThrow(/must be an object/);
  });
});
