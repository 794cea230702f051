import { runStrategyTask, type StrategyTask } from '../src';
import { makeContext, makeTender, TEST_NOW_MS, LEGS_2020 } from '../src/testing';

const clock = (t: number) => () => t;

describe('runStrategyTask', () => {
  test('runs the named strategy and returns memory, notes and a compute time', () => {
    const task: StrategyTask = {
      kind: 'marketMaking',
      context: makeContext({ params: { tickers: ['BULL'] } }),
      deadlineMs: TEST_NOW_MS + 100,
    };
    const r = runStrategyTask(task, clock(TEST_NOW_MS));
    expect(r.kind).toBe('marketMaking');
    expect(r.orders).toHaveLength(2);
    expect(r.computeUs).toBe(0);
    expect(r.memory).toEqual({ lastHedge: {} });
  });

  test('a task past its deadline is dropped with an empty decision, a note and its memory intact', () => {
    const memory = { lastHedge: { BULL: { tick: 3, inventory: 5 } } };
    const task: StrategyTask = { kind: 'marketMaking', context: makeContext({ memory }), deadlineMs: TEST_NOW_MS };
    const r = runStrategyTask(task, clock(TEST_NOW_MS + 5));
    expect(r.orders).toEqual([]);
    expect(r.cancels).toEqual([]);
    expect(r.notes![0]).toMatch(/past its deadline/);
    expect(r.memory).toBe(memory);
  });

  test('bad parameters and unknown kinds give an empty decision with the error code, never a throw', () => {
    const bad = runStrategyTask(
      { kind: 'tender', context: makeContext({ params: { leakage: 2 } }), deadlineMs: Infinity },
      clock(0),
    );
    expect(bad.orders).toEqual([]);
    expect(bad.metrics!.error).toBe('STRAT_BAD_PARAM');
    expect(bad.notes![0]).toMatch(/leakage/);
    const unknown = runStrategyTask({ kind: 'nope' as never, context: makeContext(), deadlineMs: Infinity }, clock(0));
    expect(unknown.metrics!.error).toBe('STRAT_UNKNOWN_KIND');
  });

  test('a malformed task (no context, or not even an object) gives an empty decision with STRAT_BAD_INPUT', () => {
    for (const task of [null, undefined, 42, { kind: 'tender', deadlineMs: Infinity }]) {
      const r = runStrategyTask(task as never, clock(0));
      expect(r.orders).toEqual([]);
      expect(r.memory).toBeNull();
      expect(r.metrics).toEqual({ error: 'STRAT_BAD_INPUT' });
      expect(r.notes).toEqual(['malformed task']);
    }
  });

  test('tender answers come back in the result; memory round-trips through structured clone', () => {
    const ctx = makeContext({ depth: 'auto', tenders: [makeTender({ price: 24.7 })], params: LEGS_2020.tender });
    const r = runStrategyTask({ kind: 'tender', context: ctx, deadlineMs: Infinity }, clock(0));
    expect(r.tenders).toEqual([expect.objectContaining({ tenderId: 1, accept: true, price: 24.7 })]);
    const again = runStrategyTask(
      { kind: 'tender', context: { ...ctx, memory: structuredClone(r.memory) }, deadlineMs: Infinity },
      clock(0),
    );
    expect(again.tenders).toEqual([]);
  });

  test('deterministic: the same task gives the same decision', () => {
    const task: StrategyTask = {
      kind: 'arbitrage',
      context: makeContext({ books: { RITC: [25.4, 25.42] }, params: LEGS_2020.arbitrage }),
      deadlineMs: Infinity,
    };
    expect(runStrategyTask(task, clock(0))).toEqual(runStrategyTask(structuredClone(task), clock(0)));
  });
});
