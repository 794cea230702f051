import * as fs from 'node:fs';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import * as winston from 'winston';
import type { LogLevel } from './config';

const REDACTED = '***';

/** Keys shorter than this are masked only where they stand alone, not inside words. */
const SHORT_SECRET = 4;
const standalone = new Map<string, RegExp>();

/**
 * Masks `secret` in `s`: every occurrence of a key of a few characters or more; a shorter key (a test
 * key such as "K") only where it stands alone, so "MARKET_MAKER" is not turned into "MAR***ET_MA***ER".
 */
function maskSecret(s: string, secret: string): string {
  if (!s.includes(secret)) return s;
  if (secret.length >= SHORT_SECRET) return s.split(secret).join(REDACTED);
  let re = standalone.get(secret);
  if (!re) {
    const escaped = secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    re = new RegExp(`(?<![A-Za-z0-9_])${escaped}(?![A-Za-z0-9_])`, 'g');
    standalone.set(secret, re);
  }
  return s.replace(re, REDACTED);
}

/** Masks each secret in strings nested anywhere in `v` (depth-bounded); see maskSecret. */
export function redactValue(v: unknown, secrets: string[], depth = 0): unknown {
  if (secrets.length === 0) return v;
  if (typeof v === 'string') {
    let s = v;
    for (const k of secrets) s = maskSecret(s, k);
    return s;
  }
  if (depth > 6 || v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((x) => redactValue(x, secrets, depth + 1));
  if (v instanceof Error) {
    const e = new Error(redactValue(v.message, secrets) as string);
    e.stack = redactValue(v.stack, secrets) as string | undefined;
    return e;
  }
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = redactValue(x, secrets, depth + 1);
  return out;
}

/**
 * A winston format that masks the configured secrets (the API key) in the message and every
 * meta field. It runs in the logger's own format, before any transport serialises the record.
 */
export const redactFormat = winston.format((info, opts?: unknown) => {
  const secrets = ((opts as { secrets?: string[] } | undefined)?.secrets ?? []).filter((s) => s.length > 0);
  if (secrets.length === 0) return info;
  for (const key of Object.keys(info)) {
    (info as Record<string, unknown>)[key] = redactValue((info as Record<string, unknown>)[key], secrets);
  }
  return info;
});

/** A record a worker thread posts to main so main stays the only writer of the log file. */
export interface WorkerLogRecord {
  type: 'log';
  level: string;
  thread: string;
  message: string;
  meta?: Record<string, unknown>;
}

export function isWorkerLogRecord(m: unknown): m is WorkerLogRecord {
  if (typeof m !== 'object' || m === null) return false;
  const r = m as Record<string, unknown>;
  return (
    r.type === 'log' && typeof r.level === 'string' && typeof r.thread === 'string' && typeof r.message === 'string'
  );
}

/** Writes a forwarded worker record through main's logger, tagged with the worker's thread. */
export function logWorkerRecord(logger: winston.Logger, r: WorkerLogRecord): void {
  const level = LEVELS.includes(r.level) ? r.level : 'info';
  logger.log(level, r.message, { ...(r.meta ?? {}), thread: r.thread, role: r.meta?.role ?? 'worker' });
}
const LEVELS = Object.keys(winston.config.npm.levels);

/**
 * A transport that hands each record (already redacted) to a callback: the dashboard's log pane.
 * Built on the Stream transport in object mode (winston's Transport class is typed under a name
 * it does not export at run time).
 */
export function callbackTransport(
  cb: (info: { level: string; message: string; thread?: string }) => void,
  level: LogLevel = 'warn',
): winston.transport {
  const stream = new Writable({
    objectMode: true,
    write(info: Record<string, unknown>, _enc, done) {
      cb({ level: String(info.level), message: String(info.message), thread: info.thread as string | undefined });
      done();
    },
  });
  return new winston.transports.Stream({ stream, level });
}

export interface LoggerOptions {
  level: LogLevel;
  /** JSON-lines file; its folder is created. Null = no file. */
  file: string | null;
  /**
   * 'all': coloured lines at `level`; 'warn': only warnings and errors (the dashboard is drawn);
   * 'none': no console output.
   */
  console: 'all' | 'warn' | 'none';
  /** Strings never to write (the API key). */
  secrets?: string[];
  /** Console destination (tests); default process.stderr so stdout stays for the summary. */
  consoleStream?: NodeJS.WritableStream;
  /** Extra transports (the dashboard's). */
  transports?: winston.transport[];
}

const consoleLine = winston.format.printf((info) => {
  const ts = typeof info.timestamp === 'string' ? info.timestamp.slice(11, 23) : '';
  const { level, message, timestamp: _t, thread, role, stack, ...meta } = info as Record<string, unknown>;
  const tag = `[${text(thread ?? '?')}${role ? `/${text(role)}` : ''}]`;
  const rest = Object.keys(meta).length > 0 ? ` ${safeJson(meta)}` : '';
  return `${ts} ${String(level)} ${tag} ${String(message)}${rest}${stack ? `\n${text(stack)}` : ''}`;
});

/** A string as it is; anything else (a logged object where a name was expected) as JSON. */
function text(v: unknown): string {
  return typeof v === 'string' ? v : safeJson(v);
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v);
  } catch {
    return '[unserialisable]';
  }
}

/**
 * The main-thread logger: JSON lines to the file (the only writer of it), readable coloured
 * lines on the console. Returns the root logger; tag lines with `logger.child({thread, role})`.
 */
export function createLogger(o: LoggerOptions): winston.Logger {
  const transports: winston.transport[] = [...(o.transports ?? [])];
  if (o.file) {
    fs.mkdirSync(path.dirname(o.file), { recursive: true });
    transports.push(new winston.transports.File({ filename: o.file, level: o.level, format: winston.format.json() }));
  }
  if (o.console !== 'none') {
    const level = o.console === 'warn' ? 'warn' : o.level;
    transports.push(
      new winston.transports.Stream({
        stream: o.consoleStream ?? process.stderr,
        level,
        format: winston.format.combine(winston.format.colorize(), consoleLine),
      }),
    );
  }
  if (transports.length === 0) transports.push(new winston.transports.Stream({ stream: devNull(), silent: true }));
  const logger = winston.createLogger({
    level: o.level,
    levels: winston.config.npm.levels,
    format: winston.format.combine(
      winston.format.errors({ stack: true }),
      redactFormat({ secrets: o.secrets ?? [] }),
      winston.format.timestamp(),
    ),
    defaultMeta: { thread: 'main', role: 'coordinator' },
    transports,
  });
  // A late record (a worker's last words arriving after closeLogger) must not become an uncaught
  // 'error' event that kills the process: it is dropped.
  logger.on('error', () => {});
  return logger;
}

/** Drops records once the logger has been ended (writing then is an error in winston). */
export function isLoggerOpen(logger: winston.Logger): boolean {
  return !(logger as unknown as { writableEnded?: boolean }).writableEnded;
}

function devNull(): NodeJS.WritableStream {
  return new Writable({ write: (_c, _e, cb) => cb() });
}

/** Ends the logger and resolves once the file transport has flushed. */
export function closeLogger(logger: winston.Logger): Promise<void> {
  return new Promise((resolve) => {
    const files = logger.transports.filter((t) => t instanceof winston.transports.File);
    if (files.length === 0) {
      logger.end();
      resolve();
      return;
    }
    let left = files.length;
    for (const f of files)
      f.once('finish', () => {
        if (--left === 0) resolve();
      });
    logger.end();
  });
}
