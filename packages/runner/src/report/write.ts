import * as fs from 'node:fs';
import * as path from 'node:path';
import type { EngineEvent } from '@ritc/engine';
import { renderReportHtml, type ReportData } from './html';

export const REPORT_FILES = { summary: 'summary.json', events: 'events.jsonl', html: 'report.html' } as const;

/** Writes summary.json and report.html into `dir` (created). Returns the paths written. */
export function writeReport(dir: string, data: ReportData): { summary: string; html: string } {
  fs.mkdirSync(dir, { recursive: true });
  const summary = path.join(dir, REPORT_FILES.summary);
  const html = path.join(dir, REPORT_FILES.html);
  // Write-then-rename so a reader never sees half a file (the run may be killed mid-write).
  writeAtomic(summary, JSON.stringify(data.summary, null, 2) + '\n');
  writeAtomic(html, renderReportHtml(data));
  return { summary, html };
}

function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

/** How much of the log is gathered before it is written, bytes, and for how long at most, ms. */
const FLUSH_BYTES = 64 * 1024;
const FLUSH_MS = 100;

/**
 * events.jsonl, streamed while the run goes: one EngineEvent per line. Lines are gathered and
 * written in chunks (every FLUSH_BYTES or FLUSH_MS): a write per event cost a case on the virtual
 * clock about as much CPU as its strategy threads. If the disk falls behind, chunks queue in memory
 * rather than stall the trading loop.
 */
export class EventLog {
  private readonly stream: fs.WriteStream;
  private closed = false;
  private failed: Error | null = null;
  private pending: string[] = [];
  private pendingBytes = 0;
  private timer: NodeJS.Timeout | null = null;
  lines = 0;
  readonly file: string;

  constructor(dir: string) {
    fs.mkdirSync(dir, { recursive: true });
    this.file = path.join(dir, REPORT_FILES.events);
    this.stream = fs.createWriteStream(this.file, { flags: 'w' });
    this.stream.on('error', (e) => {
      this.failed = e;
    });
  }

  write(e: EngineEvent): void {
    if (this.closed || this.failed) return;
    const line = JSON.stringify(e) + '\n';
    this.pending.push(line);
    this.pendingBytes += line.length;
    this.lines++;
    if (this.pendingBytes >= FLUSH_BYTES) this.flush();
    else if (this.timer === null) {
      this.timer = setTimeout(() => this.flush(), FLUSH_MS);
      // A run that ends without close() is not kept alive for its last lines.
      this.timer.unref();
    }
  }

  private flush(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.length === 0 || this.failed) return;
    this.stream.write(this.pending.join(''));
    this.pending = [];
    this.pendingBytes = 0;
  }

  /** The write error, if the file could not be written (reported in the summary's errors). */
  get error(): Error | null {
    return this.failed;
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.flush();
    this.closed = true;
    return new Promise((resolve) => this.stream.end(() => resolve()));
  }
}
