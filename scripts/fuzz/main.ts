import { readFuzzOptions, runFuzz } from './run.js';

/** `npm run fuzz [-- --quick | --examples N | --seed N]`: schemathesis against a private stack. */
runFuzz(readFuzzOptions(process.argv.slice(2))).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
