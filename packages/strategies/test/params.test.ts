import {
  DEFAULT_ARB_PARAMS,
  DEFAULT_MM_PARAMS,
  DEFAULT_TENDER_PARAMS,
  runStrategyTask,
  StrategyError,
  validateArbitrageParams,
  validateMarketMakingParams,
  validateTenderParams,
} from '../src';
import { LEGS_2020, makeContext, makeTender } from '../src/testing';

describe('parameter validation', () => {
  test('no overrides gives a copy of the defaults', () => {
    const p = validateMarketMakingParams(undefined);
    expect(p).toEqual(DEFAULT_MM_PARAMS);
    p.tickers.push('X');
    expect(DEFAULT_MM_PARAMS.tickers).toEqual([]);
    expect(validateArbitrageParams(LEGS_2020.arbitrage)).toEqual({ ...DEFAULT_ARB_PARAMS, ...LEGS_2020.arbitrage });
    expect(validateTenderParams(LEGS_2020.tender)).toEqual({ ...DEFAULT_TENDER_PARAMS, ...LEGS_2020.tender });
  });

  test('no ticker is built in: the ETF strategies need their legs, any names do', () => {
    expect(validateArbitrageParams({})).toMatchObject({ etf: '', stocks: [], fx: '' });
    expect(validateTenderParams(null)).toMatchObject({ ticker: '', basket: [], fx: '' });
    expect(() => validateTenderParams({ ticker: 'XETF', basket: ['AAA'] })).toThrow(/exactly two/);
    expect(() => validateArbitrageParams({ ...LEGS_2020.arbitrage, etf: '' })).toThrow(/must be a ticker/);
    expect(validateArbitrageParams({ etf: 'XETF', stocks: ['AAA', 'BBB'], fx: 'EUR' })).toMatchObject({
      etf: 'XETF',
      stocks: ['AAA', 'BBB'],
      fx: 'EUR',
    });
    // A market maker with no ETF in the case: no basket, no FX leg.
    expect(validateMarketMakingParams({ tickers: ['ALGO'], etf: '', basket: [], fx: '' })).toMatchObject({
      tickers: ['ALGO'],
      basket: [],
    });
  });

  test('a list given as one comma-separated string (the command line) is split', () => {
    expect(validateMarketMakingParams({ tickers: 'AAA,BBB' }).tickers).toEqual(['AAA', 'BBB']);
    expect(() => validateMarketMakingParams({ tickers: '' })).toThrow(/non-empty array/);
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
    expect(() => validateArbitrageParams({ ...LEGS_2020.arbitrage, tradeSize: 20_000, maxUnits: 10_000 })).toThrow(
      /tradeSize must be ≤ maxUnits/,
    );
    expect(() => validateArbitrageParams({ ...LEGS_2020.arbitrage, stocks: ['BULL'] })).toThrow(/exactly two/);
    expect(() => validateArbitrageParams('nope')).toThrow(/must be an object/);
  });
});

describe('strategies without their tickers', () => {
  test('decide nothing: no leg is named, so no order and no accepted tender', () => {
    const ctx = makeContext({ depth: 'auto', tenders: [makeTender({ price: 24.7 })] });
    for (const kind of ['marketMaking', 'arbitrage', 'tender', 'statArb'] as const) {
      const r = runStrategyTask({ kind, context: ctx, deadlineMs: Number.POSITIVE_INFINITY });
      expect({ kind, orders: r.orders, error: r.metrics?.error }).toEqual({ kind, orders: [], error: undefined });
      expect((r.tenders ?? []).filter((t) => t.accept)).toEqual([]);
    }
  });
});
