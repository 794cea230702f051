import { ar1HalfLife, factorLoadings, pooledAr1, projectOutFactor, QuantError } from '../src';

/** Deterministic uniform(−½, ½) draws (MINSTD). */
function draws(seed: number): () => number {
  let s = seed;
  return () => {
    s = (16807 * s) % 2147483647;
    return s / 2147483647 - 0.5;
  };
}

describe('projectOutFactor', () => {
  test('removes the part along beta and keeps the rest', () => {
    const beta = [0.8, 1, 1.3];
    const along = beta.map((b) => 0.03 * b);
    for (const x of projectOutFactor(along, beta)) expect(Math.abs(x)).toBeLessThan(1e-15);
    const r = projectOutFactor([0.01, 0, 0], beta);
    expect(r.reduce((s, x, i) => s + x * beta[i]!, 0)).toBeCloseTo(0, 15);
    expect(r[0]).toBeCloseTo(0.01 * (1 - 0.64 / 3.33), 15);
  });

  test('rejects mismatched lengths and an all-zero beta', () => {
    expect(() => projectOutFactor([1, 2], [1])).toThrow(QuantError);
    expect(() => projectOutFactor([1, 2], [0, 0])).toThrow(/all zero/);
  });
});

describe('pooledAr1 / ar1HalfLife', () => {
  test('recovers φ of simulated AR(1) series and its half-life', () => {
    const u = draws(3);
    const phi = 0.9;
    const series = [0, 1].map(() => {
      const x = [0];
      for (let t = 1; t < 5000; t++) x.push(phi * x[t - 1]! + u());
      return x;
    });
    const est = pooledAr1(series)!;
    expect(est).toBeGreaterThan(0.88);
    expect(est).toBeLessThan(0.92);
    expect(ar1HalfLife(0.5)).toBeCloseTo(1, 12);
    expect(ar1HalfLife(Math.pow(0.5, 1 / 15))).toBeCloseTo(15, 9);
    expect(ar1HalfLife(1)).toBe(Infinity);
    expect(pooledAr1([[0, 0, 0]])).toBeNull();
  });
});

describe('factorLoadings', () => {
  test("finds the betas' direction of series driven by one random walk plus noise", () => {
    const u = draws(11);
    const beta = [0.8, 1, 1.3];
    let x = 0;
    const rows: number[][] = [];
    for (let t = 0; t < 400; t++) {
      x += 0.002 * u();
      rows.push(beta.map((b) => b * x + 0.001 * u()));
    }
    const v = factorLoadings(rows)!;
    const norm = Math.sqrt(beta.reduce((s, b) => s + b * b, 0));
    beta.forEach((b, i) => expect(v[i]!).toBeCloseTo(b / norm, 1));
    expect(factorLoadings([[1, 2]])).toBeNull();
    expect(
      factorLoadings([
        [0, 0],
        [0, 0],
      ]),
    ).toBeNull();
  });
});
