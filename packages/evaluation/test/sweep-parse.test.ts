// Sweep specifications: --param lists and float-safe inclusive ranges, --seeds, --search, and clear
// one-line errors with stable codes for bad input.
import {
  EvaluationError,
  gridSize,
  parameterSets,
  parseParam,
  parseParams,
  parseSearch,
  parseSeeds,
  sweepJobs,
} from '../src';

function code(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof EvaluationError) {
      expect(e.message).not.toContain('\n');
      return e.code;
    }
    throw e;
  }
  throw new Error('no error');
}

test('lists: numbers, booleans and strings', () => {
  expect(parseParam('arb.minProfitPerUnit=0.02,0.05,0.1')).toEqual({
    key: 'arb.minProfitPerUnit',
    values: [0.02, 0.05, 0.1],
  });
  expect(parseParam('mm.enabled=true,false').values).toEqual([true, false]);
  expect(parseParam('tender.mode=greedy, patient').values).toEqual(['greedy', 'patient']);
  expect(parseParam('x=-1e3,+2').values).toEqual([-1000, 2]);
});

test('ranges are inclusive and float-safe', () => {
  expect(parseParam('mm.quoteSize=1000:4000:1000').values).toEqual([1000, 2000, 3000, 4000]);
  expect(parseParam('a=0.1:0.3:0.1').values).toEqual([0.1, 0.2, 0.3]);
  expect(parseParam('a=0:1:0.1').values).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
  expect(parseParam('a=0:1:0.3').values).toEqual([0, 0.3, 0.6, 0.9]);
  expect(parseParam('a=-0.2:0.2:0.1').values).toEqual([-0.2, -0.1, 0, 0.1, 0.2]);
  expect(parseParam('a=5:5:1').values).toEqual([5]);
});

test('bad --param values fail with E_PARAM', () => {
  for (const bad of [
    'novalue',
    '=1,2',
    'a=',
    'a=1,,2',
    'a=1,1',
    'a b=1',
    'a.=1',
    'a=1:2',
    'a=2:1:1',
    'a=0:1:0',
    'a=0:1:-1',
    'a=x:1:1',
    'a=0:1e9:1',
  ]) {
    expect(code(() => parseParam(bad))).toBe('E_PARAM');
  }
  expect(code(() => parseParams(['a=1,2', 'a=3']))).toBe('E_PARAM');
  expect(() => parseParam('a=1,1')).toThrow('--param a=1,1: the value 1 is listed twice');
});

test('seeds: ranges and lists, duplicates dropped, order kept', () => {
  expect(parseSeeds('1-5')).toEqual([1, 2, 3, 4, 5]);
  expect(parseSeeds('1,3,5')).toEqual([1, 3, 5]);
  expect(parseSeeds('5,1-3,2')).toEqual([5, 1, 2, 3]);
  for (const bad of ['', '1,', 'a', '3-1', '-1', '1.5', '2147483648', '1-20000'])
    expect(code(() => parseSeeds(bad))).toBe('E_SEEDS');
});

test('search flags', () => {
  expect(parseSearch(undefined)).toEqual({ mode: 'grid' });
  expect(parseSearch('random', '5')).toEqual({ mode: 'random', samples: 5, seed: 1 });
  expect(parseSearch('random', '5', '9')).toEqual({ mode: 'random', samples: 5, seed: 9 });
  for (const f of [
    () => parseSearch('annealing'),
    () => parseSearch('random'),
    () => parseSearch('random', '0'),
    () => parseSearch('grid', '3'),
    () => parseSearch('random', 'x'),
  ]) {
    expect(code(f)).toBe('E_SEARCH');
  }
});

const axes = parseParams(['arb.minProfitPerUnit=0.02,0.05,0.1', 'mm.quoteSize=1000:4000:1000']);

test('grid: the defaults set and every grid point once', () => {
  expect(gridSize(axes)).toBe(12);
  const sets = parameterSets(axes, { mode: 'grid' });
  expect(sets).toHaveLength(13);
  expect(sets[0]).toEqual({});
  expect(new Set(sets.map((s) => JSON.stringify(s))).size).toBe(13);
  expect(sets).toContainEqual({ 'arb.minProfitPerUnit': 0.1, 'mm.quoteSize': 3000 });
});

test('random: N distinct grid points plus the defaults, the same for the same seed', () => {
  const a = parameterSets(axes, { mode: 'random', samples: 5, seed: 3 });
  expect(a).toHaveLength(6);
  expect(a[0]).toEqual({});
  const keys = a.slice(1).map((s) => JSON.stringify(s));
  expect(new Set(keys).size).toBe(5);
  const grid = new Set(
    parameterSets(axes, { mode: 'grid' })
      .slice(1)
      .map((s) => JSON.stringify(s)),
  );
  for (const k of keys) expect(grid.has(k)).toBe(true);
  expect(parameterSets(axes, { mode: 'random', samples: 5, seed: 3 })).toEqual(a);
  expect(parameterSets(axes, { mode: 'random', samples: 5, seed: 4 })).not.toEqual(a);
  expect(parameterSets(axes, { mode: 'random', samples: 12, seed: 3 })).toHaveLength(13);
  expect(code(() => parameterSets(axes, { mode: 'random', samples: 13 }))).toBe('E_SEARCH');
  // A huge grid is sampled without being enumerated.
  const big = parseParams(['a=1:1000:1', 'b=1:1000:1', 'c=1:1000:1']);
  const s = parameterSets(big, { mode: 'random', samples: 50, seed: 1 });
  expect(new Set(s.map((x) => JSON.stringify(x))).size).toBe(51);
  expect(code(() => parameterSets(big, { mode: 'grid' }))).toBe('E_SEARCH');
});

test('jobs: every set on every seed', () => {
  const jobs = sweepJobs({ bot: 'engine', case: 'c', build: 'b', axes, seeds: [1, 2, 3], search: { mode: 'grid' } });
  expect(jobs).toHaveLength(13 * 3);
  expect(jobs.filter((j) => Object.keys(j.params).length === 0).map((j) => j.seed)).toEqual([1, 2, 3]);
});
