import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { Client } from 'pg';
import { createOrm, migrate } from '../../db/orm.js';
import { newSealingKeyEntry } from '../../domain/secret-box.js';
import { WORKFLOWS_PATH } from '../../worker/create-worker.js';
import { findTemporalCli } from '../../scripts/temporal-binaries.js';
import { startTemporalDevServer } from './temporal-dev-server.js';
import { testDatabaseServer } from './test-postgres.js';
import { testEnv } from './test-env.js';

/**
 * Once per `npm test`: a real Temporal dev server, a fresh PostgreSQL database with migrations
 * (the template every Jest worker's database is cloned from), and the workflow bundle (built
 * once, not per test file).
 */
export default async function globalSetup(): Promise<void> {
  const cacheDir = path.resolve(__dirname, '..', '..', '.cache');
  mkdirSync(cacheDir, { recursive: true });
  const bundlePath = path.join(cacheDir, 'workflow-bundle.js');
  const { code } = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quietLogger });
  writeFileSync(bundlePath, code);

  const { adminUrl, embedded } = await testDatabaseServer();
  (globalThis as { __embeddedPostgres?: unknown }).__embeddedPostgres = embedded;
  const dbName = `oi_payments_test_${process.pid}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${dbName}`);
  await admin.query(`create database ${dbName}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${dbName}`;
  const orm = await createOrm({ databaseUrl: url.toString() });
  await migrate(orm);
  await orm.close();

  // Started last, so a failure above cannot leave a server behind with no teardown to stop it.
  const server = await startTemporalDevServer(findTemporalCli());

  // Each worker's own database is cloned from this one (test/helpers/worker-database.ts).
  process.env[testEnv.templateName] = dbName;
  process.env[testEnv.adminUrl] = adminUrl;
  process.env[testEnv.temporalAddress] = server.address;
  process.env[testEnv.workflowBundle] = bundlePath;
  process.env[testEnv.sealingKeys] = newSealingKeyEntry('test');
  (globalThis as { __temporalServer?: unknown }).__temporalServer = server.process;
}

const quietLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: (message: string, meta?: unknown) => console.error(message, meta),
};
