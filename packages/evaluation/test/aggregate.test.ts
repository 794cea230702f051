// The sweep summary on hand-made results: mean P&L, the RITC rank criterion, the best set against the
// defaults on the same seeds, sensitivity per parameter, failures, and each job id counted once.
import { JobResult, JobSpec, aggregateSweep, jobId, parseParams } from '../src';

function result(params: JobSpec['params'], seed: number, pnl: number | null): JobResult {
  const spec: JobSpec = { bot: 'engine', params, seed, case: 'c', build: 'b' };
  return pnl === null
    ? { id: jobId(spec), spec, ok: false, error: 'engine crashed', durationMs: 5 }
    : { id: jobId(spec), spec, ok: true, metrics: { pnl }, durationMs: 5 };
}

const A = { q: 1 };
const B = { q: 2 };
// seed:        1    2    3    4
// defaults:  100  200  300  400   mean 250
// A (q=1):   110  190  330  420   mean 262.5
// B (q=2):   120  230  310  failed
const results: JobResult[] = [
  ...[100, 200, 300, 400].map((p, i) => result({}, i + 1, p)),
  ...[110, 190, 330, 420].map((p, i) => result(A, i + 1, p)),
  ...[120, 230, 310, null].map((p, i) => result(B, i + 1, p)),
];

test('mean P&L and mean rank per set', () => {
  const s = aggregateSweep(results, { axes: parseParams(['q=1,2,3']) });
  expect(s.jobs).toBe(12);
  expect(s.heats).toBe(4);
  expect(s.failed).toBe(1);
  const by = Object.fromEntries(s.sets.map((x) => [x.label, x]));
  // Ranks per seed: s1 B1 A2 D3; s2 B1 D2 A3; s3 A1 B2 D3; s4 A1 D2 B3 (failed ranks last).
  expect(by['q=2']?.meanRank).toBe((1 + 1 + 2 + 3) / 4);
  expect(by['q=1']?.meanRank).toBe((2 + 3 + 1 + 1) / 4);
  expect(by['defaults']?.meanRank).toBe((3 + 2 + 3 + 2) / 4);
  expect(by['q=1']?.meanPnl).toBe(262.5);
  expect(by['q=2']?.meanPnl).toBe(220);
  expect(by['q=2']?.n).toBe(3);
  expect(by['q=2']?.failed).toBe(1);
  // Sorted best first by mean rank; q=1 and q=2 tie at 1.75, broken by mean P&L.
  expect(s.sets.map((x) => x.label)).toEqual(['q=1', 'q=2', 'defaults']);
  expect(s.bestByRank).toBe(by['q=1']?.key);
  expect(s.bestByPnl).toBe(by['q=1']?.key);
  expect(s.failures).toEqual([expect.objectContaining({ set: 'q=2', seed: 4, error: 'engine crashed' })]);
});

test('the best set against the defaults is paired by seed', () => {
  const s = aggregateSweep(results);
  const c = s.comparison;
  if (c === null) throw new Error('no comparison');
  expect(c.n).toBe(4);
  expect(c.mean).toBe((10 - 10 + 30 + 20) / 4);
  expect(c.tInterval).not.toBeNull();
  expect(c.bootstrapInterval).not.toBeNull();
  // With the defaults on top there is nothing to compare.
  const onlyDefaultsWin = aggregateSweep([result({}, 1, 500), result(A, 1, 100)]);
  expect(onlyDefaultsWin.comparison).toBeNull();
  expect(onlyDefaultsWin.bestByRank).toBe('{}');
});

test('sensitivity averages each value over the other parameters', () => {
  const mk = (a: number, b: number, seed: number, pnl: number) => result({ a, b }, seed, pnl);
  const rs = [mk(1, 10, 1, 100), mk(1, 20, 1, 300), mk(2, 10, 1, 500), mk(2, 20, 1, 700), result({}, 1, 0)];
  const s = aggregateSweep(rs, { axes: parseParams(['a=1,2,3', 'b=10,20']) });
  const a = s.sensitivity.find((t) => t.key === 'a');
  expect(a?.rows).toEqual([
    { value: 1, sets: 2, meanPnl: 200, meanRank: 3.5 },
    { value: 2, sets: 2, meanPnl: 600, meanRank: 1.5 },
    { value: 3, sets: 0, meanPnl: null, meanRank: null },
  ]);
  const b = s.sensitivity.find((t) => t.key === 'b');
  expect(b?.rows.map((r) => r.meanPnl)).toEqual([300, 500]);
  // Without axes the values come from the sets, sorted.
  expect(aggregateSweep(rs).sensitivity.map((t) => [t.key, t.rows.map((r) => r.value)])).toEqual([
    ['a', [1, 2]],
    ['b', [10, 20]],
  ]);
});

test('a job reported twice counts once, a success beating a failure', () => {
  const dup = [...results, result(B, 4, null), result(B, 4, 999)];
  const s = aggregateSweep(dup);
  expect(s.jobs).toBe(12);
  expect(s.failed).toBe(0);
  expect(s.sets.find((x) => x.label === 'q=2')?.n).toBe(4);
});
