import { Client } from 'pg';
import { breachSampleSql, LEDGER_CHECKS } from '../../db/ledger/ledger-checks.js';

/**
 * `ledger:verify` on one database the suites wrote: the finance team's proof that every taka is
 * accounted for, over everything a suite did (payments, refunds, failures, late captures,
 * crashes). The same rules as the service's check, read in one consistent snapshot through a plain
 * connection: it runs where a suite's own modules may no longer be loaded (after its last hook).
 * Returns one line per breaking row.
 */
export async function ledgerBreachesIn(databaseUrl: string, label: string): Promise<string[]> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await db.query('begin isolation level repeatable read read only');
    const found: string[] = [];
    for (const check of LEDGER_CHECKS) {
      const { rows } = await db.query<{ subject: string; problem: string }>(breachSampleSql(check));
      for (const row of rows) found.push(`${label}: ${check.name}: ${row.subject}: ${row.problem}`);
    }
    await db.query('commit');
    return found;
  } finally {
    await db.end();
  }
}

/** Drops a database the run made, closing whatever connection was left open to it. */
export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${name} with (force)`);
  } finally {
    await admin.end();
  }
}
