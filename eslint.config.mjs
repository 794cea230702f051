// Lint for the whole tree: typescript-eslint's type-aware rules over one program (tsconfig.test.json
// holds sources, tests, workers and scripts). A rule turned off or relaxed says why, here and nowhere else.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'runs/**', 'profiles/**', 'coverage/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { project: ['./tsconfig.test.json'], tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-unnecessary-condition': ['error', { allowConstantLoopConditions: true }],
      // `_name` marks a parameter an interface requires but this implementation does not read.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Published coefficient tables (AS241, MacKinnon) are kept digit for digit as printed in their sources.
    files: ['packages/quant/src/**/*.ts'],
    rules: { 'no-loss-of-precision': 'off' },
  },
  {
    files: ['**/test/**/*.ts'],
    rules: {
      // Tests read JSON reports and HTTP bodies as `unknown`/`any` and the expect() that follows is the check.
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      // Fakes implement async interfaces (a client, an exchange) without anything to await.
      '@typescript-eslint/require-await': 'off',
    },
  },
);
