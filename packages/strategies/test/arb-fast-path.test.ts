import fc from 'fast-check';
import { DEFAULT_ARB_PARAMS, isPackedHistory, packHistory, runStrategyTask, searchForArbitrage, unpackHistory, type ArbitrageMemory, type ArbitrageParams, type HistoryView } from '../src';
import { makeContext } from '../src/testing';

const P: ArbitrageParams = { ...DEFAULT_ARB_PARAMS, stocks: ['BULL', 'BEAR'] };

/** 40 decisions on consecutive ticks of a mean-reverting RITC: what calibrates a model from the strategy's own samples. */
function decide(fast: (k: number) => boolean): ArbitrageMemory {
  let memory: unknown = null;
  let m = 0;
  for (let k = 0; k < 40; k++) {
    m = 0.5 * m + (k % 3 === 0 ? 0.03 : -0.02);
    const mid = 25 + m;
    const ctx = makeContext({ tick: 50 + k, books: { RITC: [Math.round((mid - 0.01) * 100) / 100, Math.round((mid + 0.01) * 100) / 100] }, snapshots: { RITC: { tick: 50 + k } }, memory });
    memory = searchForArbitrage({ ...ctx, fast: fast(k) }, P).memory;
  }
  return memory as ArbitrageMemory;
}

describe('arbitrage fast (reaction) decisions', () => {
  test('never calibrate: the samples are kept, the model is left to the scheduled rounds', () => {
    const fastOnly = decide(() => true);
    expect(fastOnly.samples!.tick).toHaveLength(40);
    expect(fastOnly.model).toBeNull();
    const mixed = decide((k) => k !== 39); // the last round is a scheduled one
    expect(mixed.model).not.toBeNull();
    expect(mixed.model!.calibratedTick).toBe(89);
  });

  test('memory crosses threads packed: one Float64Array for the samples, read back the same', () => {
    const ctx = makeContext({ tick: 60, books: { RITC: [25, 25.02] }, snapshots: { RITC: { tick: 60 } } });
    const first = runStrategyTask({ kind: 'arbitrage', context: { ...ctx, params: { ...P } }, deadlineMs: Number.MAX_SAFE_INTEGER });
    const wire = first.memory as { samples: unknown };
    expect(isPackedHistory(wire.samples)).toBe(true);
    const again = runStrategyTask({ kind: 'arbitrage', context: { ...ctx, tick: 61, snapshots: { ...ctx.snapshots, RITC: { ...ctx.snapshots.RITC!, tick: 61 } }, memory: structuredClone(first.memory), params: { ...P } }, deadlineMs: Number.MAX_SAFE_INTEGER });
    const samples = (again.memory as { samples: Parameters<typeof unpackHistory>[0] }).samples;
    expect(unpackHistory(samples).tick).toEqual([60, 61]);
  });
});

describe('history wire format', () => {
  test('pack → unpack is the identity on finite histories', () => {
    const history = fc.integer({ min: 0, max: 30 }).chain((n) => fc.record({
      tick: fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: n, maxLength: n }),
      a: fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: n, maxLength: n }),
      b: fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: n, maxLength: n }),
    }));
    fc.assert(fc.property(history, ({ tick, a, b }) => {
      const h: HistoryView = { tick, mid: { RITC: a, USD: b }, spread: { RITC: b, USD: a } };
      const back = unpackHistory(structuredClone(packHistory(h)));
      expect(back).toEqual(h);
    }));
  });

  test('a malformed packed history is not taken for one', () => {
    expect(isPackedHistory({ packed: 'history/v1', tickers: ['A'], data: new Float64Array(4) })).toBe(false); // rows of 3
    expect(isPackedHistory({ packed: 'history/v1', tickers: ['A'], data: [1, 2, 3] })).toBe(false);
    expect(isPackedHistory({ tick: [], mid: {}, spread: {} })).toBe(false);
  });
});
