import path from 'node:path';
import type { Config } from '../../platform/config/index.js';
import { developmentStackEnvironment } from '../dev/secrets.js';
import { createOrm, migrate, type Orm } from '../../platform/orm/orm.js';
import { appliedMigrationsLine } from '../../platform/orm/migration-names.js';
import { embeddedDatabaseUrl } from '../dev/embedded-database.js';
import { databaseIdentity, readRuntimeState } from '../dev/runtime-state.js';
import { CliFailure } from './errors.js';

function withoutPassword(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

/** Opens the database with every migration applied, so the CLI works on a fresh database too. */
export async function openMigratedDatabase(url: string): Promise<Orm> {
  let orm: Orm | null = null;
  try {
    orm = await createOrm({ databaseUrl: url, poolMax: 2 });
    const applied = await migrate(orm);
    if (applied.length) process.stderr.write(`${appliedMigrationsLine(applied)}\n`);
    return orm;
  } catch (error) {
    await orm?.close();
    throw new CliFailure(`cannot use the database at ${withoutPassword(url)}: ${(error as Error).message}`);
  }
}

/** DATABASE_URL, or else the embedded database of the `npm start` running on DATA_DIR. */
export function resolveCliDatabaseUrl(config: Config): string {
  if (config.DATABASE_URL) return config.DATABASE_URL;
  const running = readRuntimeState(config.DATA_DIR);
  if (running?.embeddedPostgresPort) return embeddedDatabaseUrl(running.embeddedPostgresPort);
  throw new CliFailure(
    running
      ? `the \`npm start\` running on ${config.DATA_DIR} uses an external database: set DATABASE_URL to the same one`
      : `no database: set DATABASE_URL, or start \`npm start\` (its embedded database under ${config.DATA_DIR}) first`,
  );
}

/**
 * The CLI's settings: the environment's, and beside a running `npm start` that stack's as well, so
 * it hashes with the same pepper and keeps the same rules. Beside means on the stack's database:
 * its embedded one (no DATABASE_URL of the CLI's own), or the external one the stack runs on, named
 * by the CLI's DATABASE_URL (as any role: host, port and database are compared).
 */
export function cliEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const dataDir = env.DATA_DIR?.trim() || '.data';
  const launcher = readRuntimeState(dataDir);
  if (!launcher) return env;
  const ownUrl = env.DATABASE_URL?.trim();
  const beside = ownUrl
    ? launcher.database != null && databaseIdentity(ownUrl) === launcher.database
    : launcher.embeddedPostgresPort !== null;
  if (!beside) return env;
  return {
    ...env,
    ...developmentStackEnvironment(env, path.resolve(dataDir)),
    ...(launcher.stackProof && { OI_PAYMENTS_STACK_PROOF: launcher.stackProof }),
  };
}
