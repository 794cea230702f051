// The progress line: done / running / failed / time left; redrawn in place on a terminal, plain
// throttled lines when asked for elsewhere, silent otherwise.
import { SweepProgress, formatDuration, progressLine } from '../src';

test('the line', () => {
  expect(progressLine({ total: 10, done: 0, running: 2, failed: 0 }, 1000)).toBe(
    'sweep: 0/10 done · 2 running · 0 failed · time left unknown',
  );
  expect(progressLine({ total: 10, done: 3, running: 2, failed: 1 }, 40_000, 'tune')).toBe(
    'tune: 3/10 done · 2 running · 1 failed · ~1 min 00 s left',
  );
  expect(progressLine({ total: 4, done: 3, running: 0, failed: 1 }, 5000)).toContain('finished');
  expect(formatDuration(3_725_000)).toBe('1 h 02 min');
  expect(formatDuration(12_400)).toBe('12 s');
});

function sink(isTTY: boolean) {
  const out: string[] = [];
  return { out, stream: { isTTY, write: (s: string) => out.push(s) } };
}

test('terminal: redraws in place, throttled', () => {
  let t = 0;
  const { out, stream } = sink(true);
  const p = new SweepProgress({ total: 3, stream, now: () => t });
  p.started('a');
  t = 50;
  p.started('b'); // within 100 ms: not redrawn
  t = 200;
  p.finished('a', true);
  p.end();
  expect(out[0]).toBe('\r\x1b[2Ksweep: 0/3 done · 1 running · 0 failed · time left unknown');
  expect(out).toHaveLength(4);
  expect(out[1]).toContain('1/3 done · 1 running');
  expect(out[3]).toBe('\n');
  expect(p.counts()).toEqual({ total: 3, done: 1, running: 0, failed: 0 });
});

test('not a terminal: silent unless forced, then plain lines', () => {
  const quiet = sink(false);
  const p = new SweepProgress({ total: 2, stream: quiet.stream, now: () => 0 });
  p.started('a');
  p.finished('a', false);
  p.end();
  expect(quiet.out).toEqual([]);
  let t = 0;
  const loud = sink(false);
  const q = new SweepProgress({ total: 2, stream: loud.stream, force: true, now: () => t });
  q.started('a');
  t = 1500;
  q.finished('a', false);
  q.end();
  expect(loud.out).toEqual([
    'sweep: 0/2 done · 1 running · 0 failed · time left unknown\n',
    'sweep: 0/2 done · 0 running · 1 failed · ~2 s left\n',
    'sweep: 0/2 done · 0 running · 1 failed · ~2 s left\n',
  ]);
});
