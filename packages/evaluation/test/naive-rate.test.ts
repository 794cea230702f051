import { CaseTimeRate } from '../src/bots/naive-rate';

describe("the naive bot's case-time order rate", () => {
  it('allows the rate per sliding case second, per ticker, as the simulator counts it', () => {
    // 200 ms ticks: 10 orders a second is 10 per 5 ticks.
    const r = new CaseTimeRate(200);
    for (let tick = 1; tick <= 5; tick++) {
      for (let i = 0; i < 2; i++) {
        expect(r.allows('A', tick, 10)).toBe(true);
        r.record('A', tick);
      }
    }
    expect(r.allows('A', 5, 10)).toBe(false);
    expect(r.allows('B', 5, 10)).toBe(true);
    // Tick 6 starts 1,000 ms after tick 1: tick 1's two orders have left the window.
    expect(r.allows('A', 6, 10)).toBe(true);
    r.record('A', 6);
    r.record('A', 6);
    expect(r.allows('A', 6, 10)).toBe(false);
  });

  it('counts nothing against a rate of zero (no limit), and starts afresh when the ticks restart', () => {
    const r = new CaseTimeRate(200);
    for (let i = 0; i < 5; i++) r.record('A', 100);
    expect(r.allows('A', 100, 5)).toBe(false);
    expect(r.allows('A', 100, 0)).toBe(true);
    // A new period: tick 1 is earlier case time than what was counted.
    expect(r.allows('A', 1, 5)).toBe(true);
  });
});
