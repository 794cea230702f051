// The coordinator lives in lifecycle/; this is the path the brief names.
export * from './lifecycle/coordinator';
