import { TtyDashboard, type TtyLike } from '../src/dashboard/tty';

function fakeTty(isTTY: boolean): TtyLike & { out: string[] } {
  const out: string[] = [];
  return {
    out,
    isTTY,
    columns: 90,
    write: (s: string) => {
      out.push(s);
      return true;
    },
  };
}

describe('TtyDashboard', () => {
  let clock = 0;
  beforeEach(() => {
    jest.useFakeTimers();
    clock = 0;
  });
  afterEach(() => jest.useRealTimers());
  const advance = (ms: number) => {
    clock += ms;
    jest.advanceTimersByTime(ms);
  };

  it('is off when the stream is not a TTY or when disabled', () => {
    for (const d of [
      new TtyDashboard({ render: () => 'x', stream: fakeTty(false) }),
      new TtyDashboard({ render: () => 'x', stream: fakeTty(true), enabled: false }),
    ]) {
      expect(d.active).toBe(false);
      d.update();
      jest.runAllTimers();
      d.stop();
      expect(d.frames).toBe(0);
    }
  });

  it('coalesces updates to at most 10 frames per second', () => {
    const tty = fakeTty(true);
    let n = 0;
    const widths: number[] = [];
    const d = new TtyDashboard({
      render: (w) => {
        widths.push(w);
        return `frame ${++n}`;
      },
      stream: tty,
      now: () => clock,
    });
    // 1000 updates spread over 2 s of (fake) time
    for (let i = 0; i < 1000; i++) {
      d.update();
      advance(2);
    }
    advance(200);
    expect(d.frames).toBeGreaterThanOrEqual(15);
    expect(d.frames).toBeLessThanOrEqual(21);
    expect(widths.every((w) => w === 89)).toBe(true);
    const frames = tty.out.filter((s) => s.startsWith('\x1b[H'));
    expect(frames.at(-1)).toContain(`frame ${n}\x1b[K`);
    expect(frames.at(-1)!.endsWith('\x1b[J')).toBe(true);
  });

  it('stop draws a last frame and shows the cursor again; later updates do nothing', () => {
    const tty = fakeTty(true);
    const d = new TtyDashboard({ render: () => 'final', stream: tty, now: () => clock });
    expect(tty.out[0]).toContain('\x1b[?25l');
    d.update();
    d.stop();
    expect(d.frames).toBe(1);
    expect(tty.out.at(-1)).toBe('\x1b[?25h');
    d.update();
    jest.runAllTimers();
    expect(d.frames).toBe(1);
  });
});
