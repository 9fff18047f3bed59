import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** One no-restricted-imports rule per folder (a later rule for the same files would replace it). */
function importBoundaries(list) {
  return list.map(({ files, ignores, group, message }) => ({
    files,
    ...(ignores ? { ignores } : {}),
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [{ group, message }] }] },
  }));
}

// Layers, lowest first: domain/ (domain/<process>, domain/shared) <- platform/ (plumbing) <- db/ <-
// gateways/ <- activities/ <- workflows/ (activity types only) <- api/, worker/. Patterns name a
// layer with `**/` because a file sits one or two folders deep (`../../db/payments/x.js`); the
// process folders repeat the same names in every layer, so a pattern never names a process alone.

/** I/O modules no pure or deterministic code may load. */
const IO_MODULES = [
  '@mikro-orm/*',
  '@temporalio/*',
  'koa',
  '@koa/*',
  'pg',
  'node:fs',
  'node:http',
  'node:https',
  'node:net',
];

const workflowSandbox = {
  // Workflow code runs in Temporal's deterministic sandbox: no I/O modules, and of the project only
  // domain/, other workflow code, activity types (proxyActivities<typeof ...>), and the search
  // attribute names the worker checks at start.
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
              '**/activities/**',
              '**/db/**',
              '**/api/**',
              '**/gateways/**',
              '**/worker/**',
              // Every folder of platform/ but the search attribute names (a re-included file needs its
              // folder not excluded, hence `temporal/*` rather than `temporal/**`).
              '**/platform/*/**',
              '!**/platform/temporal',
              '**/platform/temporal/*',
              '!**/platform/temporal/search-attributes.js',
            ],
            allowTypeImports: true,
            message: 'Workflow code is deterministic: side effects belong in activities.',
          },
        ],
      },
    ],
  },
};

const boundaries = [
  // Import directions: nothing imports api/; domain/ is pure; db/ builds on domain/ and platform/;
  // activities/ never reach into workflow code; platform/ knows no process above domain/.
  {
    // A process's pure rules: they import domain/ only (its own process, another's, domain/shared).
    files: ['domain/*/*.ts'],
    group: ['../../*', ...IO_MODULES],
    message: 'domain/ is pure TypeScript: no I/O, and it imports nothing of the project but domain/.',
  },
  {
    // A folder inside a process (domain/reconciliation/settlement-reports/).
    files: ['domain/*/*/**/*.ts'],
    group: ['../../../*', ...IO_MODULES],
    message: 'domain/ is pure TypeScript: no I/O, and it imports nothing of the project but domain/.',
  },
  {
    files: ['db/**/*.ts'],
    group: [
      '**/api/**',
      '**/activities/**',
      '**/workflows/**',
      '**/gateways/**',
      '**/worker/**',
      '@temporalio/*',
    ],
    message: 'db/ builds on domain/ and platform/ only.',
  },
  {
    files: ['gateways/**/*.ts'],
    ignores: ['gateways/**/contract-driver.ts'],
    group: ['**/api/**', '**/db/**', '**/activities/**', '**/workflows/**', '**/worker/**', '**/test/**'],
    message: 'gateways/ builds on domain/ and platform/ only.',
  },
  {
    // A gateway's or payout rail's contract driver runs the shared contract suite (test/contract)
    // against its simulator; it is test code kept beside the gateway, never part of the build.
    files: ['gateways/**/contract-driver.ts'],
    group: ['**/api/**', '**/db/**', '**/activities/**', '**/workflows/**', '**/worker/**'],
    message: 'A contract driver speaks to the contract harness and its gateway only.',
  },
  {
    files: ['activities/**/*.ts'],
    group: ['**/api/**', '**/workflows/**', '**/worker/**'],
    message: 'Activities carry out side effects; they do not import workflow code or the API.',
  },
  {
    // Plumbing: it may read rows' types (documents and emails render views of db/) and the
    // migrations it registers, never a process's services, activities or workflows.
    files: ['platform/**/*.ts'],
    group: ['**/api/**', '**/activities/**', '**/workflows/**', '**/worker/**'],
    message: 'platform/ is plumbing: it imports no process code above db/.',
  },
  {
    // The SDK is a package of its own, published apart from the service.
    files: ['sdk/src/**/*.ts'],
    group: ['../../*', '../../../*', '@mikro-orm/*', '@temporalio/*', 'koa', '@koa/*', 'pg', 'zod'],
    message:
      'sdk/ is its own package: it imports its dependencies (openapi-fetch, standardwebhooks) and itself only.',
  },
  {
    files: ['worker/**/*.ts'],
    group: ['**/api/**'],
    message: 'Nothing imports api/.',
  },
];

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
  workflowSandbox,
  // Import directions (docs/architecture.md, "Dependency rules"): nothing imports api/; domain/ is
  // pure; db/ builds on domain/ and platform/; activities/ never reach into workflow code; platform/
  // knows no process above db/.
  ...importBoundaries(boundaries),
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
