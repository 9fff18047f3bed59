import { Client } from 'pg';
import { createOrm, migrate, type Orm } from '../../db/orm.js';
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
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const orm = await createOrm({ databaseUrl: url.toString() });
  await migrate(orm);
  return {
    orm,
    url: url.toString(),
    drop: async () => {
      await orm.close();
      const again = new Client({ connectionString: adminUrl });
      await again.connect();
      await again.query(`drop database if exists ${name} with (force)`);
      await again.end();
    },
  };
}
