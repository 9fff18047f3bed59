import { createHash } from 'node:crypto';
import { Client } from 'pg';
import { requireEnv, testEnv } from './test-env.js';

/**
 * Databases cloned from the run's migrated template (made once by global set-up): a copy of a
 * template is a file copy, far quicker than running every migration again. PostgreSQL copies a
 * template only while nobody else is connected to it, so clones are made one at a time across
 * Jest's workers (an advisory lock on the admin database), and nothing else connects to it.
 */
export function databaseUrl(name: string): string {
  const url = new URL(requireEnv(testEnv.adminUrl));
  url.pathname = `/${name}`;
  return url.toString();
}

/** The database of the suite at `testPath` (test/helpers/suite-database.ts), cloned from `template`. */
export function suiteDatabaseName(template: string, testPath: string): string {
  return `${template}_s${createHash('sha256').update(testPath).digest('hex').slice(0, 12)}`;
}

/** The admin database's sequence each suite draws its slot from (test/helpers/suite-database.ts). */
export function suiteSlotSequence(): string {
  return `${requireEnv(testEnv.templateName)}_suite_slots`;
}

export async function cloneTemplate(name: string): Promise<void> {
  const template = requireEnv(testEnv.templateName);
  const admin = new Client({ connectionString: requireEnv(testEnv.adminUrl) });
  await admin.connect();
  try {
    await admin.query(`select pg_advisory_lock(hashtext('oi-payments-test-template'))`);
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.query(`create database ${name} template ${template}`);
  } finally {
    await admin.end();
  }
}

/** Drops the template and every database cloned from it under `prefix`. */
export async function dropClones(prefix: string): Promise<void> {
  const admin = new Client({ connectionString: requireEnv(testEnv.adminUrl) });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>(
      `select datname from pg_database where datname like $1 escape '!'`,
      [`${prefix.replace(/[!_%]/g, '!$&')}%`],
    );
    for (const { datname } of rows) await admin.query(`drop database if exists ${datname} with (force)`);
    await admin.query(`drop sequence if exists ${prefix}_suite_slots`);
  } finally {
    await admin.end();
  }
}
