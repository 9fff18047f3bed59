import { Client } from 'pg';
import { cloneTemplate, databaseUrl } from './database-template.js';
import { testEnv } from './test-env.js';

/**
 * Each Jest worker runs its suites on a database of its own, cloned from the run's template the
 * first time a suite of that worker starts: suites in different workers run at the same time and
 * never see each other's rows, while the suites of one worker share theirs, one after another,
 * as they always have. Set before the test file loads, so everything it reads from the
 * environment names this worker's database.
 *
 * Ids drawn from sequences start at a different offset in each worker's database: workflow ids
 * that carry one (an app's id in `invoice-<app>-<number>`) stay unique on the one Temporal server.
 */
// The waiting slot's workers count from 1 too (test/helpers/waiting-slot-runner.js): theirs are
// numbered from 11, so no two workers running at once share a database.
const WAITING_SLOT_OFFSET = 10;
const workerId =
  Number(process.env.JEST_WORKER_ID ?? '1') + (process.env.TEST_SLOT === 'waiting' ? WAITING_SLOT_OFFSET : 0);
const SEQUENCE_SPAN = 100_000_000;
// Unit runs (jest.unit.config.js) have no global set-up and no database.
const template = process.env[testEnv.templateName];
const name = template ? `${template}_w${workerId}` : null;
if (name) {
  process.env[testEnv.databaseUrl] = databaseUrl(name);
  process.env[testEnv.databaseName] = name;
}

beforeAll(async () => {
  if (!name || !(await cloneTemplate(name, { ifMissing: true }))) return;
  const db = new Client({ connectionString: databaseUrl(name) });
  await db.connect();
  try {
    await db.query(
      `select setval(format('%I.%I', sequence_schema, sequence_name)::regclass, $1::bigint, false)
         from information_schema.sequences`,
      [workerId * SEQUENCE_SPAN],
    );
  } finally {
    await db.end();
  }
}, 120_000);
