// @ritc/quant — pure numerical core (no I/O): normal distribution, VPIN/BVC, optimal execution
// horizon, OLS/ADF/Engle–Granger, threshold design, quote models. The list below is the public
// surface; helpers the modules share among themselves stay inside the package.
export { QuantError, type QuantErrorCode } from './errors';
export { at, first, last } from './checked';
export { normalCdf, normalPdf, normalQuantile, normalSf } from './normal';
export { RingBuffer, RollingStd, Welford, mean, minstd, std } from './stats';
export {
  StreamingVpin,
  buyFraction,
  vpinFromBars,
  type StreamingBar,
  type StreamingVpinOptions,
  type VpinBar,
  type VpinBatchResult,
  type VpinBucket,
  type VpinLastBucket,
  type VpinOptions,
  type VpinState,
} from './vpin/index';
export { computeOptimalVolume, getBounds, getOI, type OehBounds } from './oeh';
export {
  adfuller,
  ar1HalfLife,
  coint,
  factorLoadings,
  mackinnoncrit,
  mackinnonp,
  ols,
  pooledAr1,
  projectOutFactor,
  type AdfOptions,
  type AdfResult,
  type CointOptions,
  type CointResult,
  type CriticalValues,
  type OlsOptions,
  type OlsResult,
} from './regression/index';
export {
  gaussianOptimalThreshold,
  optimalThreshold,
  roundTripCurve,
  thresholdProbabilityCurve,
  tikhonovSmooth,
  type OptimalThreshold,
  type OptimalThresholdOptions,
  type ThresholdCurve,
  type ThresholdCurveOptions,
} from './threshold';
export {
  avellanedaStoikovQuotes,
  glftCoefficients,
  glftDepths,
  maxViableSpread,
  optimalSpread,
  reservationPrice,
  skewedOffsets,
  vpinSpread,
  type AvellanedaStoikovParams,
  type GlftCoefficients,
  type GlftDepths,
  type GlftParams,
  type QuoteOffsets,
  type Quotes,
} from './quoting';
