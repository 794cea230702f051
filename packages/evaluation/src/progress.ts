// The progress line of a sweep: jobs done, running and failed, and the time left (from the mean pace
// so far). On a terminal it redraws one line in place, at most 10 times a second; elsewhere, when
// asked, it prints a plain line at most once a second and once at the end, so logs stay readable.

export interface ProgressStream {
  write(s: string): unknown;
  isTTY?: boolean;
}

export interface ProgressCounts {
  total: number;
  done: number;
  running: number;
  failed: number;
}

export interface SweepProgressOptions {
  total: number;
  stream?: ProgressStream;
  /** Print even when the stream is not a terminal (plain lines). */
  force?: boolean;
  /** Redraw in place (default: stream.isTTY). */
  tty?: boolean;
  now?: () => number;
  label?: string;
}

/** "1 h 02 min", "3 min 20 s", "12 s". */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

/** The line for given counts; `elapsedMs` since the sweep started gives the time left. */
export function progressLine(c: ProgressCounts, elapsedMs: number, label = 'sweep'): string {
  const finished = c.done + c.failed;
  const left =
    finished >= c.total
      ? 'finished'
      : finished === 0
        ? 'time left unknown'
        : `~${formatDuration((elapsedMs / finished) * (c.total - finished))} left`;
  return `${label}: ${c.done}/${c.total} done · ${c.running} running · ${c.failed} failed · ${left}`;
}

export class SweepProgress {
  private readonly stream: ProgressStream;
  private readonly tty: boolean;
  private readonly enabled: boolean;
  private readonly now: () => number;
  private readonly t0: number;
  private readonly label: string;
  private readonly running = new Set<string>();
  private done = 0;
  private failed = 0;
  private lastDraw = -Infinity;
  private readonly total: number;

  constructor(o: SweepProgressOptions) {
    this.stream = o.stream ?? process.stderr;
    this.tty = o.tty ?? this.stream.isTTY === true;
    this.enabled = this.tty || o.force === true;
    this.now = o.now ?? Date.now;
    this.t0 = this.now();
    this.total = o.total;
    this.label = o.label ?? 'sweep';
  }

  counts(): ProgressCounts {
    return { total: this.total, done: this.done, running: this.running.size, failed: this.failed };
  }

  line(): string {
    return progressLine(this.counts(), this.now() - this.t0, this.label);
  }

  started(id: string): void {
    this.running.add(id);
    this.draw(false);
  }

  finished(id: string, ok: boolean): void {
    this.running.delete(id);
    if (ok) this.done++;
    else this.failed++;
    this.draw(false);
  }

  /** The final line (always drawn when enabled). */
  end(): void {
    this.running.clear();
    this.draw(true);
    if (this.enabled && this.tty) this.stream.write('\n');
  }

  private draw(force: boolean): void {
    if (!this.enabled) return;
    const t = this.now();
    if (!force && t - this.lastDraw < (this.tty ? 100 : 1000)) return;
    this.lastDraw = t;
    if (this.tty) this.stream.write(`\r\x1b[2K${this.line()}`);
    else this.stream.write(`${this.line()}\n`);
  }
}
