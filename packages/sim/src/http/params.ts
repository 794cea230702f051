/** Query parameters with case-insensitive names (RIT accepted `PRICE=9.70`), and strict parsing. */
import { badRequest } from '../errors';

/**
 * The one number form the server accepts: plain decimal digits, an optional fraction and an optional
 * exponent (`100`, `24.95`, `1000.0`, `1e+21`). JavaScript's Number() would also take `0x10`, `0b11`,
 * `0o17`, ` 16 `, `+16`, `-16`, `''` and `Infinity`; a strict server refuses those, and so do we:
 * no parameter of the API is negative, and a padded or prefixed number is a client bug worth a 400.
 */
const STRICT_NUMBER = /^(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** Parses a query value as a number in the strict form, or returns undefined. */
export function strictNumber(v: string): number | undefined {
  if (!STRICT_NUMBER.test(v)) return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

export class Params {
  private readonly map = new Map<string, string[]>();

  constructor(search: URLSearchParams) {
    for (const [k, v] of search) {
      const key = k.toLowerCase();
      const list = this.map.get(key);
      if (list) list.push(v);
      else this.map.set(key, [v]);
    }
  }

  has(name: string): boolean {
    return this.map.has(name);
  }

  str(name: string): string | undefined {
    return this.map.get(name)?.[0];
  }

  all(name: string): string[] {
    return this.map.get(name) ?? [];
  }

  required(name: string): string {
    const v = this.str(name);
    if (v === undefined || v === '') throw badRequest(`Missing required parameter '${name}'`);
    return v;
  }

  /** An optional number; present but empty or not in the strict decimal form is a 400. */
  num(name: string): number | undefined {
    const v = this.str(name);
    if (v === undefined) return undefined;
    const n = strictNumber(v);
    if (n === undefined && v.startsWith('-') && strictNumber(v.slice(1)) !== undefined)
      throw badRequest(`Parameter '${name}' must be positive (no parameter takes a sign), got '${v.slice(0, 40)}'`);
    if (n === undefined)
      throw badRequest(
        `Parameter '${name}' must be a plain decimal number (digits, optional fraction; no sign, spaces, hex, octal or binary), got '${v.slice(0, 40)}'`,
      );
    return n;
  }

  /** A required number in the strict form. */
  requiredNum(name: string): number {
    const n = this.num(name);
    if (n === undefined) throw badRequest(`Missing required parameter '${name}'`);
    return n;
  }

  int(name: string, min = -Infinity, max = Infinity): number | undefined {
    const n = this.num(name);
    if (n === undefined) return undefined;
    if (!Number.isInteger(n) || n < min || n > max) {
      throw badRequest(
        `Parameter '${name}' must be an integer${Number.isFinite(min) ? ` >= ${min}` : ''}${Number.isFinite(max) ? ` and <= ${max}` : ''}, got ${n}`,
      );
    }
    return n;
  }

  bool(name: string): boolean | undefined {
    const v = this.str(name);
    if (v === undefined || v === '') return undefined;
    const s = v.toLowerCase();
    if (s === '1' || s === 'true') return true;
    if (s === '0' || s === 'false') return false;
    throw badRequest(`Parameter '${name}' must be 0/1 or true/false, got '${v.slice(0, 40)}'`);
  }

  /** A required parameter that must be one of the allowed values (case-insensitive), upper-case. */
  requiredOneOf<T extends string>(name: string, allowed: readonly T[]): T {
    const v = this.oneOf(name, allowed, true);
    if (v === undefined) throw badRequest(`Missing required parameter '${name}'`);
    return v;
  }

  /** One of the allowed values (case-insensitive), returned upper-case. */
  oneOf<T extends string>(name: string, allowed: readonly T[], required: boolean): T | undefined {
    const v = required ? this.required(name) : this.str(name);
    if (v === undefined || v === '') return undefined;
    const u = v.toUpperCase() as T;
    if (!allowed.includes(u))
      throw badRequest(`Parameter '${name}' must be one of ${allowed.join(', ')}, got '${v.slice(0, 40)}'`);
    return u;
  }
}
