/**
 * A progress line on stderr. On a terminal it redraws one line in place (carriage return, at most
 * 10 times a second); otherwise it prints a plain line when a case starts and ends, so logs and
 * CI output stay readable.
 */

export interface ProgressStream {
  write(s: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressOptions {
  stream: ProgressStream;
  /** Total number of cases. */
  total: number;
  /** Force the TTY mode on or off (default: stream.isTTY). */
  tty?: boolean;
  now?: () => number;
}

export class ProgressBar {
  private readonly stream: ProgressStream;
  private readonly tty: boolean;
  private readonly total: number;
  private readonly now: () => number;
  private done = 0;
  private label = '';
  private fraction = 0;
  private lastDraw = -Infinity;
  private drawn = false;

  constructor(o: ProgressOptions) {
    this.stream = o.stream;
    this.total = Math.max(1, o.total);
    this.tty = o.tty ?? o.stream.isTTY === true;
    this.now = o.now ?? Date.now;
  }

  get isTty(): boolean {
    return this.tty;
  }

  /** A case starts: `label` says which (e.g. "seed 3 · engine"). */
  start(label: string): void {
    this.label = label;
    this.fraction = 0;
    if (this.tty) this.draw(true);
    else this.stream.write(`[${this.done + 1}/${this.total}] ${label} …\n`);
  }

  /** Progress within the current case, 0…1 (e.g. tick / ticks). */
  update(fraction: number): void {
    if (!Number.isFinite(fraction)) return;
    this.fraction = Math.min(1, Math.max(0, fraction));
    if (this.tty) this.draw(false);
  }

  /** The current case ended; `result` is a short outcome, e.g. "P&L 12,345". */
  finish(result: string): void {
    this.done++;
    this.fraction = 0;
    if (this.tty) {
      this.clearLine();
      this.stream.write(`[${this.done}/${this.total}] ${this.label}: ${result}\n`);
      this.drawn = false;
    } else {
      this.stream.write(`[${this.done}/${this.total}] ${this.label}: ${result}\n`);
    }
  }

  /** Removes the bar (TTY) before other output. */
  stop(): void {
    if (this.tty && this.drawn) this.clearLine();
    this.drawn = false;
  }

  /** The bar text for the current state (exposed for tests). */
  line(width: number): string {
    const overall = (this.done + this.fraction) / this.total;
    const pct = `${Math.floor(overall * 100)}%`.padStart(4);
    const info = ` ${pct} [${this.done + 1}/${this.total}] ${this.label} ${Math.floor(this.fraction * 100)}%`;
    const barW = Math.max(10, Math.min(40, width - info.length - 3));
    const filled = Math.round(overall * barW);
    return `[${'#'.repeat(filled)}${'.'.repeat(barW - filled)}]${info}`.slice(0, Math.max(1, width - 1));
  }

  private draw(force: boolean): void {
    const t = this.now();
    if (!force && t - this.lastDraw < 100) return;
    this.lastDraw = t;
    this.stream.write(`\r${this.line(this.stream.columns ?? 80)}\x1b[K`);
    this.drawn = true;
  }

  private clearLine(): void {
    this.stream.write('\r\x1b[K');
  }
}
