import fc from 'fast-check';
import {
  compactSeeds,
  describe as describeStats,
  fmtNum,
  markdownTable,
  pairedDifferences,
  parseSeeds,
  ProgressBar,
} from '../src/evaluate';
import { CliError } from '@ritc/runner';

describe('describe (mean, sd, t over seeds)', () => {
  it('matches hand-computed values', () => {
    const d = describeStats([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(d.n).toBe(8);
    expect(d.mean).toBe(5);
    expect(d.sd).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(d.t).toBeCloseTo(5 / (Math.sqrt(32 / 7) / Math.sqrt(8)), 12);
  });

  it('leaves out null and NaN, gives null sd/t for n < 2 and t for sd = 0', () => {
    expect(describeStats([])).toEqual({ n: 0, mean: null, sd: null, t: null });
    expect(describeStats([3, null, NaN])).toEqual({ n: 1, mean: 3, sd: null, t: null });
    expect(describeStats([3, 3, 3])).toEqual({ n: 3, mean: 3, sd: 0, t: null });
  });

  it('t is invariant to scale and flips sign with the data', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 2, maxLength: 30 }),
        fc.double({ min: 0.5, max: 100, noNaN: true }),
        (xs, k) => {
          const a = describeStats(xs);
          const b = describeStats(xs.map((x) => x * k));
          const c = describeStats(xs.map((x) => -x));
          if (a.t === null || a.sd! < 1e-6) return;
          expect(b.t!).toBeCloseTo(a.t, 6);
          expect(c.t!).toBeCloseTo(-a.t, 6);
        },
      ),
    );
  });

  it('pairs differences by index and skips missing ones', () => {
    expect(pairedDifferences([5, null, 3, 10], [1, 2, NaN, 4])).toEqual([4, 6]);
  });
});

describe('seeds', () => {
  it('parses lists and ranges, keeps order, drops duplicates', () => {
    expect(parseSeeds('--seeds', '1-5')).toEqual([1, 2, 3, 4, 5]);
    expect(parseSeeds('--seeds', '7, 3,5-6,3')).toEqual([7, 3, 5, 6]);
    expect(compactSeeds([1, 2, 3, 5, 7, 8])).toBe('1-3,5,7-8');
  });

  it.each(['', '5-1', 'a', '1-', '-3', '1,,2', '1.5', '99999999999'])('rejects %j naming the flag', (bad) => {
    expect(() => parseSeeds('--seeds', bad)).toThrow(CliError);
    expect(() => parseSeeds('--seeds', bad)).toThrow(/--seeds/);
  });
});

describe('tables', () => {
  it('aligns columns and formats numbers', () => {
    const t = markdownTable(
      ['a', 'bb'],
      [
        ['x', '1'],
        ['yyy', '22'],
      ],
    ).split('\n');
    expect(t).toHaveLength(4);
    expect(new Set(t.map((l) => l.length)).size).toBe(1);
    expect(t[1]).toMatch(/^\|:-+\|-+:\|$/);
    expect(fmtNum(1234.567, 1)).toBe('1,234.6');
    expect(fmtNum(NaN)).toBe('—');
    expect(fmtNum(null)).toBe('—');
  });
});

describe('ProgressBar', () => {
  const sink = (isTTY: boolean) => {
    const chunks: string[] = [];
    return { chunks, stream: { isTTY, columns: 60, write: (s: string) => chunks.push(s) } };
  };

  it('on a terminal redraws one line in place and prints one line per finished case', () => {
    let now = 0;
    const s = sink(true);
    const bar = new ProgressBar({ stream: s.stream, total: 4, now: () => now });
    bar.start('seed 1 · engine');
    bar.update(0.5);
    now += 200;
    bar.update(0.5);
    expect(s.chunks.every((c) => c.startsWith('\r'))).toBe(true);
    expect(s.chunks.at(-1)).toContain('seed 1 · engine');
    expect(bar.line(60).length).toBeLessThan(60);
    expect(bar.line(60)).toContain('12%'); // 0.5 of 1 of 4 cases
    bar.finish('P&L 5');
    expect(s.chunks.join('')).toContain('[1/4] seed 1 · engine: P&L 5\n');
  });

  it('throttles redraws to 10 per second', () => {
    let now = 0;
    const s = sink(true);
    const bar = new ProgressBar({ stream: s.stream, total: 1, now: () => now });
    bar.start('x');
    const before = s.chunks.length;
    for (let i = 0; i < 50; i++) bar.update(i / 50);
    expect(s.chunks.length - before).toBe(0);
    now = 150;
    bar.update(0.9);
    expect(s.chunks.length - before).toBe(1);
  });

  it('without a terminal writes plain lines only (no carriage returns)', () => {
    const s = sink(false);
    const bar = new ProgressBar({ stream: s.stream, total: 2 });
    bar.start('seed 1 · naive');
    bar.update(0.3);
    bar.finish('ok');
    bar.stop();
    expect(s.chunks).toEqual(['[1/2] seed 1 · naive …\n', '[1/2] seed 1 · naive: ok\n']);
  });
});
