// @ritc/quant — pure numerical core (no I/O): normal distribution, VPIN/BVC, optimal execution
// horizon, OLS/ADF/Engle–Granger, threshold design, quote models.
export * from './errors';
export { at, first, last } from './checked';
export * from './normal';
export * from './stats';
export * from './vpin/index';
export * from './oeh';
export * from './regression/index';
export * from './threshold';
export * from './quoting';
