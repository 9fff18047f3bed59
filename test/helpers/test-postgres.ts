import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { EMBEDDED_DATABASE } from '../../scripts/dev/embedded-database.js';
import { tsxArgs } from '../../scripts/dev/tsx.js';
import { freePort } from './temporal-dev-server.js';

const ROOT = path.resolve(__dirname, '..', '..');
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
  // user, who must reach its directory, and the checkout may sit in a private folder.
  const dataDir = mkdtempSync(path.join(tmpdir(), 'oi-test-postgres-'));
  chmodSync(dataDir, 0o755);
  const port = await freePort();
  const embedded = spawn(
    process.execPath,
    tsxArgs(
      path.join(ROOT, 'scripts', 'dev', 'postgres-server.ts'),
      path.join(dataDir, 'data'),
      String(port),
    ),
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const { user, password } = EMBEDDED_DATABASE;
  const adminUrl = `postgres://${user}:${password}@127.0.0.1:${port}/postgres`;
  const deadline = Date.now() + 120_000;
  while (!(await answers(adminUrl))) {
    if (embedded.exitCode !== null) throw new Error(`embedded PostgreSQL exited with ${embedded.exitCode}`);
    if (Date.now() > deadline) {
      embedded.kill('SIGKILL');
      throw new Error('embedded PostgreSQL did not start within 120 s');
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  console.log(`\nNo PostgreSQL on 127.0.0.1:5432: the tests use an embedded one on port ${port}.`);
  return { adminUrl, embedded: { process: embedded, dataDir } };
}
