// The coordinator lives in lifecycle/; this top-level path is kept for imports that name it.
export * from './lifecycle/coordinator';
