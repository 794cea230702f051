/**
 * Machine-readable benchmark output. Every bench script keeps printing its own table; when the
 * environment variable BENCH_JSON=<file> is set it also writes its rows there as JSON, so that
 * `npm run bench` (scripts/bench.ts) can print one combined table.
 *
 * Row format: `[{ group, name, value, unit, target?, pass?, floor? }]`.
 */
import * as fs from 'node:fs';

/** Which measured physical limit a figure should be read against (printed beside it by the aggregator). */
export type FloorKind = 'http-rtt' | 'thread-rtt';

export interface BenchRow {
  /** The bench it comes from, e.g. 'client', 'quant', 'sim', 'feed', 'exec', 'reaction'. */
  group: string;
  name: string;
  /** A number, or a string for compound figures (e.g. "8.1 -> 11.7"). Never NaN (written as null). */
  value: number | string | null;
  unit: string;
  /** Human-readable target, e.g. '>= 5000' or 'p50 <= 4.5 ms'. */
  target?: string;
  /** Whether the target was met; absent for informational rows. */
  pass?: boolean;
  floor?: FloorKind;
}

export const BENCH_JSON_ENV = 'BENCH_JSON';

/** Replaces non-finite numbers by null, so the file is always valid JSON with no NaN. */
export function sanitizeRow(r: BenchRow): BenchRow {
  const value = typeof r.value === 'number' && !Number.isFinite(r.value) ? null : r.value;
  return { ...r, value };
}

/**
 * Writes rows to $BENCH_JSON when set (no-op otherwise). Returns the file written or null.
 * Call it once at the end of a bench; a second call replaces the file.
 */
export function writeBenchJson(rows: BenchRow[], env: NodeJS.ProcessEnv = process.env): string | null {
  const file = env[BENCH_JSON_ENV];
  if (!file) return null;
  fs.writeFileSync(file, JSON.stringify(rows.map(sanitizeRow), null, 2) + '\n');
  return file;
}

/** Parses and validates a BENCH_JSON file written by writeBenchJson; throws with the reason. */
export function readBenchJson(file: string): BenchRow[] {
  const raw: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (!Array.isArray(raw)) throw new Error(`${file}: expected a JSON array of rows`);
  return raw.map((r: unknown, i) => {
    if (typeof r !== 'object' || r === null) throw new Error(`${file}[${i}]: not an object`);
    const o = r as Record<string, unknown>;
    if (typeof o.group !== 'string' || typeof o.name !== 'string' || typeof o.unit !== 'string') {
      throw new Error(`${file}[${i}]: group, name and unit must be strings`);
    }
    const v = o.value;
    if (!(v === null || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)))) {
      throw new Error(`${file}[${i}].value: expected a finite number, a string or null`);
    }
    const row: BenchRow = { group: o.group, name: o.name, value: v, unit: o.unit };
    if (typeof o.target === 'string') row.target = o.target;
    if (typeof o.pass === 'boolean') row.pass = o.pass;
    if (o.floor === 'http-rtt' || o.floor === 'thread-rtt') row.floor = o.floor;
    return row;
  });
}
