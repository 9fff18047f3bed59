import { createHash } from 'node:crypto';
import { Client } from 'pg';
import { cloneTemplate, databaseUrl, suiteSlotSequence } from './database-template.js';
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
const name = needsDatabase
  ? `${template}_s${createHash('sha256').update(testPath).digest('hex').slice(0, 12)}`
  : null;
if (name) {
  process.env[testEnv.databaseUrl] = databaseUrl(name);
  process.env[testEnv.databaseName] = name;
}

beforeAll(async () => {
  if (!name) return;
  await cloneTemplate(name);
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
