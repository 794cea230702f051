export * from './ols';
export * from './adf';
export * from './mackinnon';
export * from './coint';
export { householderAugmented, prefixSsr, prefixCoefficients } from './qr';
export * from './factor';
