import { caseTimeMs, orderRateClockMs } from '../src';

describe('the order-rate clock', () => {
  it('is wall time unless the virtual clock gives a tick length', () => {
    expect(orderRateClockMs({ wallMs: 12_345, tick: 7, virtualTickMs: null })).toBe(12_345);
    expect(orderRateClockMs({ wallMs: 12_345, tick: 7, virtualTickMs: 0 })).toBe(12_345);
  });

  it('on the virtual clock is the case time of the current tick, whatever the wall time', () => {
    expect(orderRateClockMs({ wallMs: 12_345, tick: 7, virtualTickMs: 200 })).toBe(1_400);
    expect(orderRateClockMs({ wallMs: 99_999, tick: 7, virtualTickMs: 200 })).toBe(1_400);
    expect(caseTimeMs(12, 250)).toBe(3_000);
    expect(caseTimeMs(-1, 250)).toBe(0);
  });
});
