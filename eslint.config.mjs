import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { dependencyLint } from './scripts/lint/dependency-rules.mjs';

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      '.data/**',
      '.tools/**',
      '.cache/**',
      'bench-results/**',
      'dist/**',
      'sdk/dist/**',
      // Written by `npm run sdk:generate` from the OpenAPI document.
      'sdk/src/generated/**',
      // The Python SDK, and its generation in progress (scripts/sdk/generate-python.ts).
      'sdk/python/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  // Which folder may import which (docs/architecture.md, "Dependency rules"), from the table the
  // page prints: scripts/lint/dependency-rules.json.
  ...dependencyLint(),
  {
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        require: 'readonly',
        module: 'writable',
        __filename: 'readonly',
        __dirname: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
