import type { Config } from 'jest';
import { createDefaultPreset } from 'ts-jest';

// ts-jest only transpiles here (isolatedModules); `npm run typecheck` type-checks tests and sources.
// Tests import packages from source; threads they start run the compiled files in dist/ (built by pretest).
const config: Config = {
  testEnvironment: 'node',
  ...createDefaultPreset({ tsconfig: 'tsconfig.test.json' }),
  roots: ['<rootDir>/packages', '<rootDir>/workers'],
  testMatch: ['**/test/**/*.test.ts'],
  moduleNameMapper: { '^@ritc/([a-z-]+)$': '<rootDir>/packages/$1/src' },
  testTimeout: 60_000,
  maxWorkers: 2,
};

export default config;
