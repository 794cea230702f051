import {
  DEFAULT_MM_PARAMS,
  STRATEGIES,
  STRATEGY_ENTRIES,
  STRATEGY_KINDS,
  StrategyError,
  strategyByCliName,
  strategyOf,
} from '../src';
import { LEGS_2020 } from '../src/testing';

describe('strategy registry', () => {
  test('maps the three vocabularies in one place', () => {
    expect(STRATEGY_KINDS).toEqual(['marketMaking', 'arbitrage', 'tender', 'statArb']);
    expect(STRATEGY_ENTRIES.map((e) => [e.kind, e.cliName, e.source])).toEqual([
      ['marketMaking', 'mm', 'MARKET_MAKER'],
      ['arbitrage', 'arb', 'ARBITRAGE'],
      ['tender', 'tender', 'TENDER'],
      // Stat arb books under the arbitrage's source: the case assignment never runs both.
      ['statArb', 'stat', 'ARBITRAGE'],
    ]);
    expect(strategyByCliName('arb')?.kind).toBe('arbitrage');
    expect(strategyByCliName('marketMaking')).toBeUndefined();
  });

  test('says what each strategy needs', () => {
    expect(STRATEGIES.tender.needs).toEqual({ depth: true, history: false, tenders: true, legs: false });
    expect(STRATEGIES.arbitrage.needs).toEqual({ depth: false, history: true, tenders: false, legs: true });
    expect(STRATEGIES.marketMaking.needs).toEqual({ depth: false, history: false, tenders: false, legs: false });
    expect(STRATEGIES.statArb.needs).toEqual({ depth: false, history: false, tenders: false, legs: false });
  });

  test('only own keys answer a lookup', () => {
    expect(strategyOf('constructor')).toBeUndefined();
    expect(strategyOf('__proto__')).toBeUndefined();
    expect(strategyOf('tender')).toBe(STRATEGIES.tender);
  });

  test('carries the defaults and the validator of each strategy', () => {
    expect(STRATEGIES.marketMaking.defaults).toBe(DEFAULT_MM_PARAMS);
    expect(() => STRATEGIES.tender.validate({ basket: ['BULL'] })).toThrow(StrategyError);
    expect(STRATEGIES.arbitrage.validate(LEGS_2020.arbitrage)).toEqual({
      ...STRATEGIES.arbitrage.defaults,
      ...LEGS_2020.arbitrage,
    });
  });
});
