import { Client } from 'pg';
import { createOrm, type Orm } from '../../platform/orm/orm.js';
import { cloneTemplate, databaseUrl } from './database-template.js';
import { requireEnv, testEnv } from './test-env.js';

let made = 0;

/**
 * A database of its own, migrated, for a test that writes what the shared one must never hold
 * (deliberately broken ledger rows, entries with no payment): the shared database is checked
 * by `ledger:verify` once the suite is done.
 */
export async function scratchDatabase(): Promise<{ orm: Orm; url: string; drop: () => Promise<void> }> {
  const adminUrl = requireEnv(testEnv.adminUrl);
  const name = `oi_payments_scratch_${process.pid}_${made++}`;
  // A copy of the run's migrated template: already at the latest migration.
  await cloneTemplate(name);
  const url = databaseUrl(name);
  const orm = await createOrm({ databaseUrl: url });
  return {
    orm,
    url,
    drop: async () => {
      await orm.close();
      const again = new Client({ connectionString: adminUrl });
      await again.connect();
      await again.query(`drop database if exists ${name} with (force)`);
      await again.end();
    },
  };
}
