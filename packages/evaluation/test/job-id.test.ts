// Job ids: a stable hash of (parameters, seed, case, build, bot), independent of key order, so the
// same job is counted once however and wherever it was built.
import { JobSpec, canonicalJson, jobId, paramSetLabel } from '../src';

const spec: JobSpec = {
  bot: 'engine',
  params: { 'mm.quoteSize': 2000, 'arb.minProfitPerUnit': 0.05 },
  seed: 7,
  case: 'c',
  build: 'b1',
};

test('canonical JSON sorts keys at every level and rejects what JSON cannot carry', () => {
  expect(canonicalJson({ b: 1, a: { d: [1, 'x', true], c: null } })).toBe('{"a":{"c":null,"d":[1,"x",true]},"b":1}');
  expect(() => canonicalJson({ a: NaN })).toThrow(/non-finite/);
  expect(() => canonicalJson({ a: undefined })).toThrow(/undefined/);
});

test('the id is sha256 hex, the same for the same job whatever the key order', () => {
  const id = jobId(spec);
  expect(id).toMatch(/^[0-9a-f]{64}$/);
  const reordered: JobSpec = {
    build: 'b1',
    case: 'c',
    seed: 7,
    params: { 'arb.minProfitPerUnit': 0.05, 'mm.quoteSize': 2000 },
    bot: 'engine',
  };
  expect(jobId(reordered)).toBe(id);
  // A known value pins the definition: changing it would orphan every stored result.
  expect(id).toBe('053e9a165b8e3d09549f84b79baf31b649b208550435a5d70b9d9c135987fb1f');
  expect(jobId(JSON.parse(JSON.stringify(spec)) as JobSpec)).toBe(id);
});

test('each field of the job changes the id', () => {
  const id = jobId(spec);
  const variants: JobSpec[] = [
    { ...spec, bot: 'naive' },
    { ...spec, params: { ...spec.params, 'mm.quoteSize': 3000 } },
    { ...spec, params: {} },
    { ...spec, seed: 8 },
    { ...spec, case: 'd' },
    { ...spec, build: 'b2' },
    { ...spec, params: { ...spec.params, 'mm.quoteSize': '2000' } }, // a string is not the number
  ];
  const ids = variants.map(jobId);
  expect(new Set([id, ...ids]).size).toBe(variants.length + 1);
});

test('set labels', () => {
  expect(paramSetLabel({})).toBe('defaults');
  expect(paramSetLabel(spec.params)).toBe('arb.minProfitPerUnit=0.05 mm.quoteSize=2000');
});
