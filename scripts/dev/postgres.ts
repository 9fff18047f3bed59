import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { EMBEDDED_READY_MARKER, embeddedDatabaseDir, embeddedDatabaseUrl } from './embedded-database.js';
import { LauncherError } from './errors.js';
import { START_FAILURE_PREFIX } from './postgres-start-failure.js';
import type { ProcessSupervisor } from './processes.js';
import { tsxArgs } from './tsx.js';
import { waitFor } from './wait.js';

/** Starts the embedded PostgreSQL under `<dataDir>/postgres`; resolves to its DATABASE_URL once it is ready. */
export async function startEmbeddedPostgres(
  processes: ProcessSupervisor,
  options: { dataDir: string; port: number },
): Promise<string> {
  mkdirSync(options.dataDir, { recursive: true });
  const helper = path.join(__dirname, 'postgres-server.ts');
  const server = processes.start(
    'postgres',
    process.execPath,
    tsxArgs(helper, embeddedDatabaseDir(options.dataDir), String(options.port)),
    process.env,
  );
  // The helper announces readiness only after creating the database; probing earlier would fill
  // the log with "database does not exist" errors.
  let ready = false;
  let failure: string | null = null;
  server.onLine((line) => {
    if (line.startsWith(EMBEDDED_READY_MARKER)) ready = true;
    if (line.includes(START_FAILURE_PREFIX)) failure = line.slice(line.indexOf(START_FAILURE_PREFIX));
  });
  await waitFor('embedded PostgreSQL', async () => ready, { process: server, timeoutMs: 120_000 }).catch(
    (error: unknown) => {
      // Its one line of cause and fix, rather than only that it exited.
      throw failure ? new LauncherError(failure) : error;
    },
  );
  return embeddedDatabaseUrl(options.port);
}
