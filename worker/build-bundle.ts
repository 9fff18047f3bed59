import { writeFileSync } from 'node:fs';
import { bundleWorkflowCode } from '@temporalio/worker';
import { BUILT_BUNDLE_PATH, WORKFLOWS_PATH } from './workflow-bundle.js';
import { withoutSourcesContent } from './bundle-source-map.js';

/** `npm run build`'s last step: bundles the compiled workflows once, ahead of any worker start. */
async function main(): Promise<void> {
  const code = withoutSourcesContent((await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH })).code);
  writeFileSync(BUILT_BUNDLE_PATH, code);
  console.log(`workflow bundle written to ${BUILT_BUNDLE_PATH} (${Math.round(code.length / 1024)} KiB)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
