/**
 * What case an evaluation or a sweep trades, and the key that names it in a job's identity.
 *
 * A case name is one of: `ritc-2020` (the simulator's default case, the RITC 2020 ETF case), a
 * shipped case's name (`sim --list-cases`, also `NAME@HEAT`), a case file (a JSON file with
 * `securities`, validated by the simulator's case schema), or a scenario file (any other JSON
 * object: overrides of the default case's settings).
 *
 * A case key is `NAME@TICKSxMSms`, e.g. `ritc-2020@300x50ms`, with `+virtual` (and `,minNms`) when
 * the case runs on the simulator's virtual clock: the clock, the ticks and the tick length can all
 * change the result, so all of them are part of a job's identity. A wall-clock key has no suffix,
 * so the ids of wall-clock jobs are those of earlier builds.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { caseNames, loadCase, type DeepPartial, type SimConfig } from '@ritc/sim';
import { CliError, isPlainObject, type SimClock } from '@ritc/runner';

/** The simulator's default case (RITC 2020 ETF) with its defaults. */
export const DEFAULT_CASE = 'ritc-2020';

export interface CaseKey {
  name: string;
  ticks: number;
  tickMs: number;
  clock: SimClock;
  /** Virtual clock: the shortest tick, ms; null = the simulator's default. */
  minTickMs: number | null;
}

/** What the simulator is given for a case name. */
export interface CaseSource {
  /** A shipped case's name or a case file's absolute path. */
  case?: string;
  /** Overrides of the default case. */
  scenario?: DeepPartial<SimConfig>;
}

/** `ritc-2020@300x50ms`, `ritc-2026-mm@300x200ms+virtual`, `x.json@60x200ms+virtual,min5ms`. */
export function caseKey(k: Pick<CaseKey, 'name' | 'ticks' | 'tickMs'> & Partial<CaseKey>): string {
  const base = `${k.name}@${k.ticks}x${k.tickMs}ms`;
  if (k.clock !== 'virtual') return base;
  return k.minTickMs === null || k.minTickMs === undefined ? `${base}+virtual` : `${base}+virtual,min${k.minTickMs}ms`;
}

const badCase = (key: string, why: string) => new CliError('CLI_BAD_VALUE', `case ${JSON.stringify(key)}: ${why}`);

/** Parses a case key (see caseKey). */
export function parseCaseKey(key: string): CaseKey {
  const m = /^(.+)@(\d+)x(\d+)ms(\+virtual(?:,min(\d+)ms)?)?$/.exec(key);
  if (m === null) throw badCase(key, 'expected NAME@TICKSxMSms[+virtual[,minNms]], e.g. ritc-2020@300x50ms');
  const [, name, ticks, tickMs, virtual, minTickMs] = m;
  if (name === undefined || ticks === undefined || tickMs === undefined) throw badCase(key, 'missing parts');
  return {
    name,
    ticks: Number(ticks),
    tickMs: Number(tickMs),
    clock: virtual === undefined ? 'wall' : 'virtual',
    minTickMs: minTickMs === undefined ? null : Number(minTickMs),
  };
}

function isShipped(name: string): boolean {
  const heat = /^(.+)@\d+$/.exec(name);
  return caseNames().includes(heat?.[1] ?? name);
}

function caseError(name: string, e: unknown): CliError {
  return new CliError('CLI_BAD_VALUE', `--case ${name}: ${e instanceof Error ? e.message : String(e)}`);
}

/**
 * The simulator's input for a case name; throws a CliError naming --case when the name is neither
 * the default, a shipped case nor a readable case or scenario file. Relative files are taken from `cwd`.
 */
export function caseSource(name: string, cwd = process.cwd()): CaseSource {
  if (name === DEFAULT_CASE) return {};
  if (isShipped(name)) {
    try {
      loadCase(name);
    } catch (e) {
      throw caseError(name, e);
    }
    return { case: name };
  }
  const file = path.resolve(cwd, name);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? String(e);
    throw new CliError(
      'CLI_BAD_VALUE',
      `--case ${name}: not ${DEFAULT_CASE}, not a shipped case (${caseNames().join(', ')}) and no file at ${file} (${code})`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new CliError('CLI_BAD_VALUE', `--case ${name}: ${file} is not valid JSON (${(e as Error).message})`);
  }
  if (!isPlainObject(parsed)) throw new CliError('CLI_BAD_VALUE', `--case ${name}: ${file} must hold a JSON object`);
  // A case file lists its securities; a scenario only adjusts the default case.
  if (!('securities' in parsed)) return { scenario: parsed };
  try {
    loadCase(file);
  } catch (e) {
    throw caseError(name, e);
  }
  return { case: file };
}
