/**
 * Field-by-field validation of untrusted JSON. Validators throw a `FieldError` holding the path of
 * the offending field; containers prepend their own segment while the error travels up, so the
 * happy path builds no path strings at all (the book is parsed on every poll).
 * `parseBody` turns the error into a `MalformedResponseError` naming the endpoint and the path.
 */
import { MalformedResponseError } from './errors';

export type Segment = string | number;

export class FieldError extends Error {
  readonly segments: Segment[];
  constructor(
    readonly expected: string,
    readonly got: unknown,
    segment?: Segment,
  ) {
    super(`expected ${expected}`);
    this.segments = segment === undefined ? [] : [segment];
  }
}

export type Parser<T> = (v: unknown) => T;

/** Formats `['bids', 3, 'price']` as `bids[3].price`. */
export function formatPath(segments: readonly Segment[]): string {
  let out = '';
  for (const s of segments) out += typeof s === 'number' ? `[${s}]` : out === '' ? s : `.${s}`;
  return out;
}

/** A short, safe description of the bad value for error messages. */
export function describe(v: unknown): string {
  if (v === undefined) return 'undefined (field missing)';
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return `array(${v.length})`;
  if (v !== null && typeof v === 'object') return 'object';
  const s = JSON.stringify(v);
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

// ---- scalars -------------------------------------------------------------------------------

export const num: Parser<number> = (v) => {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  throw new FieldError('finite number', v);
};

export const nonNegNum: Parser<number> = (v) => {
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return v;
  throw new FieldError('finite number >= 0', v);
};

/** Ids, ticks, periods. RIT may still write them as `12.0`, which JSON.parse turns into 12. */
export const int: Parser<number> = (v) => {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  throw new FieldError('integer', v);
};

export const str: Parser<string> = (v) => {
  if (typeof v === 'string') return v;
  throw new FieldError('string', v);
};

export const bool: Parser<boolean> = (v) => {
  if (typeof v === 'boolean') return v;
  throw new FieldError('boolean', v);
};

export function oneOf<T extends string>(...values: readonly T[]): Parser<T> {
  const set = new Set<string>(values);
  const expected = values.map((x) => `"${x}"`).join(' | ');
  return (v) => {
    if (typeof v === 'string' && set.has(v)) return v as T;
    throw new FieldError(expected, v);
  };
}

export function nullable<T>(p: Parser<T>): Parser<T | null> {
  return (v) => (v === null ? null : p(v));
}

/** RIT writes `null` (or `0.0`) for "none" in some numeric fields typed `number`; map null to `dflt`. */
export function nullAs<T>(p: Parser<T>, dflt: T): Parser<T> {
  return (v) => (v === null ? dflt : p(v));
}

// ---- containers ----------------------------------------------------------------------------

export function arrayOf<T>(p: Parser<T>): Parser<T[]> {
  return (v) => {
    if (!Array.isArray(v)) throw new FieldError('array', v);
    const out = new Array<T>(v.length);
    for (let i = 0; i < v.length; i++) {
      try {
        out[i] = p(v[i]);
      } catch (e) {
        if (e instanceof FieldError) e.segments.unshift(i);
        throw e;
      }
    }
    return out;
  };
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** A field that may be absent: `dflt()` supplies the value (a function so arrays are not shared). */
export interface Optional<T> {
  readonly parse: Parser<T>;
  readonly dflt: () => T;
}
export function optional<T>(parse: Parser<T>, dflt: () => T): Optional<T> {
  return { parse, dflt };
}

export type ObjectSpec<T> = { readonly [K in keyof T]-?: Parser<T[K]> | Optional<T[K]> };

/**
 * Parses an object field by field following `spec`. Unknown extra fields are ignored (newer RIT
 * versions add fields); the result holds exactly the spec's keys, in spec order.
 */
export function object<T>(spec: ObjectSpec<T>): Parser<T> {
  const keys = Object.keys(spec) as (keyof T & string)[];
  const entries = keys.map((k) => {
    const f = spec[k] as Parser<unknown> | Optional<unknown>;
    return typeof f === 'function' ? { k, parse: f, dflt: undefined } : { k, parse: f.parse, dflt: f.dflt };
  });
  return (v) => {
    if (!isRecord(v)) throw new FieldError('object', v);
    const out: Record<string, unknown> = {};
    for (const e of entries) {
      const raw = v[e.k];
      if (raw === undefined && e.dflt !== undefined) {
        out[e.k] = e.dflt();
        continue;
      }
      try {
        out[e.k] = e.parse(raw);
      } catch (err) {
        if (err instanceof FieldError) err.segments.unshift(e.k);
        throw err;
      }
    }
    return out as T;
  };
}

/** Adds a cross-field check (e.g. LIMIT orders need a price) after `p`. */
export function refine<T>(p: Parser<T>, check: (t: T) => FieldError | null): Parser<T> {
  return (v) => {
    const t = p(v);
    const err = check(t);
    if (err) throw err;
    return t;
  };
}

// ---- entry point ---------------------------------------------------------------------------

/** Parses a response body text with `p`; any problem becomes a MalformedResponseError. */
export function parseBody<T>(endpoint: string, text: string, p: Parser<T>, status?: number): T {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    const snippet = text.length > 60 ? `${text.slice(0, 57)}...` : text;
    throw new MalformedResponseError(
      `${endpoint}: invalid JSON (${(e as Error).message}) in ${text.length}-byte body ${JSON.stringify(snippet)}`,
      '',
      { endpoint, status },
    );
  }
  return parseValue(endpoint, json, p, status);
}

export function parseValue<T>(endpoint: string, json: unknown, p: Parser<T>, status?: number): T {
  try {
    return p(json);
  } catch (e) {
    if (!(e instanceof FieldError)) throw e;
    const path = formatPath(e.segments);
    const where = path === '' ? 'body' : path;
    throw new MalformedResponseError(`${endpoint}: ${where}: expected ${e.expected}, got ${describe(e.got)}`, path, {
      endpoint,
      status,
    });
  }
}
