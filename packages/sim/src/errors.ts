/**
 * Public error codes of the simulator. RIT only attests UNAUTHORIZED, RATE_LIMIT_EXCEEDED and
 * BAD_REQUEST in public captures of a live server; the others are our choices, unverified against a live RIT.
 */
export type SimErrorCode =
  | 'UNAUTHORIZED'
  | 'BAD_REQUEST'
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'CASE_NOT_ACTIVE'
  | 'LIMIT_EXCEEDED'
  | 'RATE_LIMIT_EXCEEDED'
  | 'NOT_TRADEABLE'
  | 'ORDER_NOT_OPEN'
  | 'TENDER_NOT_ACTIVE'
  | 'API_DISABLED'
  | 'INSUFFICIENT_INPUTS'
  | 'INTERNAL_ERROR';

export class SimError extends Error {
  constructor(
    readonly status: number,
    readonly code: SimErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SimError';
  }
}

export const badRequest = (message: string): SimError => new SimError(400, 'BAD_REQUEST', message);
export const notFound = (message: string): SimError => new SimError(404, 'NOT_FOUND', message);
