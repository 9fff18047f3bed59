import { loadMigrationSettings } from '../config/startup.js';
import { createOrm, migrate } from './orm.js';
import { appliedMigrationsLine } from './migration-names.js';
import { exitOnStartupFailure } from '../config/startup-failure.js';

/** `npm run migrate`: apply pending migrations to DATABASE_URL, the only setting it reads. */
async function main(): Promise<void> {
  const { databaseUrl } = loadMigrationSettings();
  const orm = await createOrm({ databaseUrl });
  const applied = await migrate(orm);
  console.log(appliedMigrationsLine(applied));
  await orm.close();
}

main().catch(exitOnStartupFailure);
