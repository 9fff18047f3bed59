import { Client } from 'pg';
import { cloneTemplate, databaseUrl, suiteDatabaseName, suiteSlotSequence } from './database-template.js';
import { dropDatabase, ledgerBreachesIn } from './suite-ledger.js';
import { SUITE_END } from './suite-end.js';
import { requireEnv, testEnv } from './test-env.js';

/**
 * Each test suite runs on a database of its own, cloned from the run's migrated template before
 * its first test: no row of one suite is ever seen by another, whether they run side by side or
 * one after the other in the same Jest worker. Set before the test file loads, so everything it
 * reads from the environment names this suite's database.
 *
 * Ids drawn from sequences start at an offset of the suite's own (a slot drawn from one sequence
 * of the admin database): workflow ids that carry one (an app's id in `invoice-<app>-<number>`)
 * stay unique on the one Temporal server every suite shares.
 */
// A million ids per suite, and room for 2,000 suites below the int4 sequences' ceiling.
const SEQUENCE_SPAN = 1_000_000;
// Unit runs (jest.unit.config.js) have no global set-up and no database.
const template = process.env[testEnv.templateName];
const testPath = expect.getState().testPath ?? '';
// Unit suites never connect to the deployment's database: they get none.
const needsDatabase = Boolean(template) && !/[/\\]test[/\\]unit[/\\]/.test(testPath);
const name = needsDatabase ? suiteDatabaseName(template!, testPath) : null;
if (name) {
  process.env[testEnv.databaseUrl] = databaseUrl(name);
  process.env[testEnv.databaseName] = name;
}

/** Whether this suite's database was made (a suite whose set-up failed may have none). */
let cloned = false;

beforeAll(async () => {
  if (!name) return;
  await cloneTemplate(name);
  cloned = true;
  const admin = new Client({ connectionString: requireEnv(testEnv.adminUrl) });
  await admin.connect();
  let slot: number;
  try {
    const { rows } = await admin.query<{ slot: string }>(`select nextval($1::regclass) as slot`, [
      suiteSlotSequence(),
    ]);
    slot = Number(rows[0]!.slot);
  } finally {
    await admin.end();
  }
  const db = new Client({ connectionString: databaseUrl(name) });
  await db.connect();
  try {
    await db.query(
      `select setval(format('%I.%I', sequence_schema, sequence_name)::regclass, $1::bigint, false)
         from information_schema.sequences`,
      [slot * SEQUENCE_SPAN],
    );
  } finally {
    await db.end();
  }
}, 120_000);

/**
 * Once the suite has ended, its last hook run and its stacks closed (test/helpers/node-environment.js
 * calls this then): `ledger:verify` over what it wrote, then its database dropped, while the other
 * suites still run. What a suite leaves (a database whose suite crashed) global teardown checks
 * and drops. KEEP_TEST_DATABASE keeps every database for reading after the run.
 */
async function endSuiteDatabase(): Promise<void> {
  if (!name || !cloned) return;
  const breaches = await ledgerBreachesIn(databaseUrl(name), name);
  if (!process.env.KEEP_TEST_DATABASE) await dropDatabase(requireEnv(testEnv.adminUrl), name);
  if (breaches.length > 0) {
    throw new Error(`ledger:verify found breaches in what this suite wrote:\n${breaches.join('\n')}`);
  }
}
(globalThis as Record<string, unknown>)[SUITE_END] = endSuiteDatabase;
