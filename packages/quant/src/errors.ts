/** Stable error codes of @ritc/quant (callers branch on `code`, never on the message). */
export type QuantErrorCode =
  | 'E_DOMAIN' // an argument outside its mathematical domain (p ∉ [0,1], σ ≤ 0, z_λ ≥ 0 …)
  | 'E_NOT_FINITE' // NaN or ±Infinity where a finite number is required
  | 'E_SHAPE' // lengths / dimensions do not agree, or too few observations
  | 'E_SINGULAR' // rank-deficient design matrix
  | 'E_UNSUPPORTED'; // outside the tabulated range (e.g. MacKinnon N)

export class QuantError extends Error {
  readonly code: QuantErrorCode;
  constructor(code: QuantErrorCode, message: string) {
    super(message);
    this.name = 'QuantError';
    this.code = code;
  }
}

/** Throws E_NOT_FINITE unless `x` is a finite number. */
export function assertFinite(name: string, x: number): void {
  if (typeof x !== 'number' || !Number.isFinite(x))
    throw new QuantError('E_NOT_FINITE', `${name} must be a finite number, got ${String(x)}`);
}

/** Throws E_DOMAIN unless `x` is finite and > 0. */
export function assertPositive(name: string, x: number): void {
  assertFinite(name, x);
  if (!(x > 0)) throw new QuantError('E_DOMAIN', `${name} must be > 0, got ${x}`);
}

/** Throws unless every element is finite. */
export function assertFiniteArray(name: string, xs: ArrayLike<number>): void {
  for (let i = 0; i < xs.length; i++) {
    const v = xs[i]; // `undefined` (a hole or a short ArrayLike) fails the check below
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw new QuantError('E_NOT_FINITE', `${name}[${i}] must be a finite number, got ${String(v)}`);
  }
}
