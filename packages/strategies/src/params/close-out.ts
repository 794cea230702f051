import { validateParams, type ParamSpecs } from './validate';

/** End-of-case parameters: flatten before the close, or hold to the close-out (endgame/close-out.ts). */
export interface CloseOutParams {
  /**
   * The case closes every position at the end without a fee (true: the 2020 case closes stocks at their
   * last price and the ETF at (Σ stocks) / FX rate). false: every position is flattened before the close.
   */
  closeOutFree: boolean;
  /** Risk aversion γ per CAD (2e-7: a 100,000-share position held 150 ticks is charged ≈ 240 CAD). */
  riskAversion: number;
  /**
   * Variance of a price's relative change per tick (4.9e-6): 0.12% diffusion per tick (1.44e-6) plus a
   * 1–3% jump with probability 0.008 a tick (0.008 × 4.33e-4 ≈ 3.5e-6), the simulator's calibration of
   * the 2020 ETF case's two stocks; the ETF moves with them, so this overstates its risk, which only
   * makes a flatten likelier.
   */
  relativeVariancePerTick: number;
}

export const DEFAULT_CLOSE_OUT_PARAMS: Readonly<CloseOutParams> = Object.freeze({
  closeOutFree: true,
  riskAversion: 2e-7,
  relativeVariancePerTick: 4.9e-6,
});

const SPECS: ParamSpecs<CloseOutParams> = {
  closeOutFree: { kind: 'boolean' },
  riskAversion: { kind: 'number', min: 0 },
  relativeVariancePerTick: { kind: 'number', min: 0 },
};

export function validateCloseOutParams(overrides: unknown): CloseOutParams {
  return validateParams('closeOut', DEFAULT_CLOSE_OUT_PARAMS as CloseOutParams, SPECS, overrides);
}
