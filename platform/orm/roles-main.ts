import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import { StartupRefusal, exitOnStartupFailure } from '../config/startup-failure.js';
import { applyRuntimeRole } from './database-roles.js';

/** The runtime role's password: from a file (a mounted secret) or the environment, never echoed. */
function runtimePassword(env: NodeJS.ProcessEnv): string | null {
  const file = env.DATABASE_RUNTIME_PASSWORD_FILE;
  if (file && env.DATABASE_RUNTIME_PASSWORD) {
    throw new StartupRefusal('DATABASE_RUNTIME_PASSWORD: set it or DATABASE_RUNTIME_PASSWORD_FILE, not both');
  }
  const password = file ? readFileSync(file, 'utf8').replace(/\r?\n$/, '') : env.DATABASE_RUNTIME_PASSWORD;
  if (password === undefined || password === '') return null;
  if (password.length < 16) {
    throw new StartupRefusal('DATABASE_RUNTIME_PASSWORD: at least 16 characters (e.g. openssl rand -hex 24)');
  }
  return password;
}

/**
 * `npm run db:roles`: with the owner's DATABASE_URL (the role migrations run as), creates or updates
 * the role the API and worker run as (DATABASE_RUNTIME_ROLE, oi_app unless set) with least
 * privilege (platform/orm/database-roles.ts). Run it after `npm run migrate`; rerunning is harmless.
 */
async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new StartupRefusal("DATABASE_URL: set it to the owner (migration) role's connection");
  const role = process.env.DATABASE_RUNTIME_ROLE || 'oi_app';
  const password = runtimePassword(process.env);
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    const result = await applyRuntimeRole(db, { role, password });
    console.log(
      `runtime role ${role} ${result.created ? 'created' : 'updated'}` +
        `${result.passwordSet ? ' (password set)' : ''}: rows of every table, append-only audit log and ledger, default privileges for ${result.owner}'s future tables`,
    );
  } finally {
    await db.end();
  }
}

main().catch((error: unknown) =>
  exitOnStartupFailure(
    error instanceof Error && /^[A-Z_]+: /.test(error.message) ? new StartupRefusal(error.message) : error,
  ),
);
