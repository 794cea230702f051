/** Pure retry helpers: Retry-After / X-Wait-Until parsing and backoff bounds. */
import { backoffMs, parseRetryAfter, parseWaitUntil } from '@ritc/rit-client';

test('Retry-After: fractional seconds, HTTP dates, garbage', () => {
  expect(parseRetryAfter('0.215')).toBeCloseTo(0.215);
  expect(parseRetryAfter(' 2 ')).toBe(2);
  expect(parseRetryAfter(undefined)).toBeNull();
  expect(parseRetryAfter('')).toBeNull();
  expect(parseRetryAfter('soon')).toBeNull();
  expect(parseRetryAfter('-1')).toBeNull();
  const now = Date.parse('2020-02-22T12:00:00Z');
  expect(parseRetryAfter('Sat, 22 Feb 2020 12:00:03 GMT', now)).toBe(3);
});

test('X-Wait-Until: relative seconds; epoch seconds or ms are converted to a wait', () => {
  expect(parseWaitUntil('0.1')).toBeCloseTo(0.1);
  const now = 1_700_000_000_000;
  expect(parseWaitUntil(String(now / 1000 + 0.5), now)).toBeCloseTo(0.5);
  expect(parseWaitUntil(String(now + 250), now)).toBeCloseTo(0.25);
  expect(parseWaitUntil(String(now / 1000 - 10), now)).toBe(0);
});

test('backoff doubles per attempt, stays within [d/2, d] and under the cap', () => {
  const policy = { baseMs: 10, maxMs: 100 };
  for (let attempt = 0; attempt < 8; attempt++) {
    const d = Math.min(100, 10 * 2 ** attempt);
    expect(backoffMs(attempt, policy, () => 0)).toBe(d / 2);
    expect(backoffMs(attempt, policy, () => 0.999999)).toBeCloseTo(d, 3);
  }
});
