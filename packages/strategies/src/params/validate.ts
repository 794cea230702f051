import { StrategyError } from '../errors';

/** How one parameter is checked. Ranges are inclusive unless `exclusiveMin`/`exclusiveMax`. */
export type ParamSpec =
  | { kind: 'number'; min?: number; max?: number; exclusiveMin?: boolean; exclusiveMax?: boolean; integer?: boolean }
  | { kind: 'boolean' }
  | { kind: 'enum'; values: readonly string[] }
  /** A ticker; `optional`: '' (none) is allowed too. */
  | { kind: 'ticker'; optional?: boolean }
  /**
   * Ticker strings; `optional`: an empty list is allowed too; `blanks`: an entry may be '' (none; a
   * command line's "a,,b" keeps its empty entries).
   */
  | { kind: 'tickers'; optional?: boolean; blanks?: boolean }
  /** Finite numbers; `optional`: an empty list is allowed too. */
  | { kind: 'numbers'; optional?: boolean };

export type ParamSpecs<T> = { [K in keyof T]: ParamSpec };

function checkOne(strategy: string, key: string, spec: ParamSpec, value: unknown): void {
  const bad = (why: string): never => {
    throw new StrategyError('STRAT_BAD_PARAM', `${strategy}.${key} ${why} (got ${JSON.stringify(value)})`);
  };
  switch (spec.kind) {
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) bad('must be a finite number');
      const v = value as number;
      if (spec.integer && !Number.isInteger(v)) bad('must be an integer');
      if (spec.min !== undefined && (spec.exclusiveMin ? v <= spec.min : v < spec.min))
        bad(`must be ${spec.exclusiveMin ? '>' : '≥'} ${spec.min}`);
      if (spec.max !== undefined && (spec.exclusiveMax ? v >= spec.max : v > spec.max))
        bad(`must be ${spec.exclusiveMax ? '<' : '≤'} ${spec.max}`);
      return;
    }
    case 'boolean':
      if (typeof value !== 'boolean') bad('must be true or false');
      return;
    case 'enum':
      if (typeof value !== 'string' || !spec.values.includes(value)) bad(`must be one of ${spec.values.join(', ')}`);
      return;
    case 'ticker':
      if (typeof value !== 'string' || (!spec.optional && value.length === 0)) bad('must be a ticker');
      return;
    case 'tickers':
      if (
        !Array.isArray(value) ||
        (!spec.optional && value.length === 0) ||
        !value.every((t) => typeof t === 'string' && (spec.blanks === true || t.length > 0))
      ) {
        bad(spec.optional ? 'must be an array of ticker strings' : 'must be a non-empty array of ticker strings');
      }
      return;
    case 'numbers':
      if (
        !Array.isArray(value) ||
        (!spec.optional && value.length === 0) ||
        !value.every((x) => typeof x === 'number' && Number.isFinite(x))
      ) {
        bad(spec.optional ? 'must be an array of finite numbers' : 'must be a non-empty array of finite numbers');
      }
      return;
  }
}

/**
 * Merge user overrides into defaults after checking every override. Unknown keys are an error
 * (a typo must not silently fall back to a default); `undefined` values are ignored.
 */
export function validateParams<T extends object>(
  strategy: string,
  defaults: T,
  specs: ParamSpecs<T>,
  overrides: unknown,
): T {
  if (overrides === undefined || overrides === null) return { ...defaults };
  if (typeof overrides !== 'object' || Array.isArray(overrides)) {
    throw new StrategyError('STRAT_BAD_PARAM', `${strategy} parameters must be an object`);
  }
  const out: Record<string, unknown> = { ...(defaults as Record<string, unknown>) };
  for (const [key, given] of Object.entries(overrides as Record<string, unknown>)) {
    if (given === undefined) continue;
    let value = given;
    const spec = (specs as Record<string, ParamSpec>)[key];
    if (!spec) throw new StrategyError('STRAT_UNKNOWN_PARAM', `${strategy} has no parameter "${key}"`);
    // A command line gives a list as one string: `--param mm.tickers=AAA,BBB`.
    if (spec.kind === 'tickers' && typeof value === 'string')
      value = spec.blanks ? value.split(',') : value.split(',').filter((t) => t !== '');
    if (spec.kind === 'numbers' && typeof value === 'string')
      value = value
        .split(',')
        .filter((t) => t.trim() !== '')
        .map(Number);
    // One number on a command line is a list of one.
    if (spec.kind === 'numbers' && typeof value === 'number') value = [value];
    checkOne(strategy, key, spec, value);
    // Arrays are copied so the caller's overrides never alias the merged parameters.
    out[key] = Array.isArray(value) ? Array.from(value as unknown[]) : value;
  }
  return out as T;
}
