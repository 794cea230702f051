export * from './case-job';
export { buildId } from './build-id';
export * from './evaluate-jobs';
export * from './tune';
