// Loading the job function from a module path, so the machinery never imports the engine: the worker
// is told which module runs a case (its `--job-module`, or the path carried in the job data).
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { EvaluationError, errorMessage } from './errors';
import type { JobFunction } from './job';

/** A path (absolute, or relative to `cwd`) to an absolute file; a bare package name to its entry file. */
export function resolveJobModule(spec: string, cwd = process.cwd()): string {
  if (spec === '') throw new EvaluationError('E_JOB_MODULE', 'no job module given');
  if (path.isAbsolute(spec) || spec.startsWith('.')) return path.resolve(cwd, spec);
  try {
    return createRequire(path.join(cwd, 'index.js')).resolve(spec);
  } catch (e) {
    throw new EvaluationError('E_JOB_MODULE', `cannot resolve job module ${spec}: ${errorMessage(e)}`);
  }
}

const cache = new Map<string, JobFunction>();

/**
 * The job function of a module: its export `exportName` (default `runJob`), else its default export
 * when that is a function. Modules load through `require` (CommonJS, and ES modules where Node can
 * require them); each file loads once per process.
 */
export function loadJobFunction(spec: string, exportName = 'runJob'): JobFunction {
  const file = resolveJobModule(spec);
  const key = `${file}#${exportName}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  let mod: unknown;
  try {
    mod = createRequire(__filename)(file);
  } catch (e) {
    throw new EvaluationError('E_JOB_MODULE', `cannot load job module ${file}: ${errorMessage(e)}`);
  }
  const pick = (m: unknown, k: string): unknown =>
    (typeof m === 'object' || typeof m === 'function') && m !== null ? (m as Record<string, unknown>)[k] : undefined;
  const candidates = [pick(mod, exportName), pick(mod, 'default'), pick(pick(mod, 'default'), exportName), mod];
  const fn = candidates.find((c): c is JobFunction => typeof c === 'function');
  if (fn === undefined) {
    throw new EvaluationError(
      'E_JOB_MODULE',
      `job module ${file} exports no function ${exportName} (nor a default one)`,
    );
  }
  cache.set(key, fn);
  return fn;
}
