import { loadStartupConfig } from '../config/startup.js';
import { resolveDatabaseUrl } from './database-url.js';
import { createOrm, migrate } from './orm.js';
import { exitOnStartupFailure } from '../config/startup-failure.js';

/** `npm run migrate`: apply pending migrations to DATABASE_URL. */
async function main(): Promise<void> {
  const { config } = loadStartupConfig();
  const orm = await createOrm({ databaseUrl: resolveDatabaseUrl(config) });
  const applied = await migrate(orm);
  console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
  await orm.close();
}

main().catch(exitOnStartupFailure);
