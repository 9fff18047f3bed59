import { existsSync } from 'node:fs';
import path from 'node:path';

/** The workflows' entry: TypeScript when run from source, JavaScript once compiled into dist/. */
export const WORKFLOWS_PATH = path.join(
  __dirname,
  '..',
  'workflows',
  __filename.endsWith('.ts') ? 'index.ts' : 'index.js',
);

/** Where `npm run build` writes the workflow bundle: beside the compiled code. */
export const BUILT_BUNDLE_PATH = path.join(__dirname, '..', 'workflow-bundle.js');

/**
 * The pre-built bundle to run, if any: the one named by WORKFLOW_BUNDLE_PATH, else the one
 * `npm run build` left beside compiled code. Without one the worker bundles the workflows at
 * start (development), which costs seconds and a few hundred MB that the process keeps.
 */
export function prebuiltWorkflowBundle(configured: string | undefined): { codePath: string } | undefined {
  if (configured) return { codePath: path.resolve(configured) };
  if (!__filename.endsWith('.ts') && existsSync(BUILT_BUNDLE_PATH)) return { codePath: BUILT_BUNDLE_PATH };
  return undefined;
}
