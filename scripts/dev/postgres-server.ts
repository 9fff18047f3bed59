import { runEmbeddedPostgres } from './embedded-server.js';

/**
 * The launcher runs the embedded PostgreSQL through this process, in a process group of its own:
 * Ctrl-C in the terminal then reaches only the launcher, which stops the database last.
 *
 * Usage: tsx scripts/dev/postgres-server.ts <data dir> <port>
 */
async function main(): Promise<void> {
  const [databaseDir, port] = process.argv.slice(2);
  if (!databaseDir || !port) throw new Error('usage: postgres-server.ts <data dir> <port>');
  await runEmbeddedPostgres(databaseDir, Number(port));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
