/** The tiny terminal writer of the dashboard: home + redraw + clear-below, at most `maxHz` frames/s. */

export interface TtyLike {
  write(s: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface TtyDashboardOptions {
  /** Frame source; gets the terminal width. */
  render: (width: number) => string;
  stream?: TtyLike;
  /** False with --no-dashboard. The dashboard is also off when the stream is not a TTY. */
  enabled?: boolean;
  maxHz?: number;
  now?: () => number;
}

const HOME = '\x1b[H';
const CLEAR_EOL = '\x1b[K';
const CLEAR_BELOW = '\x1b[J';
const CLEAR_ALL = '\x1b[2J';
const HIDE_CURSOR = '\x1b[?25l';
const SHOW_CURSOR = '\x1b[?25h';

export class TtyDashboard {
  readonly active: boolean;
  private readonly stream: TtyLike;
  private readonly minIntervalMs: number;
  private readonly now: () => number;
  private lastDraw = -Infinity;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  frames = 0;

  constructor(private readonly o: TtyDashboardOptions) {
    this.stream = o.stream ?? process.stdout;
    this.active = (o.enabled ?? true) && this.stream.isTTY === true;
    this.minIntervalMs = 1000 / Math.min(10, Math.max(0.1, o.maxHz ?? 10));
    this.now = o.now ?? (() => performance.now());
    if (this.active) this.stream.write(HIDE_CURSOR + HOME + CLEAR_ALL);
  }

  /** Asks for a redraw; frames closer than 1/maxHz are coalesced into one. */
  update(): void {
    if (!this.active || this.stopped || this.timer) return;
    const wait = Math.max(0, this.lastDraw + this.minIntervalMs - this.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      this.draw();
    }, wait);
    this.timer.unref();
  }

  private draw(): void {
    if (this.stopped) return;
    this.lastDraw = this.now();
    const width = Math.max(40, (this.stream.columns ?? 100) - 1);
    const frame = this.o
      .render(width)
      .split('\n')
      .map((l) => l + CLEAR_EOL)
      .join('\n');
    this.stream.write(HOME + frame + '\n' + CLEAR_BELOW);
    this.frames++;
  }

  /** Draws a last frame and gives the cursor back. */
  stop(): void {
    if (!this.active || this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.draw();
    this.stopped = true;
    this.stream.write(SHOW_CURSOR);
  }
}
