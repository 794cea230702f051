/** Stable error codes of @ritc/evaluation (callers branch on `code`, never on the message). */
export type EvaluationErrorCode =
  | 'E_PARAM' // a --param axis that does not parse (bad key, bad list, bad range, duplicate)
  | 'E_SEEDS' // a --seeds list that does not parse
  | 'E_SEARCH' // --search / --samples / --search-seed out of range or inconsistent
  | 'E_SHARD' // a --shard K/N that does not parse or is out of range
  | 'E_MERGE' // a shard output that cannot be read or does not hold jobs
  | 'E_BUILD_MISMATCH' // shard outputs (or jobs) from different builds
  | 'E_QUEUE' // a --queue URL that does not parse, or the queue failed
  | 'E_JOB_MODULE' // the job function module cannot be loaded or exports no function
  | 'E_ARGS'; // an unknown flag or a flag without its value

export class EvaluationError extends Error {
  readonly code: EvaluationErrorCode;
  constructor(code: EvaluationErrorCode, message: string) {
    super(message);
    this.name = 'EvaluationError';
    this.code = code;
  }
}

/** The message of anything thrown, on one line. */
export function errorMessage(e: unknown): string {
  const s = e instanceof Error ? e.message : String(e);
  return s.replace(/\s*\n\s*/g, ' ').trim();
}
