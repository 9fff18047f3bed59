// Proposed replacement for the import-boundary part of eslint.config.mjs after the move to one
// folder per process (move-map.tsv). It replaces, in eslint.config.mjs, the object whose comment
// reads "Workflow code runs in Temporal's deterministic sandbox" and the whole
// `...importBoundaries([...])` list; `importBoundaries` itself stays as it is.
//
// Layers, lowest first:  domain/<process>, domain/shared  <-  platform/ (plumbing)  <-  db/<process>
//   <-  gateways/  <-  activities/<process>  <-  workflows/<process> (types only)  <-  api/, worker/
// Patterns name the layer folder with `**/` because a file now sits one or two folders deep
// (`../../db/payments/x.js`); the process folders repeat the same names in every layer, so a
// pattern must never name a process alone.

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

export const workflowSandbox = {
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

// The start modules and schedules that still import workflow code (signals, search attributes,
// `typeof workflow` types). Issue 40 §2 replaces them with starts by name typed by input types;
// until then they are the only back edges, named here so that no new one appears.
export const WORKFLOW_START_MODULES = [
  'activities/payments/workflow-starts.ts',
  'activities/payments/callback-hand-over.ts',
  'activities/reconciliation/reconciliation-starts.ts',
  'activities/reconciliation/file-upload-starts.ts',
];

export const boundaries = [
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
    group: ['**/api/**', '**/db/**', '**/activities/**', '**/workflows/**', '**/worker/**'],
    message: 'gateways/ builds on domain/ and platform/ only.',
  },
  {
    files: ['activities/**/*.ts'],
    ignores: WORKFLOW_START_MODULES,
    group: ['**/api/**', '**/workflows/**', '**/worker/**'],
    message: 'Activities carry out side effects; they do not import workflow code or the API.',
  },
  {
    files: WORKFLOW_START_MODULES,
    group: ['**/api/**', '**/worker/**'],
    message: 'A start module starts workflows; it does not import the API.',
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

/** As in eslint.config.mjs, with `ignores` passed through (the start modules' exception). */
export function importBoundaries(list) {
  return list.map(({ files, ignores, group, message }) => ({
    files,
    ...(ignores ? { ignores } : {}),
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [{ group, message }] }] },
  }));
}
// In eslint.config.mjs:  workflowSandbox,  ...importBoundaries(boundaries),
