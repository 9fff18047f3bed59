import { runChaos } from './run.js';

/** `npm run chaos`: full lifecycles through a private stack while its parts are killed and restarted. */
runChaos().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
