import type { ChildProcess } from 'node:child_process';
import { Client } from 'pg';
import { startEmbeddedPostgres } from './embedded-postgres.js';

export const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

async function answers(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Where the tests may create and drop their database: TEST_DATABASE_ADMIN_URL when set (it must
 * answer); else the machine's PostgreSQL on 127.0.0.1:5432 when it answers; else an embedded
 * PostgreSQL started here, the way `npm start` runs one, so `npm test` needs no database installed.
 */
export async function testDatabaseServer(): Promise<{
  adminUrl: string;
  embedded: { process: ChildProcess; dataDir: string } | null;
}> {
  const configured = process.env.TEST_DATABASE_ADMIN_URL;
  if (configured) {
    if (await answers(configured)) return { adminUrl: configured, embedded: null };
    throw new Error(
      `Nothing answers at TEST_DATABASE_ADMIN_URL (${configured}); unset it to use an embedded PostgreSQL.`,
    );
  }
  if (await answers(DEFAULT_ADMIN_URL)) return { adminUrl: DEFAULT_ADMIN_URL, embedded: null };

  // In the temporary directory rather than the checkout: as root the server runs as the `postgres`
  // user, who must reach its directory, and the checkout may sit in a private folder. On TCP: the
  // suites reach it through relays of their own (tcp-proxy.ts), on a port drawn for it.
  const server = await startEmbeddedPostgres({ transport: 'tcp', name: 'test-postgres' });
  // What it says after it started (that it stopped unexpectedly) belongs in the run's output.
  server.process.stderr!.on('data', (chunk: Buffer) => process.stderr.write(chunk));
  const { adminUrl } = server;
  const port = new URL(adminUrl).port;
  console.log(`\nNo PostgreSQL on 127.0.0.1:5432: the tests use an embedded one on port ${port}.`);
  return { adminUrl, embedded: { process: server.process, dataDir: server.dataDir } };
}
