import { runCli } from './cli/run.js';

/** `npm run cli -- <command>`: operator tasks (register an app, set its webhook endpoint, create an operator). */
async function main(): Promise<void> {
  process.exit(await runCli(process.argv.slice(2)));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
