export * from './types';
export * from './batch';
export * from './streaming';
