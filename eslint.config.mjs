import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** One no-restricted-imports rule per folder (a later rule for the same files would replace it). */
function importBoundaries(boundaries) {
  return boundaries.map(({ files, group, message }) => ({
    files,
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [{ group, message }] }] },
  }));
}

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
  {
    // Workflow code runs in Temporal's deterministic sandbox: no I/O modules.
    files: ['workflows/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '@mikro-orm/*',
                'koa',
                'pg',
                'node:*',
                '../activities/*',
                '../db/*',
                '../api/*',
                '../gateways/*',
              ],
              allowTypeImports: true,
              message: 'Workflow code is deterministic: side effects belong in activities.',
            },
          ],
        },
      ],
    },
  },
  // Import directions (docs/architecture.md, "Dependency rules"): nothing imports api/; domain/ is
  // pure; db/ and gateways/ build on domain/ only; activities/ never reach into workflow code.
  ...importBoundaries([
    {
      files: ['domain/*.ts'],
      group: [
        '../*',
        '@mikro-orm/*',
        '@temporalio/*',
        'koa',
        '@koa/*',
        'pg',
        'node:fs',
        'node:http',
        'node:https',
        'node:net',
      ],
      message: 'domain/ is pure TypeScript: no I/O, and it imports nothing of the project but itself.',
    },
    {
      // A folder of domain/ (domain/settlement-reports/) may import the rest of domain/, nothing else.
      files: ['domain/*/**/*.ts'],
      group: [
        '../../*',
        '@mikro-orm/*',
        '@temporalio/*',
        'koa',
        '@koa/*',
        'pg',
        'node:fs',
        'node:http',
        'node:https',
        'node:net',
      ],
      message: 'domain/ is pure TypeScript: no I/O, and it imports nothing of the project but itself.',
    },
    {
      files: ['db/**/*.ts'],
      group: [
        '../api/*',
        '../activities/*',
        '../workflows/*',
        '../gateways/*',
        '../worker/*',
        '@temporalio/*',
      ],
      message: 'db/ builds on domain/ only.',
    },
    {
      files: ['gateways/**/*.ts'],
      group: ['**/api/*', '**/db/*', '**/activities/*', '**/workflows/*', '**/worker/*', '**/test/**'],
      message: 'gateways/ builds on domain/ only.',
    },
    {
      // A gateway's contract driver runs the shared contract suite (test/contract) against its
      // simulator; it is test code kept beside the gateway, never part of the build.
      files: ['gateways/*/contract-driver.ts'],
      group: ['**/api/*', '**/db/*', '**/activities/*', '**/workflows/*', '**/worker/*'],
      message: 'A contract driver speaks to the contract harness and its gateway only.',
    },
    {
      files: ['activities/**/*.ts'],
      group: ['../api/*', '../workflows/*', '../worker/*'],
      message: 'Activities carry out side effects; they do not import workflow code or the API.',
    },
    {
      // The SDK is a package of its own, published apart from the service.
      files: ['sdk/src/**/*.ts'],
      group: ['../../*', '../../../*', '@mikro-orm/*', '@temporalio/*', 'koa', '@koa/*', 'pg', 'zod'],
      message:
        'sdk/ is its own package: it imports its dependencies (openapi-fetch, standardwebhooks) and itself only.',
    },
    {
      files: [
        'worker/**/*.ts',
        'temporal/**/*.ts',
        'webhooks/**/*.ts',
        'emails/**/*.ts',
        'documents/**/*.ts',
        'config/**/*.ts',
      ],
      group: ['../api/*'],
      message: 'Nothing imports api/.',
    },
  ]),
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
