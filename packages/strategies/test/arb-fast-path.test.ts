import { DEFAULT_ARB_PARAMS, searchForArbitrage, type ArbitrageMemory, type ArbitrageParams } from '../src';
import { makeContext, LEGS_2020 } from '../src/testing';

const P: ArbitrageParams = { ...DEFAULT_ARB_PARAMS, ...LEGS_2020.arbitrage };

/** 40 decisions on consecutive ticks of a mean-reverting RITC: what calibrates a model from the strategy's own samples. */
function decide(fast: (k: number) => boolean): ArbitrageMemory {
  let memory: unknown = null;
  let m = 0;
  for (let k = 0; k < 40; k++) {
    m = 0.5 * m + (k % 3 === 0 ? 0.03 : -0.02);
    const mid = 25 + m;
    const ctx = makeContext({
      tick: 50 + k,
      books: { RITC: [Math.round((mid - 0.01) * 100) / 100, Math.round((mid + 0.01) * 100) / 100] },
      snapshots: { RITC: { tick: 50 + k } },
      memory,
    });
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
});
