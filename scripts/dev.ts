import { describeFailure } from './dev/errors.js';
import { runLauncher } from './dev/launcher.js';

/** `npm start`: see scripts/dev/launcher.ts. */
async function main(): Promise<void> {
  process.exit(await runLauncher());
}

main().catch((error: unknown) => {
  console.error(describeFailure(error));
  process.exit(1);
});
