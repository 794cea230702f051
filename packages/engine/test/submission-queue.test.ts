import { SubmissionQueue, type QueueJob } from '../src/execution/submission-queue';

/** A queue on a hand-moved clock; timers are Jest's fake ones, so nothing here waits for real time. */
function harness(rate = 10, windowMs = 1000) {
  let now = 0;
  const sent: string[] = [];
  const dropped: Array<[string, string]> = [];
  const q = new SubmissionQueue({ ratePerSec: () => rate, windowMs, now: () => now });
  const job = (id: string, over: Partial<QueueJob> = {}): QueueJob => ({
    ticker: 'BULL',
    source: 'MARKET_MAKER',
    action: 'BUY',
    id,
    run: () => {
      sent.push(id);
    },
    drop: (r) => {
      dropped.push([id, r]);
    },
    ...over,
  });
  const advance = (ms: number) => {
    now += ms;
    jest.advanceTimersByTime(ms);
  };
  return { q, job, sent, dropped, advance, at: () => now };
}

describe('SubmissionQueue', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('sends at once while the sliding window has room, then exactly as the window frees', () => {
    const h = harness(3, 1000);
    for (const id of ['a', 'b', 'c', 'd']) h.q.enqueue(h.job(id));
    expect(h.sent).toEqual(['a', 'b', 'c']); // synchronous: no timer hop when unpaced
    h.advance(999);
    expect(h.sent).toEqual(['a', 'b', 'c']);
    h.advance(1);
    expect(h.sent).toEqual(['a', 'b', 'c', 'd']);
  });

  it('on a clock that moves with the ticks, a held job sets no timer and leaves on wake()', () => {
    let caseMs = 0;
    const sent: string[] = [];
    const q = new SubmissionQueue({ ratePerSec: () => 2, now: () => caseMs, waitsOnTick: true });
    for (const id of ['a', 'b', 'c'])
      q.enqueue({ ticker: 'BULL', source: 'MARKET_MAKER', id, run: () => void sent.push(id) });
    expect(sent).toEqual(['a', 'b']);
    expect(jest.getTimerCount()).toBe(0);
    caseMs = 800;
    q.wake();
    expect(sent).toEqual(['a', 'b']);
    caseMs = 1000;
    q.wake();
    expect(sent).toEqual(['a', 'b', 'c']);
    expect(q.size()).toBe(0);
  });

  it('a newer decision supersedes the queued orders of the same source, ticker and side only', () => {
    const h = harness(1, 1000);
    h.q.enqueue(h.job('sent-first'));
    h.q.enqueue(h.job('old-bid'));
    h.q.enqueue(h.job('old-ask', { action: 'SELL' }));
    h.q.enqueue(h.job('arb-bid', { source: 'ARBITRAGE' }));
    h.q.enqueue(h.job('bear-bid', { ticker: 'BEAR' }));
    expect(h.q.supersede('MARKET_MAKER', 'BULL', 'BUY')).toBe(1);
    expect(h.dropped).toEqual([['old-bid', 'superseded by a newer decision']]);
    expect(h.q.size('BULL')).toBe(2);
    expect(h.q.has('old-ask')).toBe(true);
    expect(h.q.has('arb-bid')).toBe(true);
  });

  it('withdraws one queued job by id and reports false once it has left', () => {
    const h = harness(1, 1000);
    h.q.enqueue(h.job('a'));
    h.q.enqueue(h.job('b'));
    expect(h.q.cancel('a', 'x')).toBe(false); // already sent
    expect(h.q.cancel('b', 'by strategy')).toBe(true);
    expect(h.dropped).toEqual([['b', 'by strategy']]);
    h.advance(2000);
    expect(h.sent).toEqual(['a']);
  });

  it('a block (429 / X-Wait-Until) holds only its ticker', () => {
    const h = harness(10, 1000);
    h.q.block('BULL', 200);
    h.q.enqueue(h.job('bull'));
    h.q.enqueue(h.job('bear', { ticker: 'BEAR' }));
    expect(h.sent).toEqual(['bear']);
    h.advance(200);
    expect(h.sent).toEqual(['bear', 'bull']);
  });

  it('after close() every queued and every new job is dropped, until reopen()', () => {
    const h = harness(1, 1000);
    h.q.enqueue(h.job('a'));
    h.q.enqueue(h.job('b'));
    h.q.close('run ended');
    h.q.enqueue(h.job('c'));
    expect(h.dropped.map((d) => d[0])).toEqual(['b', 'c']);
    h.q.reopen();
    h.advance(1000);
    h.q.enqueue(h.job('d'));
    expect(h.sent).toEqual(['a', 'd']);
  });
});

describe('SubmissionQueue hold cap', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  function capped(maxHoldMs: number) {
    let now = 0;
    const sent: string[] = [];
    const capLog: Array<[string, number, number]> = [];
    const q = new SubmissionQueue({
      ratePerSec: () => 10,
      maxHoldMs,
      onCappedHold: (t, asked, held) => capLog.push([t, asked, held]),
      now: () => now,
    });
    const job = (id: string): QueueJob => ({ ticker: 'BULL', source: 'MARKET_MAKER', id, run: () => sent.push(id) });
    const advance = (ms: number) => {
      now += ms;
      jest.advanceTimersByTime(ms);
    };
    return { q, job, sent, capLog, advance };
  }

  it.each([
    ['a huge wait', 1e12, 2000],
    ['NaN', Number.NaN, 2000],
    ['infinity', Number.POSITIVE_INFINITY, 2000],
  ])('holds a ticker at most the maximum for %s, logging once', (_name, askedMs, heldMs) => {
    const h = capped(2000);
    h.q.block('BULL', askedMs);
    h.q.enqueue(h.job('a'));
    h.advance(heldMs - 1);
    expect(h.sent).toEqual([]);
    h.advance(1);
    expect(h.sent).toEqual(['a']);
    expect(h.capLog).toEqual([['BULL', askedMs, heldMs]]);
  });

  it('a negative wait holds nothing and is logged', () => {
    const h = capped(2000);
    h.q.block('BULL', -5);
    h.q.enqueue(h.job('a'));
    expect(h.sent).toEqual(['a']);
    expect(h.capLog).toEqual([['BULL', -5, 0]]);
  });

  it('a wait inside the range is kept as asked and not logged', () => {
    const h = capped(2000);
    h.q.block('BULL', 1500);
    h.q.enqueue(h.job('a'));
    h.advance(1499);
    expect(h.sent).toEqual([]);
    h.advance(1);
    expect(h.sent).toEqual(['a']);
    expect(h.capLog).toEqual([]);
  });

  it('a NaN wait does not poison later holds', () => {
    const h = capped(2000);
    h.q.block('BULL', Number.NaN);
    h.advance(2000);
    h.q.block('BULL', 500);
    h.q.enqueue(h.job('a'));
    h.advance(499);
    expect(h.sent).toEqual([]);
    h.advance(1);
    expect(h.sent).toEqual(['a']);
  });
});
