import type { Config } from '../../config/index.js';
import { keyringFromConfig } from '../../config/sealing.js';
import type { Keyring } from '../../domain/secret-box.js';
import { createOrm, migrate, type Orm } from '../../db/orm.js';
import { embeddedDatabaseUrl } from '../dev/embedded-database.js';
import { readRuntimeState } from '../dev/runtime-state.js';
import { savedDevSealingKeys } from '../dev/sealing-keys.js';
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
    if (applied.length) process.stderr.write(`applied migrations: ${applied.join(', ')}\n`);
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
 * The keyring: from SEALING_KEYS, or else, on the embedded database of a running `npm start`,
 * from the key it generated; without either the CLI refuses (naming SEALING_KEYS).
 */
export function resolveCliKeyring(config: Config): Keyring {
  if (
    !config.SEALING_KEYS &&
    !config.DATABASE_URL &&
    readRuntimeState(config.DATA_DIR)?.embeddedPostgresPort
  ) {
    const saved = savedDevSealingKeys(config.DATA_DIR);
    if (saved) return keyringFromConfig({ ...config, SEALING_KEYS: saved.keys });
  }
  return keyringFromConfig(config);
}
